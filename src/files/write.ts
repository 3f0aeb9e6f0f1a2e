import { closeSync, constants, fchmodSync, fchownSync, fsyncSync, openSync, renameSync, unlinkSync, writeSync } from 'node:fs';
import path from 'node:path';
import { MARKER, openSecretsDir, type Owner } from './dir.js';
import { fileError } from './errors.js';

export interface FileToWrite {
  /** The file's name in the directory (a valid variable name: see names.ts). */
  name: string;
  bytes: Uint8Array;
}

export const FILE_MODE = 0o400;

/**
 * Makes `dir` hold exactly `files`, each mode 0400 and owned by `owner` (default: this
 * process), and nothing else but the marker. Atomic per file and for the set: every value
 * goes to a temporary file in the same directory (O_EXCL|O_NOFOLLOW), is fsynced, and only
 * when all are written are they renamed into place, so a reader sees the old file or the new
 * one, never a partial one, and a failure (a full file system) leaves the old set as it was.
 * Files of variables that are gone are removed last. Idempotent: the supervisor's refresh
 * calls it again with the new set before its on-change action.
 * Throws a UserError naming the path; nothing is left half written.
 */
export function writeFiles(dir: string, files: readonly FileToWrite[], owner: Owner | undefined): void {
  const secrets = openSecretsDir(dir, owner);
  const at = (name: string) => `${secrets.base}/${name}`;
  try {
    const temps: string[] = [];
    try {
      for (const file of files) {
        writeTemp(at, path.join(secrets.path, file.name), file.bytes, owner, (temp) => temps.push(temp));
      }
    } catch (error) {
      for (const temp of temps) unlinkQuietly(at(temp));
      throw error;
    }
    files.forEach((file, i) => {
      try {
        renameSync(at(temps[i]!), at(file.name));
      } catch (error) {
        for (const temp of temps.slice(i)) unlinkQuietly(at(temp));
        throw fileError('rename', path.join(secrets.path, file.name), error);
      }
    });
    const wanted = new Set([MARKER, ...files.map((f) => f.name)]);
    for (const name of secrets.entries) {
      if (wanted.has(name)) continue;
      try {
        unlinkSync(at(name));
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw fileError('remove', path.join(secrets.path, name), error);
      }
    }
    // The renames themselves survive a crash only once the directory is synced (on disk).
    try {
      fsyncSync(secrets.fd);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EINVAL') throw fileError('write', secrets.path, error);
    }
  } finally {
    closeSync(secrets.fd);
  }
}

/**
 * One value into a new temporary file (a name no variable can have: it starts with `.`);
 * `created` gets its name as soon as it exists. O_EXCL|O_NOFOLLOW: never an existing file.
 */
function writeTemp(at: (name: string) => string, final: string, bytes: Uint8Array, owner: Owner | undefined, created: (temp: string) => void): void {
  let fd: number | undefined;
  let temp = '';
  for (let attempt = 0; fd === undefined; attempt++) {
    temp = `.tmp-${process.pid}-${Math.random().toString(36).slice(2, 12)}`;
    try {
      fd = openSync(at(temp), constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | constants.O_NOFOLLOW, FILE_MODE);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST' || attempt >= 5) throw fileError('write', final, error);
    }
  }
  created(temp);
  let step: 'write' | 'chown' = 'write';
  try {
    let offset = 0;
    while (offset < bytes.length) offset += writeSync(fd, bytes, offset);
    fchmodSync(fd, FILE_MODE);
    step = 'chown';
    if (owner) fchownSync(fd, owner.uid, owner.gid);
    step = 'write';
    fsyncSync(fd);
  } catch (error) {
    throw fileError(step, final, error, owner);
  } finally {
    closeSync(fd);
  }
}

function unlinkQuietly(file: string): void {
  try {
    unlinkSync(file);
  } catch {
    // already gone
  }
}
