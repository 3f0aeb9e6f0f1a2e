import { UsageError } from '../core/errors.js';

/**
 * A Parameter Store path as the user wrote it → `/a/b` (leading `/` added, trailing
 * `/` dropped). Refuses what the API would refuse or misread: empty, `.`/`..`
 * segments, empty segments.
 */
export function normalizePath(input: string, what: string): string {
  const trimmed = input.trim();
  const body = trimmed.replace(/^\/+/, '').replace(/\/+$/, '');
  if (body === '') throw new UsageError(`${what} ${JSON.stringify(input)} is empty: give a path such as /myapp/prod`);
  const segments = body.split('/');
  for (const segment of segments) {
    if (segment === '') throw new UsageError(`${what} ${JSON.stringify(input)} has an empty segment (//)`);
    if (segment === '.' || segment === '..') {
      throw new UsageError(`${what} ${JSON.stringify(input)} contains '${segment}': Parameter Store paths are absolute, write the full path`);
    }
  }
  return `/${segments.join('/')}`;
}

/** `/a/b/c/d` relative to `/a/b` → `c/d`. */
export function relativeTo(name: string, path: string): string {
  return name.startsWith(`${path}/`) ? name.slice(path.length + 1) : name.replace(/^\//, '');
}
