import { compileNamePatterns } from './name-patterns.js';
import { isValidEnvName } from './variable-names.js';
import { UsageError } from '../core/errors.js';
import { DEFAULT_TIMEOUT_MS, type Config, type Mode, type ResolveOptions } from './config.js';
import { OPTIONS, envNameOf, type ChoiceOf, type FlagName, type ListName, type OptionName, type OptionSpec, type ValueName } from './options.js';
import { modeOf } from './modes.js';
import { parseSuperviseOptions } from './supervise-options.js';

type Env = Record<string, string | undefined>;
type Raw = Map<OptionName, { values: string[]; origin: string }>;

const TRUE = new Set(['1', 'true', 'yes']);
const FALSE = new Set(['0', 'false', 'no']);

// A uid or gid is 32 bits, and (uid_t)-1 means "unchanged" to setuid/setgid.
const MAX_ID = 2 ** 32 - 2;

/**
 * argv (without node and script) + environment → Config, one mode. Options end at the
 * first non-option word or at `--`; flags win over SSM_ENTRYPOINT_* which win over the
 * legacy variables (PARAMETER_STORE_PREFIX, ...).
 */
export function parseArgs(argv: readonly string[], env: Env): Config {
  const fromFlags = parseFlags(argv);
  const raw: Raw = new Map(fromFlags.raw);
  for (const option of OPTIONS) {
    if (raw.has(option.name) || option.fromEnv === false) continue;
    const fromEnv = readEnv(option, env);
    if (fromEnv) raw.set(option.name, fromEnv);
  }
  const mode = modeOf((name) => raw.get(name)?.origin);
  return toConfig(mode, raw, fromFlags.command, env);
}

function parseFlags(argv: readonly string[]): { raw: Raw; command: string[] } {
  const raw: Raw = new Map();
  let i = 0;
  for (; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--') {
      i++;
      break;
    }
    if (arg === '-h') {
      raw.set('help', { values: ['1'], origin: '-h' });
      continue;
    }
    if (!arg.startsWith('-') || arg === '-') break;
    if (!arg.startsWith('--')) throw new UsageError(`unknown option '${arg}'`);
    const eq = arg.indexOf('=');
    const name = arg.slice(2, eq === -1 ? undefined : eq);
    const option = OPTIONS.find((o) => o.name === name);
    if (!option) throw new UsageError(`unknown option '--${name}'`);
    const origin = `--${name}`;
    let value: string;
    if (option.kind === 'flag') {
      if (eq !== -1) throw new UsageError(`option '${origin}' takes no value`);
      value = '1';
    } else if (eq !== -1) {
      value = arg.slice(eq + 1);
    } else {
      const next = argv[i + 1];
      if (next === undefined) throw new UsageError(`option '${origin}' needs a value (${option.arg ?? 'VALUE'})`);
      value = next;
      i++;
    }
    // An empty value is a mistake (an unset shell variable, a template rendered to ""), not "unset".
    if (value === '') throw new UsageError(`option '${origin}' needs a non-empty value (${option.arg ?? 'VALUE'})`);
    const entry = raw.get(option.name);
    if (entry && option.kind === 'list') entry.values.push(value);
    else raw.set(option.name, { values: [value], origin });
  }
  return { raw, command: argv.slice(i) };
}

function readEnv(option: OptionSpec<OptionName>, env: Env): { values: string[]; origin: string } | undefined {
  for (const name of [envNameOf(option), ...(option.legacyEnv ?? [])]) {
    const value = env[name];
    // Empty means unset (task definitions often template a value to ""), so an older name still applies.
    if (value === undefined || value === '') continue;
    if (option.kind === 'flag') {
      const lower = value.trim().toLowerCase();
      if (TRUE.has(lower)) return { values: ['1'], origin: name };
      if (FALSE.has(lower)) return undefined;
      throw new UsageError(`${name}=${JSON.stringify(value)} is not a boolean: use 1/true/yes or 0/false/no`);
    }
    return { values: [value], origin: name };
  }
  return undefined;
}

