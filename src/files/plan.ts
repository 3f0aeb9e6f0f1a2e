import path from 'node:path';
import type { Built, Env, Variable } from '../env/build.js';
import { compareNames } from '../env/names.js';
import { FailureList, UserError } from '../core/errors.js';
import type { Fetched } from '../resolve/resolve.js';
import { compileNamePatterns } from '../cli/name-patterns.js';
import { FILE_SUFFIX, baseOfFileVariable, fileNameFor } from './names.js';

// Which variables go to files, and what the environment says instead: `NAME_FILE=<reference>`
// (the value goes to file NAME) and `--file-vars` globs (NAME leaves the environment,
// NAME_FILE points at its file). See README "Secrets as files".

/** One fixed directory: a restarted container finds (and empties) the old one. */
export const DEFAULT_SECRETS_DIR = '/dev/shm/ssm-entrypoint';

export interface FileOptions {
  /** --secrets-dir; undefined: DEFAULT_SECRETS_DIR. */
  dir: string | undefined;
  /** --file-vars patterns. */
  patterns: readonly string[];
}

export interface PlannedFile {
  /** The file's name in the directory (the variable's name without _FILE). */
  name: string;
  /** Absolute path, the value of `variable`. */
  path: string;
  /** The variable that holds the path (`NAME_FILE`). */
  variable: string;
  bytes: Uint8Array;
}

export interface Placed extends Built {
  /** Absolute. */
  dir: string;
  files: PlannedFile[];
}

export interface FileSelector {
  dir: string;
  /** The --file-vars pattern that sends this final variable name to a file, if any. */
  matches(name: string): string | undefined;
  /** Whether a variable goes to a file at all (references: before the environment is built). */
  goesToFile(name: string, fromReference: boolean): boolean;
}

export function fileSelector(options: FileOptions): FileSelector {
  const matches = compileNamePatterns(options.patterns, '--file-vars');
  return {
    dir: path.resolve(options.dir ?? DEFAULT_SECRETS_DIR),
    matches,
    goesToFile: (name, fromReference) => (fromReference && baseOfFileVariable(name) !== undefined) || matches(name) !== undefined,
  };
}

/**
 * A binary secret cannot pass through the environment builder (it takes strings); for a
 * reference whose variable goes to a file, its bytes are taken out here and put back by
 * placeFiles. Everywhere else a binary secret stays the error it is.
 */
export function takeBinaries(fetched: Fetched, files: FileSelector): { fetched: Fetched; binaries: Map<string, Uint8Array> } {
  const binaries = new Map<string, Uint8Array>();
  const references = fetched.references.map((r) => {
    if (!('secret' in r) || r.target.jsonKey !== undefined || r.secret.value !== undefined || r.secret.binary === undefined) return r;
    if (!files.goesToFile(r.source.variable, true)) return r;
    binaries.set(r.source.variable, r.secret.binary);
    return { ...r, secret: { ...r.secret, value: '' } };
  });
  return { fetched: { ...fetched, references }, binaries };
}

/**
 * The built environment → the one the command gets, and the files to write: each file
 * variable's value is replaced by its file's path. A NAME_FILE that --file-vars would set
 * but that is already set (by the environment or a source) is an error naming both.
 */
export function placeFiles(built: Built, files: FileSelector, binaries: ReadonlyMap<string, Uint8Array>): Placed {
  const env: Env = { ...built.env };
  const planned: PlannedFile[] = [];
  const variables: Variable[] = [];
  const failures: UserError[] = [];
  for (const v of built.variables) {
    // A value --no-overwrite kept is not one this tool set: it stays as it was.
    const base = v.origin.kind === 'reference' ? baseOfFileVariable(v.name) : undefined;
    const pattern = base === undefined && !v.kept ? files.matches(v.name) : undefined;
    if (base === undefined && pattern === undefined) {
      variables.push(v);
      continue;
    }
    try {
      const name = fileNameFor(base ?? v.name, v.name);
      const variable = base === undefined ? `${v.name}${FILE_SUFFIX}` : v.name;
      if (base === undefined && Object.hasOwn(built.env, variable)) {
        const setBy = built.variables.find((other) => other.name === variable);
        throw new UserError(
          `${v.name} goes to a file (--file-vars ${pattern}), but ${variable}, which would hold its path, is already set ${setBy ? `by ${setBy.origin.kind} ${setBy.origin.source}` : 'in the environment'}`,
          { hint: `rename one of them, or narrow --file-vars so that it does not match ${v.name}` },
        );
      }
      const file = path.join(files.dir, name);
      planned.push({ name, path: file, variable, bytes: binaries.get(v.name) ?? Buffer.from(v.value, 'utf8') });
      if (variable !== v.name) delete env[v.name];
      env[variable] = file;
      variables.push({ ...v, name: variable, value: file });
    } catch (error) {
      if (!(error instanceof UserError)) throw error;
      failures.push(error);
    }
  }
  if (failures.length > 0) throw new FailureList(failures);
  variables.sort((a, b) => compareNames(a.name, b.name));
  return { env, variables, dir: files.dir, files: planned };
}
