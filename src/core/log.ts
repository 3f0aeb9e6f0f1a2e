import { writeSync } from 'node:fs';

export type LogLevel = 'error' | 'warn' | 'info' | 'debug';
export type LogFormat = 'text' | 'json';
export type Fields = Record<string, string | number | boolean | string[] | undefined>;

/** Fields not printed as key=value in text: `hint` joins the line, `details` follow it. */
const SPECIAL = new Set(['hint', 'details']);

export interface Logger {
  error(msg: string, fields?: Fields): void;
  warn(msg: string, fields?: Fields): void;
  info(msg: string, fields?: Fields): void;
  debug(msg: string, fields?: Fields): void;
  readonly verbose: boolean;
}

const RANK: Record<LogLevel, number> = { error: 0, warn: 1, info: 2, debug: 3 };

/**
 * Writes straight to fd 2 with writeSync: nothing is buffered when execve replaces the
 * process, and process.stderr is never touched, so the command does not inherit a
 * non-blocking stderr (Node sets O_NONBLOCK on a pipe it writes to, and the command's
 * writes would then fail with EAGAIN behind a slow reader).
 */
export function writeFd(fd: 1 | 2, text: string): void {
  const buffer = Buffer.from(text);
  let offset = 0;
  while (offset < buffer.length) {
    try {
      offset += writeSync(fd, buffer, offset);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EAGAIN') throw error;
    }
  }
}

export function createLogger(options: { level: LogLevel; format: LogFormat; write?: (text: string) => void }): Logger {
  const write = options.write ?? ((text: string) => writeFd(2, text));
  const max = RANK[options.level];
  const emit = (level: LogLevel, msg: string, fields: Fields = {}) => {
    if (RANK[level] > max) return;
    if (options.format === 'json') {
      write(JSON.stringify({ time: new Date().toISOString(), level, msg, ...fields }) + '\n');
      return;
    }
    const label = level === 'error' ? 'error: ' : level === 'warn' ? 'warning: ' : '';
    const extra = Object.entries(fields)
      .filter(([key, value]) => value !== undefined && !SPECIAL.has(key))
      .map(([key, value]) => ` ${key}=${Array.isArray(value) ? value.join(',') : String(value)}`)
      .join('');
    const hint = typeof fields.hint === 'string' ? `; ${fields.hint}` : '';
    write(`ssm-entrypoint: ${label}${msg}${hint}${extra}\n`);
    if (Array.isArray(fields.details)) for (const line of fields.details) write(`ssm-entrypoint:     ${line}\n`);
  };
  return {
    error: (msg, fields) => emit('error', msg, fields),
    warn: (msg, fields) => emit('warn', msg, fields),
    info: (msg, fields) => emit('info', msg, fields),
    debug: (msg, fields) => emit('debug', msg, fields),
    verbose: max >= RANK.debug,
  };
}
