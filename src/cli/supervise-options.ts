import { constants } from 'node:os';
import { UsageError } from '../core/errors.js';
import type { FlagName, ValueName } from './options.js';

/** What to do when a refresh finds a new value (--on-change). */
export type OnChange = { kind: 'restart' } | { kind: 'exit' } | { kind: 'signal'; signal: NodeJS.Signals };

export interface SuperviseConfig {
  /** --supervise, or implied by --watch. */
  supervise: boolean;
  /** --watch: the interval in ms; undefined without --watch. */
  watchMs: number | undefined;
  onChange: OnChange;
  stopSignal: NodeJS.Signals;
  stopTimeoutMs: number;
}

/** A floor, so that a fleet of tasks cannot poll Parameter Store into throttling. */
export const WATCH_FLOOR_MS = 10_000;
/** For the tool's own tests only: a lower floor (README, Development). */
export const TEST_FLOOR_ENV = 'SSM_ENTRYPOINT_TEST_WATCH_FLOOR';
/**
 * Below ECS's default stopTimeout (30 s), so that when ECS stops the task in the middle of
 * a stop the tool began, the tool's own SIGKILL, exit status and last log line still come
 * before ECS kills the container (README, Rotation without redeploy).
 */
export const DEFAULT_STOP_TIMEOUT_MS = 20_000;

type Lookup = (name: ValueName) => { value: string; origin: string } | undefined;

/** The supervisor's options, from the parsed flags / SSM_ENTRYPOINT_* (`lookup`). */
export function parseSuperviseOptions(lookup: Lookup, flag: (name: FlagName) => boolean, env: Record<string, string | undefined>): SuperviseConfig {
  const watch = lookup('watch');
  const floor = env[TEST_FLOOR_ENV] === undefined ? WATCH_FLOOR_MS : parseDuration(env[TEST_FLOOR_ENV]!, TEST_FLOOR_ENV);
  let watchMs: number | undefined;
  if (watch !== undefined && watch.value.trim() !== '') {
    watchMs = parseDuration(watch.value, watch.origin);
    if (watchMs < floor) throw new UsageError(`${watch.origin} ${watch.value.trim()} is below the floor of ${floor / 1000} s: use e.g. 30s or 5m`);
  }
  const onChangeEntry = lookup('on-change');
  const onChange = onChangeEntry === undefined ? ({ kind: 'restart' } as const) : parseOnChange(onChangeEntry.value, onChangeEntry.origin);
  const stop = lookup('stop-signal');
  const timeout = lookup('stop-timeout');
  return {
    supervise: flag('supervise') || watchMs !== undefined,
    watchMs,
    onChange,
    stopSignal: stop === undefined ? 'SIGTERM' : parseSignal(stop.value, stop.origin),
    stopTimeoutMs: timeout === undefined ? DEFAULT_STOP_TIMEOUT_MS : parseDuration(timeout.value, timeout.origin, { allowZero: true }),
  };
}

const UNITS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

/** `30s`, `5m`, `1h`, `500ms`; a bare number is seconds. At most a day. */
export function parseDuration(text: string, origin: string, options: { allowZero?: boolean } = {}): number {
  const match = /^(\d+(?:\.\d+)?)(ms|s|m|h)?$/.exec(text.trim());
  const ms = match ? Math.round(Number(match[1]) * UNITS[match[2] ?? 's']!) : NaN;
  if (!(ms > 0 || (options.allowZero && ms === 0)) || ms > 86_400_000) {
    throw new UsageError(`${origin} must be a duration such as 30s, 5m or 1h (a bare number is seconds), not ${JSON.stringify(text)}`);
  }
  return ms;
}

/** `TERM`, `SIGTERM`, `term` → `SIGTERM`; any signal this system knows. */
export function parseSignal(text: string, origin: string): NodeJS.Signals {
  const upper = text.trim().toUpperCase();
  const name = (upper.startsWith('SIG') ? upper : `SIG${upper}`) as NodeJS.Signals;
  if (!(name in constants.signals) || upper === '') {
    throw new UsageError(`${origin} ${JSON.stringify(text)} is not a signal name: use e.g. SIGTERM, SIGINT, SIGQUIT or HUP`);
  }
  return name;
}

function parseOnChange(text: string, origin: string): OnChange {
  const value = text.trim();
  if (value === 'restart' || value === 'exit') return { kind: value };
  if (value.startsWith('signal:')) return { kind: 'signal', signal: parseSignal(value.slice('signal:'.length), origin) };
  throw new UsageError(`${origin} must be restart, exit or signal:NAME (e.g. signal:HUP), not ${JSON.stringify(text)}`);
}
