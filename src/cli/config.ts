import type { LogFormat } from '../report/log.js';
import type { SuperviseConfig } from '../supervise/options.js';

export type PrintFormat = 'env' | 'shell' | 'json';

/** Everything the command line and SSM_ENTRYPOINT_* say, validated. */
export interface Config extends SuperviseConfig {
  prefixes: string[];
  envPrefix: string;
  secrets: string[];
  region: string | undefined;
  overwrite: boolean;
  allowEmpty: boolean;
  timeoutMs: number;
  user: string | undefined;
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
