const PLAIN = /^[A-Za-z0-9_@%+=:,./-]+$/;

/** POSIX shell single-quoting: survives eval for any string without NUL. */
export function shellQuote(value: string): string {
  if (PLAIN.test(value)) return value;
  return `'${value.replace(/'/g, `'\\''`)}'`;
}

/** A command line a user can copy into a shell. */
export function shellCommand(argv: readonly string[]): string {
  return argv.map(shellQuote).join(' ');
}
