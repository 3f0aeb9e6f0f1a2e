// POSIX shell quoting, the one copy: --print --format shell and the command of --dry-run.
// Inside single quotes every byte is literal except `'` itself, which is closed, escaped
// and reopened (`'\''`); NUL cannot be in a shell word at all (the environment refuses it).

const PLAIN = /^[A-Za-z0-9_@%+=:,./-]+$/;

/** Always single-quoted: `eval` gives back any string without NUL, byte for byte. */
export function singleQuote(value: string): string {
  return `'${value.replace(/'/g, `'\\''`)}'`;
}

/** As a word a user can read: unquoted when nothing in it is special to the shell. */
export function shellQuote(value: string): string {
  return PLAIN.test(value) ? value : singleQuote(value);
}

// As the first word, `NAME=value` would be an assignment and a reserved word would open a
// compound command (POSIX Shell Command Language, 2.4 and 2.9.1): quoted there, they are a
// command's name again.
const RESERVED = new Set(['case', 'do', 'done', 'elif', 'else', 'esac', 'fi', 'for', 'function', 'if', 'in', 'select', 'then', 'time', 'until', 'while']);

/** A command line a user can copy into a shell: runs `argv` as given. */
export function shellCommand(argv: readonly string[]): string {
  return argv.map((word, i) => (i === 0 && (word.includes('=') || RESERVED.has(word)) ? singleQuote(word) : shellQuote(word))).join(' ');
}
