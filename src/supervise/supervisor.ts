import type { Env } from '../env/build.js';
import { compareNames } from '../env/names.js';
import type { Executable } from '../exec/lookup.js';
import { FailureList, UserError, describeUnexpected } from '../core/errors.js';
import type { Logger } from '../core/log.js';
import type { Child, Ended } from './child.js';
import type { OnChange } from '../cli/supervise-options.js';
import { FORWARDED, STOP_REQUESTS } from './signals.js';

/** `--on-change exit`: the status the tool exits with, so that ECS replaces the task. */
export const EXIT_ON_CHANGE = 75; // EX_TEMPFAIL (sysexits.h): "try again later"

/** The command's environment and the names this tool set in it. */
export interface Snapshot {
  env: Env;
  names: readonly string[];
  /** The files' contents, by the variable that holds each path. */
  files?: ReadonlyMap<string, Uint8Array>;
  /** Writes this snapshot's files (before the on-change action); throws UserError. */
  write?(): void;
  /** Where a PATH this tool set came from, for "not found on PATH" without its value. */
  pathSource?: string | undefined;
}

export interface SupervisorOptions {
  log: Logger;
  stopSignal: NodeJS.Signals;
  stopTimeoutMs: number;
  onChange: OnChange;
  /** --watch interval; undefined: supervise only. */
  watchMs: number | undefined;
  initial: Snapshot;
  /** PATH lookup and exec checks on a snapshot's environment (throws UserError 125/126/127). */
  find(snapshot: Snapshot): Executable;
  start(target: Executable, env: Env, onEnd: (ended: Ended) => void): Child;
  /** Re-reads every source; throws (FailureList, UserError) if anything failed. */
  refresh?(): Promise<Snapshot>;
  random?(): number;
}

/**
 * Runs the command as a child until it ends, and resolves with the status to exit with:
 * the child's (128+N for signal N), or EXIT_ON_CHANGE. Every catchable signal is passed on;
 * a stop request (SIGTERM, SIGINT, the --stop-signal) also starts --stop-timeout, after
 * which the child gets SIGKILL. With --watch, refreshes run on a jittered interval; one
 * that fails, or finds nothing new, leaves the child alone. A child that exits on its
 * own ends the supervisor: it is never restarted except for a change.
 */
