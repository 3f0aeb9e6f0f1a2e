import { parseArgs } from '../../src/cli/args.js';
import type { Config, Mode } from '../../src/cli/config.js';

type Env = Record<string, string | undefined>;

/** parseArgs, asserting the mode: a test reads the fields of that mode only. */
export function parseAs<M extends Mode>(mode: M, argv: readonly string[], env: Env): Extract<Config, { mode: M }> {
  const config = parseArgs(argv, env);
  if (config.mode !== mode) throw new Error(`expected mode ${mode}, got ${config.mode} from ${JSON.stringify(argv)}`);
  return config as Extract<Config, { mode: M }>;
}
