import type { LogFormat, LogLevel } from '../core/log.js';
import type { SuperviseConfig } from './supervise-options.js';

export type PrintFormat = 'env' | 'shell' | 'json';

// What the command line and SSM_ENTRYPOINT_* say, validated: one mode, with only the
// fields that mode reads. The groups below are also the narrow inputs of the stages.

/** --verbose / --quiet and --log-format: every mode that can fail logs. */
export interface LogOptions {
  log: { level: LogLevel; format: LogFormat };
}

/** What sources/plan.ts reads: --prefix, --env-prefix, --secret (references come from the environment). */
export interface SourceOptions {
  prefixes: string[];
  envPrefix: string;
  secrets: string[];
}

/** Where the values come from, and how long to try. */
export interface FetchOptions {
  region: string | undefined;
  /** --from-file: the offline store instead of AWS. */
  fromFile: string | undefined;
  timeoutMs: number;
  allowEmpty: boolean;
}

/** How fetched values become the environment and files. */
export interface BuildOptions {
  overwrite: boolean;
  /** --allow-name: names or `*` patterns a prefix or whole secret may set despite dangerous.ts. */
  allowNames: string[];
  /** --file-vars globs: these variables go to files (README "Secrets as files"). */
  fileVars: string[];
  /** --secrets-dir; undefined: the default under /dev/shm. */
  secretsDir: string | undefined;
}

/** Who runs what: --user, and the command and its arguments, untouched. */
export interface CommandOptions {
  user: string | undefined;
  command: string[];
}

/** Everything up to the environment a command would get: what --print, --dry-run, --doctor and a run share. */
export interface ResolveOptions extends LogOptions, SourceOptions, FetchOptions, BuildOptions, CommandOptions {}

/** The default: fetch, then exec the command, or stay its parent with --supervise / --watch. */
export interface RunConfig extends ResolveOptions, SuperviseConfig {
  mode: 'run';
}

/** --dry-run: a run's plan, supervision included, without the command. */
export interface DryRunConfig extends ResolveOptions, SuperviseConfig {
  mode: 'dry-run';
  showValues: boolean;
}

/** --print: the variables only. The command, if given, only counts towards the exec size limits. */
export interface PrintConfig extends ResolveOptions {
  mode: 'print';
  format: PrintFormat;
}

/** --doctor: every check a run would pass, and the watch's (README "Doctor"). */
export interface DoctorConfig extends ResolveOptions {
  mode: 'doctor';
  watchMs: number | undefined;
}

/** --doctor --policy: the IAM policy for the sources; reads nothing. */
export interface PolicyConfig extends LogOptions, SourceOptions, Omit<FetchOptions, 'allowEmpty'> {
  mode: 'policy';
  watchMs: number | undefined;
}

export interface HelpConfig {
  mode: 'help';
}

export interface VersionConfig {
  mode: 'version';
}

export type Config = RunConfig | DryRunConfig | PrintConfig | DoctorConfig | PolicyConfig | HelpConfig | VersionConfig;
export type Mode = Config['mode'];

export const DEFAULT_TIMEOUT_MS = 30_000;
