import type { LogFormat } from '../core/log.js';
import type { SuperviseConfig } from './supervise-options.js';

export type PrintFormat = 'env' | 'shell' | 'json';

/** Everything the command line and SSM_ENTRYPOINT_* say, validated. */
export interface Config extends SuperviseConfig {
  prefixes: string[];
  envPrefix: string;
  secrets: string[];
  region: string | undefined;
  overwrite: boolean;
  allowEmpty: boolean;
  /** --allow-name: names or `*` patterns a prefix or whole secret may set despite dangerous.ts. */
  allowNames: string[];
  timeoutMs: number;
  user: string | undefined;
  /** --file-vars globs: these variables go to files (README "Secrets as files"). */
  fileVars: string[];
  /** --secrets-dir; undefined: the default under /dev/shm. */
  secretsDir: string | undefined;
  fromFile: string | undefined;
  dryRun: boolean;
  showValues: boolean;
  print: boolean;
  format: PrintFormat;
  doctor: boolean;
  policy: boolean;
  verbose: boolean;
  quiet: boolean;
  logFormat: LogFormat;
  help: boolean;
  version: boolean;
  /** The command and its arguments, untouched. */
  command: string[];
}

export const DEFAULT_TIMEOUT_MS = 30_000;
