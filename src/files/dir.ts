import { closeSync, constants, existsSync, fchmodSync, fchownSync, fstatSync, lstatSync, mkdirSync, openSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { UserError } from '../core/errors.js';
import { fileError } from './errors.js';

/** Who the files (and the directory) belong to: the --user target, or this process. */
export interface Owner {
  uid: number;
  gid: number;
  /** For messages: `app (1000:1000)`. */
  label: string;
}

/**
 * Marks a directory this tool created or adopted empty. The directory is emptied on every
 * start, so a directory without it that holds anything (`--secrets-dir /app` by mistake)
 * is refused rather than emptied.
 */
export const MARKER = '.ssm-entrypoint-dir';

/** An open, verified secrets directory. */
export interface SecretsDir {
  /** Absolute path, for messages and the _FILE variables. */
  path: string;
  fd: number;
  /**
   * Where to reach entries: `/proc/self/fd/N`, the directory that was verified, even if the
   * path is swapped for a symbolic link meanwhile (Node has no openat); the path without /proc.
   */
  base: string;
  /** Regular files found in it (the marker excluded). */
  entries: string[];
}

/**
 * Creates the directory `0700` (parents as needed) or opens the existing one, without ever
 * following a symbolic link at its path, then checks it before anything is written: a real
 * directory, owned by this process or `owner`, not shared (world-writable), holding only
 * regular files, and ours (the marker) or empty. Then it belongs to `owner`, mode 0700.
 * The caller closes `fd`.
 */
export function openSecretsDir(dir: string, owner: Owner | undefined): SecretsDir {
  const abs = path.resolve(dir);
  const refuse = (problem: string, hint: string) => new UserError(`secrets directory ${abs} ${problem}`, { hint });
  if (abs === path.parse(abs).root) throw refuse('is the root directory', 'give a directory of its own, e.g. /dev/shm/ssm-entrypoint');

  let created = false;
  try {
    // Parents are the administrator's choice (/dev/shm may itself be a link): followed.
    mkdirSync(path.dirname(abs), { recursive: true, mode: 0o755 });
  } catch (error) {
    throw fileError('create', abs, error);
  }
  try {
    mkdirSync(abs, { mode: 0o700 });
    created = true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw fileError('create', abs, error);
  }

  let fd: number;
  try {
    fd = openSync(abs, constants.O_RDONLY | constants.O_DIRECTORY | constants.O_NOFOLLOW);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ELOOP' || (code === 'ENOTDIR' && lstatSafe(abs)?.isSymbolicLink())) {
      throw refuse(
        'is a symbolic link; refusing to follow it',
        'remove the link (someone may have planted it to redirect the secrets), or point --secrets-dir at a real directory',
      );
    }
    if (code === 'ENOTDIR') throw refuse('exists and is not a directory', 'remove it, or choose another --secrets-dir');
    throw fileError('open', abs, error);
  }
  try {
    const st = fstatSync(fd);
    const self = process.geteuid?.() ?? st.uid;
    if (st.mode & 0o002) {
      throw refuse(
        `is shared (mode ${(st.mode & 0o7777).toString(8).padStart(4, '0')}, writable by anyone)`,
        'give a directory of its own, e.g. /dev/shm/ssm-entrypoint',
      );
    }
    const base = existsSync(`/proc/self/fd/${fd}`) ? `/proc/self/fd/${fd}` : abs;
    const names = readdirSync(base);
    const marker = names.includes(MARKER) ? lstatSafe(`${base}/${MARKER}`) : undefined;
    // A marker owned by this process proves an earlier run made the directory, whoever owns it
    // now (the --user target of that run): nobody else can create a file owned by root.
    // Root's marker counts too: the supervisor rewrites the files after dropping to --user.
    const ours = marker !== undefined && marker.isFile() && (marker.uid === self || marker.uid === 0) && marker.nlink === 1;
    // A planted link is named as such, whoever's the directory is.
    const entries: string[] = [];
    for (const name of names) {
      const entry = path.join(abs, name);
      const kind = lstatSafe(`${base}/${name}`);
      if (kind?.isSymbolicLink()) {
        throw new UserError(`${entry} in the secrets directory is a symbolic link; refusing to write secrets next to it`, {
          hint: 'this tool only writes regular files there, so someone else planted it: find out who, remove it, and restart',
        });
      }
      if (kind && !kind.isFile()) {
        throw new UserError(`${entry} in the secrets directory is not a regular file`, {
          hint: 'this tool only writes regular files there: remove it, and restart',
        });
      }
      if (kind && name !== MARKER) entries.push(name);
    }
    if (st.uid !== self && st.uid !== owner?.uid && !ours) {
      throw refuse(
        `belongs to uid ${st.uid}, not to this process (uid ${self})${owner ? ` or ${owner.label}` : ''}`,
        'someone else created it: remove it, or choose another --secrets-dir',
      );
    }
    if (!created && names.length > 0 && !ours) {
      throw refuse(
        `is not empty and was not created by ssm-entrypoint (no ${MARKER} of this user in it)`,
        'it is emptied on every start: give a new or empty directory',
      );
    }
    if (!ours) closeSync(openSync(`${base}/${MARKER}`, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | constants.O_NOFOLLOW, 0o400));
    try {
      // Without --user the directory is this process's again (an earlier run may have given it away).
      const uid = owner?.uid ?? self;
      const gid = owner?.gid ?? process.getegid?.() ?? st.gid;
      if (st.uid !== uid || st.gid !== gid) fchownSync(fd, uid, gid);
      fchmodSync(fd, 0o700);
    } catch (error) {
      throw fileError('chown', abs, error, owner);
    }
    return { path: abs, fd, base, entries };
  } catch (error) {
    closeSync(fd);
    throw error instanceof UserError ? error : fileError('prepare', abs, error);
  }
}

function lstatSafe(file: string) {
  try {
    return lstatSync(file);
  } catch {
    return undefined;
  }
}
