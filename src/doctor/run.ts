import type { Config } from '../cli/config.js';
import { guessRole } from '../report/classify.js';
import { describeFailure, endpointUrl } from '../report/describe.js';
import { FailureList, UserError } from '../report/errors.js';
import { accountOf } from '../report/iam.js';
import { createLogger, writeFd } from '../report/log.js';
import { resolvePlan } from '../resolve/resolve.js';
import type { Plan } from '../sources/plan.js';
import type { CallerIdentity, Store } from '../stores/store.js';
import { secretsDirCheck } from '../files/doctor.js';
import { checkEndpoint } from './network.js';
import { policyFor } from './policy.js';
import { WATCH_POLICY_NOTE, watchCheck } from '../supervise/doctor.js';

export type Status = 'pass' | 'warn' | 'fail';

export interface Check {
  name: string;
  status: Status;
  detail: string;
  fix?: string;
}

type Env = Readonly<Record<string, string | undefined>>;

const ENDPOINT_TIMEOUT_MS = 3000;

/**
 * --doctor: region, credentials, identity, ECS variables, endpoints, and a read of every
 * source (counts only, never values). Never runs the command. Exit 0 unless a check fails.
 */
export async function runDoctor(config: Config, plan: Plan, store: Store, env: Env): Promise<number> {
  const checks: Check[] = [];
  const signal = AbortSignal.timeout(config.timeoutMs);
  const quiet = createLogger({ level: 'error', format: 'text', write: () => {} });
  const offline = config.fromFile !== undefined;

  let identity: CallerIdentity | undefined;
  if (!offline) {
    checks.push(ecsCheck(env), credentialSource(env));
    try {
      identity = await store.identity?.({ signal, log: quiet });
    } catch (error) {
      const failure = describeFailure(error, { timeoutMs: config.timeoutMs, env });
      checks.push({ name: 'identity', status: 'fail', detail: failure.message, fix: failure.hint });
    }
    checks.unshift(regionCheck(config, env, identity));
    if (identity) {
      const role = guessRole(identity.arn);
      checks.push({
        name: 'identity',
        status: role?.advice ? 'warn' : 'pass',
        detail: `${identity.arn}${role ? ` — ${role.what}` : ''}`,
        fix: role?.advice,
      });
    }
    const region = config.region ?? identity?.region ?? env.AWS_REGION ?? env.AWS_DEFAULT_REGION;
    const services = ['sts', 'ssm', ...(usesSecrets(plan) ? ['secretsmanager'] : []), 'kms'];
    const reach = await Promise.all(services.map((s) => checkEndpoint(endpointUrl(s, region, env), ENDPOINT_TIMEOUT_MS)));
    reach.forEach((r, i) =>
      checks.push({
        name: `endpoint ${services[i]}`,
        status: r.ok ? 'pass' : 'fail',
        detail: `${r.host}: ${r.detail}`,
        fix: r.ok ? undefined : `add a VPC interface endpoint com.amazonaws.${region ?? 'REGION'}.${services[i]} (private DNS on) or a NAT route`,
      }),
    );
  }

  checks.push(...(await sourceChecks(config, plan, store, env)));
  const files = secretsDirCheck(config, plan);
  if (files) checks.push(files);
  checks.push(...[watchCheck(config, plan, checks)].filter((c) => c !== undefined));

  const failed = checks.filter((c) => c.status === 'fail').length;
  if (config.logFormat === 'json') {
    for (const c of checks) writeFd(1, `${JSON.stringify(c)}\n`);
    writeFd(1, `${JSON.stringify({ name: 'summary', status: failed ? 'fail' : 'pass', failed })}\n`);
  } else {
    const width = Math.min(24, Math.max(...checks.map((c) => c.name.length)));
    for (const c of checks) {
      writeFd(1, `${c.status.toUpperCase().padEnd(4)}  ${c.name.padEnd(width)}  ${c.detail}\n`);
      if (c.fix) writeFd(1, `      ${' '.repeat(width)}  fix: ${c.fix}\n`);
    }
    writeFd(1, failed ? `\n${failed} problem(s) found\n` : '\nall checks passed\n');
  }
  return failed ? 1 : 0;
}

/** --doctor --policy: the IAM policy JSON for the task role, on stdout. */
export async function printPolicy(config: Config, plan: Plan, store: Store, env: Env): Promise<number> {
  let identity: CallerIdentity | undefined;
  try {
    identity = await store.identity?.({ signal: AbortSignal.timeout(Math.min(config.timeoutMs, 5000)), log: createLogger({ level: 'error', format: 'text', write: () => {} }) });
  } catch {
    // placeholders instead
  }
  const region = config.region ?? env.AWS_REGION ?? env.AWS_DEFAULT_REGION ?? identity?.region;
  const policy = policyFor(plan, { region, account: accountOf(identity?.arn) ?? identity?.account });
  writeFd(1, `${JSON.stringify(policy, null, 2)}\n`);
  if (config.watchMs !== undefined) writeFd(2, WATCH_POLICY_NOTE);
  if (!identity || !region) {
    writeFd(2, 'ssm-entrypoint: note: REGION / ACCOUNT_ID in the policy are placeholders (no region or no caller identity): replace them\n');
  }
  return 0;
}