function toConfig(mode: Mode, raw: Raw, command: string[], env: Env): Config {
  const flag = (name: FlagName) => raw.has(name);
  const value = (name: ValueName) => raw.get(name)?.values.at(-1);
  const list = (name: ListName) => {
    const entry = raw.get(name);
    if (!entry) return [];
    const items = entry.values
      .flatMap((v) => v.split(','))
      .map((v) => v.trim())
      .filter((v) => v !== '');
    if (items.length === 0 && entry.values.some((v) => v.trim() !== '')) {
      throw new UsageError(`${entry.origin}=${JSON.stringify(entry.values.join(','))} names nothing (only commas): give at least one entry, or unset it`);
    }
    return items;
  };
  const choice = <N extends ValueName>(name: N, fallback: ChoiceOf<N>): ChoiceOf<N> => {
    const v = value(name);
    if (v === undefined) return fallback;
    const option = OPTIONS.find((o) => o.name === name)!;
    if (!option.choices?.includes(v)) {
      throw new UsageError(`${raw.get(name)!.origin} must be one of ${option.choices?.join(', ')}, not ${JSON.stringify(v)}`);
    }
    return v as ChoiceOf<N>;
  };

  // Every option is read and checked whatever the mode (in this order, so the first error
  // stays the same); the mode then takes the fields it reads.
  const prefixes = list('prefix');
  const envPrefix = value('env-prefix') ?? '';
  const secrets = list('secret');
  const region = value('region') || undefined;
  const overwrite = !flag('no-overwrite');
  const allowEmpty = flag('allow-empty');
  const allowNames = list('allow-name');
  const timeoutMs = parseTimeout(raw);
  const user = parseUser(raw);
  const fileVars = list('file-vars');
  const secretsDir = value('secrets-dir') || undefined;
  const fromFile = value('from-file') || undefined;
  const format = choice('format', 'shell');
  const logFormat = choice('log-format', 'text');
  const supervise = parseSuperviseOptions((name) => (raw.has(name) ? { value: value(name)!, origin: raw.get(name)!.origin } : undefined), flag, env);

  if (envPrefix !== '' && !isValidEnvName(envPrefix)) {
    throw new UsageError(
      `${raw.get('env-prefix')!.origin}=${JSON.stringify(envPrefix)} is not a valid start of a variable name: use letters, digits and _, not starting with a digit`,
    );
  }
  compileNamePatterns(allowNames, raw.get('allow-name')?.origin ?? '--allow-name');
  compileNamePatterns(fileVars, raw.get('file-vars')?.origin ?? '--file-vars');
  if (flag('verbose') && flag('quiet')) throw new UsageError('--verbose and --quiet cannot be used together');

  const log = { level: flag('quiet') ? 'error' : flag('verbose') ? 'debug' : 'info', format: logFormat } as const;
  const resolve: ResolveOptions = {
    log,
    prefixes,
    envPrefix,
    secrets,
    region,
    fromFile,
    timeoutMs,
    allowEmpty,
    overwrite,
    allowNames,
    fileVars,
    secretsDir,
    user,
    command,
  };
  switch (mode) {
    case 'help':
    case 'version':
      return { mode };
    case 'policy':
      return { mode, log, prefixes, envPrefix, secrets, region, fromFile, timeoutMs, watchMs: supervise.watchMs };
    case 'doctor':
      return { mode, ...resolve, watchMs: supervise.watchMs };
    case 'print':
      return { mode, ...resolve, format };
    case 'dry-run':
      return { mode, ...resolve, ...supervise, showValues: flag('show-values') };
    case 'run':
      return { mode, ...resolve, ...supervise };
  }
}

function parseTimeout(raw: Raw): number {
  const entry = raw.get('timeout');
  if (!entry) return DEFAULT_TIMEOUT_MS;
  const text = entry.values.at(-1)!.trim();
  const seconds = /^\d+(\.\d+)?$/.test(text) ? Number(text) : NaN;
  if (!(seconds > 0) || seconds > 3600) {
    throw new UsageError(`${entry.origin} must be a number of seconds between 0 and 3600, not ${JSON.stringify(text)}`);
  }
  return Math.round(seconds * 1000);
}

/** USER[:GROUP]; a numeric id must fit a uid_t/gid_t (exec/user.ts looks names up). */
function parseUser(raw: Raw): string | undefined {
  const entry = raw.get('user');
  if (!entry) return undefined;
  const spec = entry.values.at(-1)!;
  for (const part of spec.split(':')) {
    if (/^\d+$/.test(part) && Number(part) > MAX_ID) {
      throw new UsageError(`${entry.origin}=${JSON.stringify(spec)}: id ${part} is out of range; user and group ids go from 0 to ${MAX_ID}`);
    }
  }
  return spec;
}
