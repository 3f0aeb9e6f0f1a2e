import { UsageError } from '../core/errors.js';
import type { Mode } from './config.js';
import type { FlagName, OptionName } from './options.js';

/** Where an option was given (`--print`, `SSM_ENTRYPOINT_PRINT`), or undefined if it was not. */
export type OriginOf = (name: OptionName) => string | undefined;

// The flags that choose a mode, and the options that only mean something with one of them.
const MODES = ['print', 'dry-run', 'doctor'] as const satisfies readonly FlagName[];
const MODIFIERS: ReadonlyArray<readonly [OptionName, (typeof MODES)[number]]> = [
  ['policy', 'doctor'],
  ['show-values', 'dry-run'],
  ['format', 'print'],
];

/**
 * The mode the options ask for. --help, then --version, win over everything. Otherwise two
 * modes at once, or an option without the mode it modifies, is a usage error naming both;
 * a modifier from the environment (SSM_ENTRYPOINT_FORMAT set once in a task definition)
 * is a default for when its mode is used, so it is only an error as a flag.
 */
export function modeOf(originOf: OriginOf): Mode {
  if (originOf('help')) return 'help';
  if (originOf('version')) return 'version';
  const modes = MODES.filter((m) => originOf(m));
  if (modes.length > 1) throw new UsageError(`${modes.map((m) => originOf(m)).join(' and ')} cannot be used together: choose one`);
  for (const [modifier, mode] of MODIFIERS) {
    const origin = originOf(modifier);
    if (origin?.startsWith('--') && !originOf(mode)) throw new UsageError(`${origin} only applies to --${mode}, which is not given`);
  }
  if (modes[0] === 'doctor' && originOf('policy')) return 'policy';
  return modes[0] ?? 'run';
}
