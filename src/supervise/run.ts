import type { RunConfig } from '../cli/config.js';
import type { SuperviseConfig } from '../cli/supervise-options.js';
import type { Env } from '../env/build.js';
import type { Placed } from '../files/plan.js';
import type { Fetched } from '../resolve/resolve.js';
import { validateEnv } from '../env/validate.js';
import { pathSource, prepareCommand } from '../exec/lookup.js';
import { dropPrivileges, withHome, type Identity } from '../exec/user.js';
import type { Logger } from '../core/log.js';
import { resolvePlan } from '../resolve/resolve.js';
import { isEmptyPlan, type Plan } from '../sources/plan.js';
import { createFileStore } from '../stores/file.js';
import type { Store } from '../stores/store.js';
import { startChild } from './child.js';
import { startReaper } from './reaper.js';
import { runSupervisor, type Snapshot } from './supervisor.js';
import { describeWatch } from './describe.js';

export interface SuperviseInput {
  /** What the supervisor reads of a run's options. */
  config: SuperviseConfig & Pick<RunConfig, 'command' | 'fromFile' | 'timeoutMs' | 'allowEmpty'>;
  plan: Plan;
  /** The environment the tool started with (references unresolved). */
  base: Env;
  built: Placed;
  /** Fetched values → environment and files, as at start-up. */
  assemble(fetched: Fetched): Placed;
  /** Writes the files of a refresh (atomic, idempotent); undefined when no variable goes to a file. */
  write: ((placed: Placed) => void) | undefined;
  /** The store the start-up read from; undefined when there was no source. */
  store: Store | undefined;
  identity: Identity | undefined;
  log: Logger;
}

/**
 * --supervise / --watch: the command runs as a child of this process instead of replacing
 * it. Resolves with the status to exit with.
 */
export async function superviseCommand(input: SuperviseInput): Promise<number> {
  const { config, plan, base, identity, log } = input;
  const withUserHome = homeRule(identity, input.built.env);
  const initial: Snapshot = {
    env: withUserHome(input.built.env),
    names: input.built.variables.map((v) => v.name),
    files: fileDigests(input.built),
    pathSource: pathSource(input.built.variables),
  };
  const find = (s: Snapshot) => prepareCommand(config.command, s.env, { pathSource: s.pathSource });
  find(initial); // 125/126/127 before anything else, as exec would
  const reaper = startReaper(log); // before --user: it needs a temporary directory
  if (identity) dropPrivileges(identity);

  const watching = config.watchMs !== undefined && !isEmptyPlan(plan);
  if (config.watchMs !== undefined && !watching) log.warn('--watch: no source configured, nothing to watch; supervising only');
  if (watching) log.info(describeWatch(config, plan, input.built.variables));

  // Refresh messages are the start-up's; progress lines only with --verbose.
  const quiet: Logger = { ...log, info: log.debug };
  const refresh = async (): Promise<Snapshot> => {
    const store = config.fromFile ? createFileStore(config.fromFile) : input.store!;
    const fetched = await resolvePlan(plan, store, { timeoutMs: config.timeoutMs, allowEmpty: config.allowEmpty, log: quiet, env: base });
    const placed = input.assemble(fetched);
    const names = placed.variables.map((v) => v.name);
    validateEnv(placed.env, names, config.command);
    const write = input.write;
    return {
      env: withUserHome(placed.env),
      names,
      files: fileDigests(placed),
      pathSource: pathSource(placed.variables),
      ...(write && { write: () => write(placed) }),
    };
  };

  try {
    return await runSupervisor({
      log,
      stopSignal: config.stopSignal,
      stopTimeoutMs: config.stopTimeoutMs,
      onChange: config.onChange,
      watchMs: watching ? config.watchMs : undefined,
      initial,
      find,
      start: startChild,
      refresh: watching ? refresh : undefined,
    });
  } finally {
    reaper?.stop();
  }
}

/**
 * HOME for --user, as exec/user.ts withHome decides it, but decided once while this process
 * is still root: later environments (restarts) keep that decision unless a source changed HOME.
 */
function homeRule(identity: Identity | undefined, first: Env): (env: Env) => Env {
  if (!identity) return (env) => env;
  const home = withHome(identity, first).HOME;
  return (env) => (home !== undefined && env.HOME === first.HOME ? { ...env, HOME: home } : env);
}

/** Each file's content by the variable that holds its path: a rotated value changes the file, not the path. */
function fileDigests(placed: Placed): Map<string, Uint8Array> {
  return new Map(placed.files.map((f) => [f.variable, f.bytes]));
}
