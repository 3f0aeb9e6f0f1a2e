import { accessSync, closeSync, constants, openSync, readSync, statSync } from 'node:fs';
import path from 'node:path';
import { UserError } from '../report/errors.js';
import { EXIT_NOT_EXECUTABLE, EXIT_NOT_FOUND } from '../report/exit-codes.js';

// What execvp uses when PATH is unset.
const DEFAULT_PATH = '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';

export interface Executable {
  /** The file to hand to execve. */
  file: string;
  /** argv for it, argv[0] included. */
  argv: string[];
}

/**
 * Finds COMMAND as execvp does, on the PATH of the environment the command will get:
 * 127 when nothing is found, 126 when only non-executable files are. Checked up front
 * because a failed process.execve aborts Node instead of throwing.
 */
export function findExecutable(command: readonly string[], env: Record<string, string | undefined>): Executable {
  const [name, ...args] = command;
  if (name === undefined || name === '') throw new UserError('no command given', { hint: 'usage: ssm-entrypoint [OPTION]... [--] COMMAND [ARG]...' });
  const candidates = name.includes('/')
    ? [name]
    : (env.PATH ?? DEFAULT_PATH).split(':').map((dir) => path.join(dir === '' ? '.' : dir, name));

  let denied: string | undefined;
  for (const candidate of candidates) {
    let stat;
    try {
      stat = statSync(candidate);
    } catch {
      continue;
    }
    if (!stat.isFile() || !isExecutable(candidate)) {
      denied ??= candidate;
      continue;
    }
    return withInterpreter(candidate, name, args);
  }
  if (denied !== undefined) {
    throw new UserError(`cannot run '${name}': ${denied} is not an executable file`, {
      exitCode: EXIT_NOT_EXECUTABLE,
      hint: 'check its permissions (chmod +x) and that it is not a directory',
    });
  }
  throw new UserError(
    name.includes('/') ? `command '${name}' not found` : `command '${name}' not found on PATH (${env.PATH ?? DEFAULT_PATH})`,
    { exitCode: EXIT_NOT_FOUND, hint: "check the image's CMD and that the program is installed in the image" },
  );
}

function isExecutable(file: string): boolean {
  try {
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** ELF and #! files run directly; any other executable text runs with /bin/sh, as execvp does. */
function withInterpreter(file: string, argv0: string, args: string[]): Executable {
  const head = Buffer.alloc(4);
  let length = 0;
  try {
    const fd = openSync(file, 'r');
    try {
      length = readSync(fd, head, 0, 4, 0);
    } finally {
      closeSync(fd);
    }
  } catch {
    // Executable but unreadable (mode 111): only the kernel can tell; let it try.
    return { file, argv: [argv0, ...args] };
  }
  const magic = head.subarray(0, length);
  const isElf = magic.length === 4 && magic.equals(Buffer.from([0x7f, 0x45, 0x4c, 0x46]));
  const isScript = magic[0] === 0x23 && magic[1] === 0x21;
  if (isElf || isScript) return { file, argv: [argv0, ...args] };
  return { file: '/bin/sh', argv: ['/bin/sh', file, ...args] };
}
