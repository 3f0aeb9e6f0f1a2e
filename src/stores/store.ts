import type { Logger } from '../report/log.js';

export type ParameterType = 'String' | 'StringList' | 'SecureString';

export interface Parameter {
  /** Full name, `/a/b/c`. */
  name: string;
  value: string;
  type: ParameterType;
  version: number | undefined;
}

export interface FetchContext {
  signal: AbortSignal;
  log: Logger;
}

/**
 * What the rest of the tool needs from Parameter Store / Secrets Manager. The AWS SDK
 * lives only behind this interface (stores/aws-*.ts); the offline JSON file is another
 * implementation (stores/file.ts). Failures are thrown as UserError/StoreError.
 */
export interface Store {
  /** Every parameter below `path` (`/a/b`), recursively, decrypted, all pages. */
  getParametersByPath(path: string, ctx: FetchContext): Promise<Parameter[]>;
}

/** A store call that failed; `report/` turns it into a message with the fix. */
export class StoreError extends Error {
  readonly operation: string;
  readonly target: string;
  readonly region: string | undefined;

  constructor(details: { operation: string; target: string; region?: string | undefined; cause: unknown }) {
    super(`${details.operation} ${details.target} failed`, { cause: details.cause });
    this.name = 'StoreError';
    this.operation = details.operation;
    this.target = details.target;
    this.region = details.region;
  }
}
