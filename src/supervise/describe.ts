import type { Variable } from '../env/build.js';
import type { LogFormat } from '../core/log.js';
import { describeSources } from '../output/sources.js';
import { packParameterCalls, packSecretCalls } from '../resolve/batch.js';
import { wantedItems } from '../resolve/queries.js';
import type { Plan } from '../sources/plan.js';
import { PARAMETERS_PER_CALL } from '../stores/store.js';
import type { SuperviseConfig } from '../cli/supervise-options.js';

/**
 * The calls one refresh makes: the start-up's calls again, so the same IAM actions. A
 * prefix takes one call per 10 parameters (AWS may add an empty last page).
 */
export function refreshCalls(plan: Plan, variables: readonly Variable[]): Record<string, number> {
  const calls: Record<string, number> = {};
  const add = (operation: string, n: number) => {
    if (n > 0) calls[operation] = (calls[operation] ?? 0) + n;
  };
  for (const prefix of plan.prefixes) {
    const size = variables.filter((v) => v.origin.kind === 'prefix' && v.origin.source === prefix.path).length;
    add('ssm:GetParametersByPath', Math.max(1, Math.ceil(size / PARAMETERS_PER_CALL)));
  }
  const wanted = wantedItems(plan);
  const parameterCalls = packParameterCalls([...wanted.parameters.values()].map((w) => w.query));
  add('ssm:GetParameters', parameterCalls.filter((call) => call[0]?.arn === undefined).length);
  add('ssm:GetParameter', parameterCalls.filter((call) => call[0]?.arn !== undefined).length);
  const secretCalls = packSecretCalls([...wanted.secrets.values()].map((w) => w.query));
  add('secretsmanager:BatchGetSecretValue', secretCalls.filter((call) => call.length > 1).length);
  add('secretsmanager:GetSecretValue', secretCalls.filter((call) => call.length === 1).length);
  return calls;
}

export function describeCalls(calls: Record<string, number>): string {
  const total = Object.values(calls).reduce((a, b) => a + b, 0);
  return `${total} call(s) a refresh (${Object.entries(calls)
    .map(([op, n]) => `${n} ${op}`)
    .join(', ')})`;
}

/** The line the supervisor logs when it starts watching. */
export function describeWatch(config: SuperviseConfig, plan: Plan, variables: readonly Variable[]): string {
  return `watching ${describeSources(plan)} every ${config.watchMs! / 1000} s (+-10%), ${describeCalls(refreshCalls(plan, variables))}; on change: ${describeOnChange(config)}`;
}

export function describeOnChange(config: SuperviseConfig): string {
  const stop = `${config.stopSignal}, SIGKILL after ${config.stopTimeoutMs / 1000} s`;
  switch (config.onChange.kind) {
    case 'restart':
      return `restart the command (${stop})`;
    case 'exit':
      return `stop the command (${stop}) and exit 75`;
    case 'signal':
      return `send ${config.onChange.signal} to the command`;
  }
}

/** --dry-run with --supervise / --watch: the plan, then what the supervisor would do. */
export function withSupervisePlan(text: string, config: SuperviseConfig, plan: Plan, variables: readonly Variable[], format: LogFormat): string {
  if (!config.supervise) return text;
  const watching = config.watchMs !== undefined && plan.prefixes.length + plan.secrets.length + plan.references.length > 0;
  const calls = refreshCalls(plan, variables);
  if (format === 'json') {
    const supervise = {
      watchSeconds: watching ? config.watchMs! / 1000 : null,
      callsPerRefresh: watching ? calls : null,
      onChange: config.onChange.kind === 'signal' ? `signal:${config.onChange.signal}` : config.onChange.kind,
      stopSignal: config.stopSignal,
      stopTimeoutSeconds: config.stopTimeoutMs / 1000,
    };
    return `${JSON.stringify({ ...(JSON.parse(text) as object), supervise })}\n`;
  }
  const lines = ['supervised: the command runs as a child; signals are passed on; as PID 1 orphans are reaped'];
  lines.push(
    watching
      ? `watch: every ${config.watchMs! / 1000} s (+-10%), ${describeCalls(calls)}; on change: ${describeOnChange(config)}`
      : `watch: off (stop: ${config.stopSignal} passed on, SIGKILL after ${config.stopTimeoutMs / 1000} s)`,
  );
  return `${text}${lines.join('\n')}\n`;
}
