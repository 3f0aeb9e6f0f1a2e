import { compileNamePatterns } from './name-patterns.js';
import { isValidEnvName } from './variable-names.js';
import { UsageError } from '../core/errors.js';
import { DEFAULT_TIMEOUT_MS, type Config, type PrintFormat } from './config.js';
import { OPTIONS, envNameOf, type OptionSpec } from './options.js';
import { parseSuperviseOptions } from './supervise-options.js';

type Env = Record<string, string | undefined>;
type Raw = Map<string, { values: string[]; origin: string }>;

const TRUE = new Set(['1', 'true', 'yes']);
const FALSE = new Set(['0', 'false', 'no']);

// The modes, and the options that only mean something with one of them.
const MODES = ['print', 'dry-run', 'doctor'] as const;
const MODIFIERS: ReadonlyArray<readonly [string, (typeof MODES)[number]]> = [
  ['policy', 'doctor'],
  ['show-values', 'dry-run'],
  ['format', 'print'],
];

// A uid or gid is 32 bits, and (uid_t)-1 means "unchanged" to setuid/setgid.
const MAX_ID = 2 ** 32 - 2;

/**
 * argv (without node and script) + environment → Config. Options end at the first
 * non-option word or at `--`; flags win over SSM_ENTRYPOINT_* which win over the
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
  if (!raw.has('help') && !raw.has('version')) checkCombinations(raw);
  return toConfig(raw, fromFlags.command, env);
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
    const entry = raw.get(name);
    if (entry && option.kind === 'list') entry.values.push(value);
    else raw.set(name, { values: [value], origin });
  }
  return { raw, command: argv.slice(i) };
}

function readEnv(option: OptionSpec, env: Env): { values: string[]; origin: string } | undefined {
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

/**
 * Two modes at once, or an option without the mode it modifies, is a usage error naming
 * both. A modifier from the environment (SSM_ENTRYPOINT_FORMAT set once in a task
 * definition) is a default for when its mode is used, so it is only an error as a flag.
 */
function checkCombinations(raw: Raw): void {
  const modes = MODES.filter((m) => raw.has(m));
  if (modes.length > 1) {
    throw new UsageError(`${modes.map((m) => raw.get(m)!.origin).join(' and ')} cannot be used together: choose one`);
  }
  for (const [modifier, mode] of MODIFIERS) {
    const origin = raw.get(modifier)?.origin;
    if (origin?.startsWith('--') && !raw.has(mode)) throw new UsageError(`${origin} only applies to --${mode}, which is not given`);
  }
}

function toConfig(raw: Raw, command: string[], env: Env): Config {
  const flag = (name: string) => raw.has(name);
  const value = (name: string) => raw.get(name)?.values.at(-1);
  const list = (name: string) => {
    const entry = raw.get(name);
    if (!entry) return [];
    const items = entry.values.flatMap((v) => v.split(',')).map((v) => v.trim()).filter((v) => v !== '');
    if (items.length === 0 && entry.values.some((v) => v.trim() !== '')) {
      throw new UsageError(`${entry.origin}=${JSON.stringify(entry.values.join(','))} names nothing (only commas): give at least one entry, or unset it`);
    }
    return items;
  };
  const choice = <T extends string>(name: string, fallback: T): T => {
    const v = value(name);
    if (v === undefined) return fallback;
    const option = OPTIONS.find((o) => o.name === name)!;
    if (!option.choices?.includes(v)) {
      throw new UsageError(`${raw.get(name)!.origin} must be one of ${option.choices?.join(', ')}, not ${JSON.stringify(v)}`);
    }
    return v as T;
  };

  const config: Config = {
    prefixes: list('prefix'),
    envPrefix: value('env-prefix') ?? '',
    secrets: list('secret'),
    region: value('region') || undefined,
    overwrite: !flag('no-overwrite'),
    allowEmpty: flag('allow-empty'),
    allowNames: list('allow-name'),
    timeoutMs: parseTimeout(raw),
    user: parseUser(raw),
    fileVars: list('file-vars'),
    secretsDir: value('secrets-dir') || undefined,
    fromFile: value('from-file') || undefined,
    dryRun: flag('dry-run'),
    showValues: flag('show-values'),
    print: flag('print'),
    format: choice<PrintFormat>('format', 'shell'),
    doctor: flag('doctor'),
    policy: flag('policy'),
    verbose: flag('verbose'),
    quiet: flag('quiet'),
    logFormat: choice('log-format', 'text'),
    help: flag('help'),
    version: flag('version'),
    command,
    ...parseSuperviseOptions((name) => (raw.has(name) ? { value: value(name)!, origin: raw.get(name)!.origin } : undefined), flag, env),
  };

  if (config.envPrefix !== '' && !isValidEnvName(config.envPrefix)) {
    throw new UsageError(
      `${raw.get('env-prefix')!.origin}=${JSON.stringify(config.envPrefix)} is not a valid start of a variable name: use letters, digits and _, not starting with a digit`,
    );
  }
  compileNamePatterns(config.allowNames, raw.get('allow-name')?.origin ?? '--allow-name');
  compileNamePatterns(config.fileVars, raw.get('file-vars')?.origin ?? '--file-vars');
  if (config.verbose && config.quiet) throw new UsageError('--verbose and --quiet cannot be used together');
  return config;
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