export function runSupervisor(o: SupervisorOptions): Promise<number> {
  const random = o.random ?? Math.random;
  return new Promise<number>((resolve) => {
    let current = o.initial;
    let child: Child | undefined;
    /** Set while a change stops the child: what comes after it. */
    let after: { kind: 'restart'; next: Snapshot; target: Executable } | { kind: 'exit' } | undefined;
    let stopRequested = false;
    let killTimer: NodeJS.Timeout | undefined;
    let tickTimer: NodeJS.Timeout | undefined;
    let finished = false;

    const finish = (status: number) => {
      if (finished) return;
      finished = true;
      clearTimeout(killTimer);
      clearTimeout(tickTimer);
      for (const signal of FORWARDED) process.off(signal, forward);
      resolve(status);
    };

    const armKill = (reason: string) => {
      if (killTimer !== undefined) return;
      const target = child;
      killTimer = setTimeout(() => {
        if (target !== child || !target?.alive) return;
        o.log.warn(`the command did not stop within ${o.stopTimeoutMs / 1000} s of ${reason}: sending SIGKILL`);
        target.signal('SIGKILL');
      }, o.stopTimeoutMs);
    };

    const forward = (signal: NodeJS.Signals) => {
      if (!child?.signal(signal)) return;
      if (STOP_REQUESTS.has(signal) || signal === o.stopSignal) {
        stopRequested = true;
        armKill(signal);
      }
    };

    const launch = (target: Executable, snapshot: Snapshot) => {
      const started = o.start(target, snapshot.env, (ended) => onEnd(started, ended));
      child = started;
      current = snapshot;
      clearTimeout(killTimer);
      killTimer = undefined;
      o.log.debug(`started the command`, { pid: started.pid });
    };

    const onEnd = (which: Child, ended: Ended) => {
      if (which !== child || finished) return;
      if ('error' in ended) {
        o.log.error(ended.error.message, { hint: ended.error.hint });
        return finish(ended.status);
      }
      const plan = after;
      after = undefined;
      if (plan?.kind === 'exit') {
        o.log.info(`the command stopped (status ${ended.status}); exiting with ${EXIT_ON_CHANGE} (--on-change exit) so that the task is replaced`);
        return finish(EXIT_ON_CHANGE);
      }
      if (plan?.kind === 'restart' && !stopRequested) {
        try {
          launch(plan.target, plan.next);
        } catch (error) {
          return finish(reportFatal(o.log, error));
        }
        o.log.info('restarted the command with the new values');
        return schedule();
      }
      o.log.debug(`the command exited with status ${ended.status}`);
      finish(ended.status);
    };

    const schedule = () => {
      if (o.watchMs === undefined || !o.refresh || finished) return;
      tickTimer = setTimeout(() => void tick(), Math.round(o.watchMs * (0.9 + 0.2 * random())));
    };

    const tick = async () => {
      let next: Snapshot;
      try {
        next = await o.refresh!();
      } catch (error) {
        if (finished) return;
        reportRefreshFailure(o.log, error, o.watchMs!);
        return schedule();
      }
      if (finished || after || stopRequested) return;
      const changed = changedNames(current, next);
      if (changed.length === 0) {
        o.log.debug('refreshed: no change');
        return schedule();
      }
      const names = changed.join(', ');
      try {
        // Files first: a signalled or restarted command reads the new ones. A failure keeps the old set.
        next.write?.();
      } catch (error) {
        reportRefreshFailure(o.log, error, o.watchMs!);
        return schedule();
      }
      if (o.onChange.kind === 'signal') {
        o.log.info(`new values for ${names}: sending ${o.onChange.signal} to the command`);
        current = next;
        child?.signal(o.onChange.signal);
        return schedule();
      }
      if (o.onChange.kind === 'exit') {
        o.log.info(`new values for ${names}: stopping the command (${o.stopSignal}, SIGKILL after ${o.stopTimeoutMs / 1000} s) to exit`);
        after = { kind: 'exit' };
      } else {
        let target: Executable;
        try {
          // Checked before the running command is stopped: a new PATH must still find it.
          target = o.find(next);
        } catch (error) {
          reportRefreshFailure(o.log, error, o.watchMs!);
          return schedule();
        }
        o.log.info(`new values for ${names}: restarting the command (${o.stopSignal}, SIGKILL after ${o.stopTimeoutMs / 1000} s)`);
        after = { kind: 'restart', next, target };
      }
      if (!child?.signal(o.stopSignal)) return; // already gone: its exit event does the rest
      armKill(o.stopSignal);
    };

    for (const signal of FORWARDED) process.on(signal, forward);
    try {
      launch(o.find(current), current);
    } catch (error) {
      return finish(reportFatal(o.log, error));
    }
    schedule();
  });
}

/** The names whose value in the command's environment differs (added and removed included). */
export function changedNames(before: Snapshot, after: Snapshot): string[] {
  const names = new Set([...before.names, ...after.names]);
  const sameFile = (a: Uint8Array | undefined, b: Uint8Array | undefined) => (a && b ? Buffer.compare(a, b) === 0 : a === b);
  return [...names].filter((name) => before.env[name] !== after.env[name] || !sameFile(before.files?.get(name), after.files?.get(name))).sort(compareNames);
}

function reportRefreshFailure(log: Logger, error: unknown, watchMs: number): void {
  const failures = error instanceof FailureList ? error.failures : error instanceof UserError ? [error] : undefined;
  if (failures) {
    for (const f of failures) log.error(f.message, { hint: f.hint, details: f.details.length > 0 ? f.details : undefined });
  } else {
    log.error(`unexpected failure while refreshing: ${describeUnexpected(error)}`);
  }
  log.warn(`refresh failed: the command keeps running with the values it has; next try in about ${Math.round(watchMs / 1000)} s`);
}

function reportFatal(log: Logger, error: unknown): number {
  if (error instanceof UserError) {
    log.error(error.message, { hint: error.hint });
    return error.exitCode;
  }
  throw error;
}
