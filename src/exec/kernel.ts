import { accessSync, closeSync, constants, openSync, readFileSync, readSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { UserError } from '../core/errors.js';
import { EXIT_NOT_EXECUTABLE, EXIT_NOT_FOUND } from '../core/exit-codes.js';

// What execve checks before the point of no return, checked here first: a failed
// process.execve aborts Node (SIGABRT, a core file holding every fetched value) instead of
// throwing. Exit codes as coreutils `env`: 127 when a file is missing (ENOENT), 126 otherwise.

/** Linux (>= 5.1) reads this much of a file to choose its format; a #! line longer than it is cut. */
const BINPRM_BUF_SIZE = 256;
/** A script, whose interpreter is a script, ...: Linux follows 5 scripts, then ELOOP. */
const MAX_SCRIPTS = 5;
/** What execvp (and so `env`) runs a file the kernel refuses with ENOEXEC with. */
export const SHELL = '/bin/sh';

const EM_386 = 3;
const EM_ARM = 40;
const EM_X86_64 = 62;
const EM_AARCH64 = 183;
const MACHINES: Record<number, string> = {
  2: 'SPARC',
  [EM_386]: 'x86 (32-bit)',
  8: 'MIPS',
  20: 'PowerPC',
  21: 'PowerPC 64',
  22: 's390x',
  [EM_ARM]: 'ARM (32-bit)',
  [EM_X86_64]: 'x86-64 (amd64)',
  [EM_AARCH64]: 'ARM64 (aarch64)',
  243: 'RISC-V',
  258: 'LoongArch',
};
const PLATFORMS: Record<string, string> = { x64: 'linux/amd64', arm64: 'linux/arm64' };

export interface Program {
  /** The file to hand to execve. */
  file: string;
  /** argv for it, argv[0] included. */
  argv: string[];
  /** The strings the kernel adds for #! lines (interpreter names, their argument): they count against the exec size limit. */
  added: string[];
}

/** Where /proc and /proc/sys/fs/binfmt_misc are: a parameter for tests. */
export interface KernelFiles {
  binfmtMisc: string;
  vsyscall32: string;
}
const KERNEL: KernelFiles = { binfmtMisc: '/proc/sys/fs/binfmt_misc', vsyscall32: '/proc/sys/abi/vsyscall32' };

/**
 * `file` (found, a regular file, executable) → what execve will run, or a UserError with
 * the exit status and message a shell would give. `name` is the command as written.
 */
export function inspectProgram(file: string, name: string, args: readonly string[], kernel: KernelFiles = KERNEL): Program {
  const program: Program = { file, argv: [name, ...args], added: [] };
  const verdict = inspect(file, 0, program, { name, kernel });
  if (verdict === 'noexec') {
    // Text without #!: execvp and `env` run it with /bin/sh (which reads a #!-less script the same way).
    const shell = { file: SHELL, argv: [SHELL, file, ...args], added: [] };
    if (!exists(SHELL)) {
      throw new UserError(`cannot run '${name}': ${file} has no #! line, and there is no ${SHELL} to run it with`, {
        exitCode: EXIT_NOT_EXECUTABLE,
        hint: 'start the script with a #! line naming an interpreter the image has (e.g. #!/bin/bash), or install a shell as /bin/sh',
      });
    }
    checkInterpreter(SHELL, 1, shell, { name, kernel }, `${file} has no #! line; ${SHELL}, which runs such files,`);
    return shell;
  }
  return program;
}

interface Context {
  name: string;
  kernel: KernelFiles;
}

/** 'ok' when the kernel will accept `file`; 'noexec' for a file it refuses with ENOEXEC that a shell would still run as a script. */
function inspect(file: string, depth: number, program: Program, context: Context): 'ok' | 'noexec' {
  const reader = openReader(file);
  // Executable but unreadable to us (mode 711): only the kernel can tell; let it try.
  if (!reader) return 'ok';
  let binary: boolean;
  try {
    const head = reader.read(0, BINPRM_BUF_SIZE);
    // binfmt_misc handlers (qemu-user for foreign binaries, ...) come before the built-in formats.
    if (binfmtMiscHandles(head, file, context)) return 'ok';
    if (head[0] === 0x23 && head[1] === 0x21) return inspectScript(head, file, depth, program, context);
    if (isElf(head)) {
      inspectElf(reader, file, context, depth === 0 ? `${file} is` : `its interpreter ${file} is`);
      return 'ok';
    }
    binary = looksBinary(head);
  } finally {
    reader.close();
  }
  if (depth > 0) {
    throw new UserError(`cannot run '${context.name}': its interpreter ${file} is neither a program for this system nor a #! script`, {
      exitCode: EXIT_NOT_EXECUTABLE,
      hint: 'fix the #! line to name a program the image has',
    });
  }
  if (binary) {
    throw new UserError(`cannot run '${context.name}': ${file} is neither a program for this system nor a script`, {
      exitCode: EXIT_NOT_EXECUTABLE,
      hint: `check that it is a Linux program for ${PLATFORMS[process.arch] ?? process.arch} (not one for macOS or Windows) and was copied whole`,
    });
  }
  return 'noexec';
}

function inspectScript(head: Buffer, file: string, depth: number, program: Program, context: Context): 'ok' | 'noexec' {
  if (depth >= MAX_SCRIPTS) {
    throw new UserError(
      `cannot run '${context.name}': more than ${MAX_SCRIPTS} scripts in a row through #! lines (up to ${file}); Linux follows at most ${MAX_SCRIPTS}`,
      {
        exitCode: EXIT_NOT_EXECUTABLE,
        hint: 'name a binary interpreter in one of the #! lines',
      },
    );
  }
  const line = parseShebang(head);
  // No name, or one cut off at 256 bytes: ENOEXEC, as for text without #! (execvp then uses /bin/sh).
  if (line === undefined) return 'noexec';
  program.added.push(line.interpreter, ...(line.argument === undefined ? [] : [line.argument]));
  checkInterpreter(line.interpreter, depth + 1, program, context, `the #! line of ${file} names ${JSON.stringify(line.interpreter)}, which`);
  return 'ok';
}

/** The kernel opens a #! interpreter as it opens the program: it must exist, be a regular file, be executable, and be runnable itself. */
function checkInterpreter(interpreter: string, depth: number, program: Program, context: Context, named: string): void {
  if (!exists(interpreter)) {
    const crlf = interpreter.endsWith('\r');
    throw new UserError(
      crlf
        ? `cannot run '${context.name}': ${named} does not exist: the script has Windows (CRLF) line endings`
        : `cannot run '${context.name}': ${named} does not exist`,
      {
        exitCode: EXIT_NOT_FOUND,
        hint: crlf
          ? 'convert it to LF line endings (dos2unix, or a .gitattributes line such as "*.sh text eol=lf")'
          : 'install that interpreter in the image, or change the #! line to one the image has (e.g. #!/bin/sh)',
      },
    );
  }
  if (!isExecutableFile(interpreter)) {
    throw new UserError(`cannot run '${context.name}': ${named} is not an executable file`, {
      exitCode: EXIT_NOT_EXECUTABLE,
      hint: "check the #! line and the interpreter's permissions",
    });
  }
  // At depth > 0, a file the kernel refuses is an error of its own (no shell fallback there).
  inspect(interpreter, depth, program, context);
}

/**
 * The interpreter and its optional argument, read as Linux's binfmt_script does: the first
 * line within the first 256 bytes; after #!, blanks (space, tab) skipped; the name ends at a
 * blank or NUL; the rest (trailing blanks trimmed) is one argument. A `\r` is part of the
 * name. undefined where Linux answers ENOEXEC (no name; a name cut off at 256 bytes).
 */
export function parseShebang(head: Buffer): { interpreter: string; argument: string | undefined } | undefined {
  const buf = Buffer.alloc(BINPRM_BUF_SIZE);
  head.copy(buf, 0, 0, BINPRM_BUF_SIZE);
  const last = BINPRM_BUF_SIZE - 1;
  const blank = (i: number) => buf[i] === 0x20 || buf[i] === 0x09;
  const nextNonBlank = (from: number, to: number) => {
    for (let i = from; i <= to; i++) if (!blank(i)) return i;
    return -1;
  };
  const nextTerminator = (from: number, to: number) => {
    for (let i = from; i <= to; i++) if (blank(i) || buf[i] === 0) return i;
    return -1;
  };
  let end = buf.indexOf(0x0a);
  if (end === -1) {
    const first = nextNonBlank(2, last);
    if (first === -1 || nextTerminator(first, last) === -1) return undefined;
    end = last;
  }
  while (end > 2 && blank(end - 1)) end--;
  buf[end] = 0;
  const name = nextNonBlank(2, end);
  if (name === -1 || name === end || buf[name] === 0) return undefined;
  const separator = nextTerminator(name, end);
  const interpreter = buf.subarray(name, separator).toString();
  let argument: string | undefined;
  if (buf[separator] !== 0) {
    const start = nextNonBlank(separator, end);
    const stop = buf.indexOf(0, start);
    if (start !== -1 && stop > start) argument = buf.subarray(start, stop).toString();
  }
  return { interpreter, argument };
}

function isElf(head: Buffer): boolean {
  return head.length >= 4 && head[0] === 0x7f && head[1] === 0x45 && head[2] === 0x4c && head[3] === 0x46;
}

/** Class and machine against this process's CPU; the type; and the dynamic loader (PT_INTERP), which a musl binary on a glibc image lacks. */
function inspectElf(reader: Reader, file: string, context: Context, subject: string): void {
  const refuse = (what: string, hint: string) => new UserError(`cannot run '${context.name}': ${subject} ${what}`, { exitCode: EXIT_NOT_EXECUTABLE, hint });
  const head = reader.read(0, 64);
  const bits = head[4] === 2 ? 64 : head[4] === 1 ? 32 : 0;
  const little = head[5] === 1;
  if (bits === 0 || (head[5] !== 1 && head[5] !== 2) || head.length < (bits === 64 ? 64 : 52)) {
    throw refuse('not a valid ELF file', 'check that it was copied whole');
  }
  const u16 = (b: Buffer, at: number) => (little ? b.readUInt16LE(at) : b.readUInt16BE(at));
  const u32 = (b: Buffer, at: number) => (little ? b.readUInt32LE(at) : b.readUInt32BE(at));
  const word = (b: Buffer, at: number) => (bits === 64 ? Number(little ? b.readBigUInt64LE(at) : b.readBigUInt64BE(at)) : u32(b, at));
  const type = u16(head, 16);
  const machine = u16(head, 18);
  if (!runsHere(bits, little, machine, context.kernel)) {
    const what = MACHINES[machine] ?? `machine ${machine}`;
    throw refuse(
      `a program for ${what}${little ? '' : ', big-endian'}, and this system is ${MACHINES[ownMachine()] ?? process.arch}`,
      `use the build for ${PLATFORMS[process.arch] ?? process.arch} (docker build --platform, or the right release download)`,
    );
  }
  // ET_EXEC, ET_DYN: relocatable objects and core files are not programs.
  if (type !== 2 && type !== 3) throw refuse('an ELF file but not a program (an object file or a core dump)', 'run the linked program instead');

  const phoff = word(head, bits === 64 ? 32 : 28);
  const phentsize = u16(head, bits === 64 ? 54 : 42);
  const phnum = u16(head, bits === 64 ? 56 : 44);
  if (phentsize !== (bits === 64 ? 56 : 32) || phnum < 1 || phnum * phentsize > 65536)
    throw refuse('not a valid ELF program (its program headers)', 'check that it was copied whole');
  const table = reader.read(phoff, phnum * phentsize);
  if (table.length < phnum * phentsize) throw refuse('not a valid ELF program (cut short)', 'check that it was copied whole');
  for (let i = 0; i < phnum; i++) {
    const at = i * phentsize;
    if (u32(table, at) !== 3) continue; // PT_INTERP
    const offset = word(table, at + (bits === 64 ? 8 : 4));
    const size = word(table, at + (bits === 64 ? 32 : 16));
    const raw = reader.read(offset, Math.min(size, 4096));
    const loader = raw.subarray(0, raw.indexOf(0) === -1 ? raw.length : raw.indexOf(0)).toString();
    if (loader === '') throw refuse('not a valid ELF program (its loader)', 'check that it was copied whole');
    if (!exists(loader)) {
      throw new UserError(`cannot run '${context.name}': ${subject} linked for the loader ${loader}, which is not in the image`, {
        exitCode: EXIT_NOT_FOUND,
        hint: /musl/.test(loader)
          ? 'it was built for musl (Alpine): use a build for glibc, or an Alpine-based image'
          : 'it was built for another C library or distribution (glibc vs musl/Alpine): use a build for this image, or a static one',
      });
    }
    if (!isExecutableFile(loader)) throw refuse(`linked for the loader ${loader}, which is not an executable file`, 'check the image');
    return;
  }
}

function ownMachine(): number {
  return process.arch === 'arm64' ? EM_AARCH64 : process.arch === 'x64' ? EM_X86_64 : -1;
}

/** Linux runs its own CPU's programs, and 32-bit ones where it has the compat layer (x86-64: IA32 emulation, seen as /proc/sys/abi/vsyscall32). */
function runsHere(bits: number, little: boolean, machine: number, kernel: KernelFiles): boolean {
  if (!little) return false;
  if (process.arch === 'x64')
    return (bits === 64 && machine === EM_X86_64) || (bits === 32 && (machine === EM_386 || machine === EM_X86_64) && exists(kernel.vsyscall32));
  // arm64: whether the CPU runs 32-bit ARM (Graviton2 does, later ones do not) cannot be seen from here; the kernel decides.
  if (process.arch === 'arm64') return (bits === 64 && machine === EM_AARCH64) || (bits === 32 && machine === EM_ARM);
  return true;
}

/** A registered binfmt_misc handler that matches the file by magic bytes or extension, as the kernel matches them. */
function binfmtMiscHandles(head: Buffer, file: string, context: Context): boolean {
  const dir = context.kernel.binfmtMisc;
  let entries: string[];
  try {
    if (readFileSync(path.join(dir, 'status'), 'utf8').trim() !== 'enabled') return false;
    entries = readdirSync(dir).filter((e) => e !== 'status' && e !== 'register');
  } catch {
    return false;
  }
  for (const entry of entries) {
    let lines: string[];
    try {
      lines = readFileSync(path.join(dir, entry), 'utf8').split('\n');
    } catch {
      continue;
    }
    if (lines[0] !== 'enabled') continue;
    const field = (key: string) => lines.find((l) => l.startsWith(`${key} `))?.slice(key.length + 1);
    const extension = field('extension');
    const magic = field('magic');
    let matches = false;
    if (extension !== undefined) {
      matches = path.basename(file).endsWith(extension) && path.basename(file).lastIndexOf('.') === path.basename(file).length - extension.length;
    } else if (magic !== undefined) {
      const bytes = Buffer.from(magic, 'hex');
      const mask = Buffer.from(field('mask') ?? 'ff'.repeat(bytes.length), 'hex');
      const offset = Number(field('offset') ?? 0);
      matches = bytes.every((b, i) => (((head[offset + i] ?? 0) ^ b) & (mask[i] ?? 0xff)) === 0);
    }
    if (!matches) continue;
    const interpreter = field('interpreter');
    // Without flag F the kernel opens the interpreter at exec time, in this container.
    if (interpreter !== undefined && !(field('flags:') ?? '').includes('F') && !exists(interpreter)) {
      throw new UserError(`cannot run '${context.name}': ${file} is run by ${interpreter} (binfmt_misc ${entry}), which is not in the image`, {
        exitCode: EXIT_NOT_FOUND,
        hint: 'register the handler with the F flag (qemu-user-static --persistent), or install it in the image',
      });
    }
    return true;
  }
  return false;
}

/** bash's test: a NUL byte in the first line (of the first 80 bytes) means a binary, not a script. */
function looksBinary(head: Buffer): boolean {
  for (const byte of head.subarray(0, 80)) {
    if (byte === 0x0a) return false;
    if (byte === 0) return true;
  }
  return false;
}

interface Reader {
  read(position: number, length: number): Buffer;
  close(): void;
}

function openReader(file: string): Reader | undefined {
  let fd: number;
  try {
    fd = openSync(file, 'r');
  } catch {
    return undefined;
  }
  return {
    read(position, length) {
      const buffer = Buffer.alloc(length);
      let got = 0;
      while (got < length) {
        const n = readSync(fd, buffer, got, length - got, position + got);
        if (n === 0) break;
        got += n;
      }
      return buffer.subarray(0, got);
    },
    close: () => closeSync(fd),
  };
}

function exists(file: string): boolean {
  try {
    statSync(file);
    return true;
  } catch (error) {
    // Only a missing file (or a missing directory on the way) is ENOENT; EACCES and the rest exist for the kernel.
    const code = (error as NodeJS.ErrnoException).code;
    return code !== 'ENOENT' && code !== 'ENOTDIR';
  }
}

/** A regular file this process (after --user: the target user) may execute, as the kernel's open for exec requires. */
export function isExecutableFile(file: string): boolean {
  try {
    if (!statSync(file).isFile()) return false;
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}
