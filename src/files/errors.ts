import { UserError } from '../core/errors.js';

type Operation = 'create' | 'open' | 'prepare' | 'write' | 'chown' | 'rename' | 'remove';

const VERB: Record<Operation, string> = {
  create: 'cannot create the secrets directory',
  open: 'cannot open the secrets directory',
  prepare: 'cannot prepare the secrets directory',
  write: 'cannot write',
  chown: 'cannot give',
  rename: 'cannot put in place',
  remove: 'cannot remove',
};

/** A file system failure → one line naming the path, the errno and what to do. */
export function fileError(operation: Operation, file: string, error: unknown, owner?: { label: string }): UserError {
  const code = (error as NodeJS.ErrnoException | undefined)?.code ?? 'error';
  const what = operation === 'chown' ? `${VERB.chown} ${file} to ${owner?.label ?? 'the --user target'}` : `${VERB[operation]} ${file}`;
  return new UserError(`${what} (${code}): the command was not started, no file was left half written`, { hint: hintFor(code, operation) });
}

function hintFor(code: string, operation: Operation): string {
  switch (code) {
    case 'ENOSPC':
    case 'EDQUOT':
      return 'the file system is full: free space there, or give the container a larger /dev/shm (docker run --shm-size), or choose another --secrets-dir';
    case 'EROFS':
      return 'the file system is read-only: choose a writable --secrets-dir (a tmpfs such as /dev/shm)';
    case 'EPERM':
    case 'EACCES':
      return operation === 'chown'
        ? 'files for --user need the tool to start as root with the CHOWN capability (not dropped in the task definition)'
        : 'this user may not write there: run the tool as root (with --user to drop privileges), or choose a --secrets-dir it may write';
    case 'ENOENT':
    case 'ENOTDIR':
    case 'EEXIST':
      return 'a part of the path is missing or not a directory: check --secrets-dir';
    default:
      return 'check --secrets-dir and the file system it is on';
  }
}
