import { statSync } from 'node:fs';
import path from 'node:path';
import type { Variable } from '../env/build.js';
import { UserError } from '../core/errors.js';
import { EXIT_NOT_EXECUTABLE, EXIT_NOT_FOUND } from '../core/exit-codes.js';
import { inspectProgram, isExecutableFile, type Program } from './kernel.js';
import { checkExecSize } from './limits.js';

// What execvp uses when PATH is unset.
const DEFAULT_PATH = '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';

export type Executable = Program;

export interface LookupOptions {
  /** Where a PATH this tool set came from (`parameter /app/PATH`): named instead of its value, which may be a fetched secret. */
  pathSource?: string | undefined;
}

/**
 * Finds COMMAND as execvp does, on the PATH of the environment the command will get, and
 * checks what execve will check (see kernel.ts, limits.ts): 127 when nothing is found, 126
 * when it cannot run, 125 when it is too large. Checked up front because a failed
 * process.execve aborts Node instead of throwing.
 */
export function findExecutable(command: readonly string[], env: Record<string, string | undefined>, options: LookupOptions = {}): Executable {
  const [name, ...args] = command;
  if (name === undefined || name === '') throw new UserError('no command given', { hint: 'usage: ssm-entrypoint [OPTION]... [--] COMMAND [ARG]...' });
  const candidates = name.includes('/') ? [name] : (env.PATH ?? DEFAULT_PATH).split(':').map((dir) => inDirectory(dir, name));

  let denied: string | undefined;
  for (const candidate of candidates) {
    try {
      statSync(candidate);
    } catch (error) {
      // As execvp: a directory on PATH we may not search counts as "not executable", not "not found".
      if ((error as NodeJS.ErrnoException).code === 'EACCES') denied ??= candidate;
      continue;
    }
    if (!isExecutableFile(candidate)) {
      denied ??= candidate;
      continue;
    }
    return inspectProgram(candidate, name, args);
  }
  if (denied !== undefined) {
    throw new UserError(`cannot run '${name}': ${denied} is not an executable file`, {
      exitCode: EXIT_NOT_EXECUTABLE,
      hint: 'check its permissions (chmod +x) and that it is not a directory',
    });
  }
  const where = name.includes('/')
    ? ''
    : options.pathSource !== undefined
      ? ` on PATH (set by ${options.pathSource}; its value is not shown)`
      : ` on PATH (${env.PATH ?? DEFAULT_PATH})`;
  throw new UserError(`command '${name}' not found${where}`, {
    exitCode: EXIT_NOT_FOUND,
    hint: "check the image's CMD and that the program is installed in the image",
  });
}

/** findExecutable, then the size check: what a run does right before exec, and what --dry-run checks. */
export function prepareCommand(command: readonly string[], env: Record<string, string>, options: LookupOptions = {}): Executable {
  const program = findExecutable(command, env, options);
  checkExecSize(program, env);
  return program;
}

/** An empty PATH entry is the current directory; the result keeps a `/`, so it is never searched for again. */
function inDirectory(dir: string, name: string): string {
  const joined = path.join(dir === '' ? '.' : dir, name);
  return joined.includes('/') ? joined : `./${joined}`;
}

/** Where the PATH the command gets came from, when this tool set it: for "not found on PATH" without printing it. */
export function pathSource(variables: readonly Variable[]): string | undefined {
  const v = variables.find((variable) => variable.name === 'PATH' && !variable.kept);
  if (!v) return undefined;
  const { kind, source, item } = v.origin;
  if (kind === 'prefix') return `parameter ${item} under prefix ${source}`;
  if (kind === 'reference') return `the reference ${source}`;
  const colon = item.indexOf(':');
  return colon === -1 ? `secret ${source}` : `key ${JSON.stringify(item.slice(colon + 1))} of secret ${item.slice(0, colon)}`;
}
