// postject ships no types: the one function build/build.mjs calls.
declare module 'postject' {
  export function inject(file: string, resourceName: string, resource: Buffer, options?: { sentinelFuse?: string; overwrite?: boolean }): Promise<void>;
}
