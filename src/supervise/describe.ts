import { describeSources } from '../report/sources.js';
import { packParameterCalls, packSecretCalls } from '../resolve/batch.js';
import { wantedItems } from '../resolve/queries.js';
import type { Plan } from '../sources/plan.js';
import type { SuperviseConfig } from './options.js';

/** `watching prefix /a; 2 references every 30 s (+-10%), ...; on change: restart (...)`. */
export function describeWatch(config: SuperviseConfig, plan: Plan): string {
  return `watching ${describeSources(plan)} every ${seconds(config.watchMs!)} (+-10%), ${describeCalls(plan)} a refresh; on change: ${describeOnChange(config)}`;
}

export function describeOnChange(config: SuperviseConfig): string {
  const stop = `${config.stopSignal}, SIGKILL after ${seconds(config.stopTimeoutMs)}`;
  switch (config.onChange.kind) {
    case 'restart':
      return `restart the command (${stop})`;
    case 'exit':
      return `stop the command (${stop}) and exit 75`;
    case 'signal':
      return `send ${config.onChange.signal} to the command`;
  }
}

/**
 * The calls one refresh makes: the start-up's calls again (the same IAM actions). A prefix
 * costs one call per 10 parameters (plus a last empty page at times), counted here as 1+.
 */
export function describeCalls(plan: Plan): string {
  const wanted = wantedItems(plan);
  const parameterCalls = packParameterCalls([...wanted.parameters.values()].map((w) => w.query)).length;
  const secretCalls = packSecretCalls([...wanted.secrets.values()].map((w) => w.query)).length;
  const parts: string[] = [];
  if (plan.prefixes.length > 0) parts.push(`${plan.prefixes.length}+ GetParametersByPath (one per 10 parameters)`);
  if (parameterCalls > 0) parts.push(`${parameterCalls} GetParameters`);
  if (secretCalls > 0) parts.push(`${secretCalls} secret call(s)`);
  return parts.join(', ');
}

function seconds(ms: number): string {
  return `${ms / 1000} s`;
}