async function sourceChecks(config: Config, plan: Plan, store: Store, env: Env): Promise<Check[]> {
  const quiet = createLogger({ level: 'error', format: 'text', write: () => {} });
  const checks: Check[] = [];
  const tasks = [
    ...plan.prefixes.map((p) => ({ name: `prefix ${p.path}`, plan: { prefixes: [p], secrets: [], references: [] } as Plan })),
    ...plan.secrets.map((s) => ({ name: `secret ${s.secretId}`, plan: { prefixes: [], secrets: [s], references: [] } as Plan })),
    ...plan.references.map((r) => ({ name: `${r.variable}=${r.reference}`, plan: { prefixes: [], secrets: [], references: [r] } as Plan })),
  ];
  const results = await Promise.all(
    tasks.map(async (task) => {
      try {
        const fetched = await resolvePlan(task.plan, store, { timeoutMs: config.timeoutMs, allowEmpty: config.allowEmpty, log: quiet, env });
        const count = fetched.prefixes.reduce((n, p) => n + p.parameters.length, 0) + fetched.secrets.length + fetched.references.length;
        return { name: task.name, status: 'pass' as Status, detail: fetched.prefixes.length > 0 ? `${count} parameter(s) readable` : 'readable' };
      } catch (error) {
        const failures = error instanceof FailureList ? error.failures : [error instanceof UserError ? error : describeFailure(error, { timeoutMs: config.timeoutMs, env })];
        return { name: task.name, status: 'fail' as Status, detail: failures.map((f) => f.message).join('; '), fix: failures[0]?.hint };
      }
    }),
  );
  checks.push(...results);
  if (tasks.length === 0) checks.push({ name: 'sources', status: 'warn', detail: 'no source configured (PARAMETER_STORE_PREFIX, SECRETS_MANAGER_SECRET_IDS, ssm:// or sm:// values)' });
  return checks;
}

function regionCheck(config: Config, env: Env, identity: CallerIdentity | undefined): Check {
  if (config.region) return { name: 'region', status: 'pass', detail: `${config.region} (from --region)` };
  if (env.AWS_REGION) return { name: 'region', status: 'pass', detail: `${env.AWS_REGION} (from AWS_REGION)` };
  if (env.AWS_DEFAULT_REGION) return { name: 'region', status: 'pass', detail: `${env.AWS_DEFAULT_REGION} (from AWS_DEFAULT_REGION)` };
  if (identity?.region) return { name: 'region', status: 'pass', detail: `${identity.region} (from the AWS config file / profile)` };
  return { name: 'region', status: 'fail', detail: 'no region configured', fix: 'set AWS_REGION or pass --region' };
}

function credentialSource(env: Env): Check {
  const source = env.AWS_ACCESS_KEY_ID
    ? 'environment variables (AWS_ACCESS_KEY_ID)'
    : env.AWS_CONTAINER_CREDENTIALS_RELATIVE_URI || env.AWS_CONTAINER_CREDENTIALS_FULL_URI
      ? 'ECS container credentials endpoint (AWS_CONTAINER_CREDENTIALS_*)'
      : env.AWS_WEB_IDENTITY_TOKEN_FILE
        ? 'web identity token (AWS_WEB_IDENTITY_TOKEN_FILE)'
        : env.AWS_PROFILE
          ? `profile ${env.AWS_PROFILE} (shared config / SSO)`
          : 'default chain: the default profile, or EC2 instance metadata';
  return { name: 'credentials', status: 'pass', detail: source };
}

function ecsCheck(env: Env): Check {
  const onEcs = Boolean(env.ECS_CONTAINER_METADATA_URI_V4 || env.ECS_CONTAINER_METADATA_URI);
  const endpoint = Boolean(env.AWS_CONTAINER_CREDENTIALS_RELATIVE_URI || env.AWS_CONTAINER_CREDENTIALS_FULL_URI);
  if (!onEcs) return { name: 'ecs', status: 'pass', detail: `not on ECS (no ECS_CONTAINER_METADATA_URI_V4)${endpoint ? '; container credentials endpoint set' : ''}` };
  if (endpoint) return { name: 'ecs', status: 'pass', detail: 'on ECS; the credentials endpoint variable is present in this process' };
  return {
    name: 'ecs',
    status: 'fail',
    detail: 'on ECS, but AWS_CONTAINER_CREDENTIALS_RELATIVE_URI / _FULL_URI is missing in this process',
    fix: 'it is lost by su/sudo, docker exec or a user switch: run the tool as the main process and use --user; check the task has a task role',
  };
}

function usesSecrets(plan: Plan): boolean {
  return plan.secrets.length > 0 || plan.references.some((r) => r.target.kind === 'secret');
}
