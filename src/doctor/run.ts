import type { BuildOptions, CommandOptions, DoctorConfig, FetchOptions, LogOptions, PolicyConfig } from '../cli/config.js';
import type { Env } from '../env/build.js';
import { assemble } from '../files/assemble.js';
import { fileSelector } from '../files/plan.js';
import { validateEnv } from '../env/validate.js';
import { argumentLimit, execSize, stackLimit } from '../exec/limits.js';
import { findExecutable } from '../exec/lookup.js';
import { assertRoot, lookupIdentity } from '../exec/user.js';
import { describeCredentialFeatures, ecsOf, predictCredentialSource } from '../diagnose/credentials.js';
import { guessRole } from '../diagnose/role.js';
import { classify } from '../stores/classify.js';
import { describeFailure, endpointSetting, endpointUrl, networkHint } from '../diagnose/describe.js';
import { FailureList, UserError } from '../core/errors.js';
import { accountOf } from '../diagnose/iam.js';
import { EXIT_DOCTOR_FOUND_PROBLEM, EXIT_OK } from '../core/exit-codes.js';
import { createLogger, writeFd } from '../core/log.js';
import { formatChecks, type Check } from '../output/doctor.js';
import { resolvePlan, type Fetched } from '../resolve/resolve.js';
import type { Plan } from '../sources/plan.js';
import type { CallerIdentity, RegionAnswer, Store } from '../stores/store.js';
import { secretsDirCheck } from './files.js';
import { checkEndpoint } from './network.js';
import { policyFor } from './policy.js';
import { WATCH_POLICY_NOTE, watchCheck } from './watch.js';

/** What the doctor reads besides the plan and the store (which stand for the sources and the region). */
export type DoctorOptions = Omit<FetchOptions, 'region'> & BuildOptions & CommandOptions & LogOptions & Pick<DoctorConfig, 'watchMs'>;

const ENDPOINT_TIMEOUT_MS = 3000;
const REGION_CHAIN =
  'the AWS SDK reads --region, then AWS_REGION, then the region of the profile (AWS_PROFILE, else default) in the shared config files, then EC2 instance metadata; never AWS_DEFAULT_REGION';

/**
 * --doctor: region, credentials, identity, ECS variables, endpoints, and a read of every
 * source (counts only, never values), then the same build and validation as a run: it
 * passes if and only if a run would start the command. Never runs the command. Exit 0
 * unless a check fails.
 */
export async function runDoctor(config: DoctorOptions, plan: Plan, store: Store, env: Env): Promise<number> {
  const checks: Check[] = [];
  const signal = AbortSignal.timeout(config.timeoutMs);
  const quiet = createLogger({ level: 'error', format: 'text', write: () => {} });
  const offline = config.fromFile !== undefined;

  if (!offline) {
    const where = await store.region?.();
    const region = where?.invalid ? undefined : where?.region;
    checks.push(regionCheck(where, env), ecsCheck(env));
    let identity: CallerIdentity | undefined;
    let identityError: UserError | undefined;
    try {
      identity = await store.identity?.({ signal, log: quiet });
    } catch (error) {
      identityError = describeFailure(error, { timeoutMs: config.timeoutMs, env });
      const credentialsFailed = ['no-credentials', 'bad-credentials'].includes(classify((error as { cause?: unknown }).cause).kind);
      checks.push(credentialCheck(env, undefined, credentialsFailed));
      checks.push({ name: 'identity', status: 'fail', detail: identityError.message, fix: identityError.hint });
    }
    if (identity) {
      const role = guessRole(identity.arn);
      checks.push(credentialCheck(env, identity, false));
      checks.push({
        name: 'identity',
        status: role?.advice ? 'warn' : 'pass',
        detail: `${identity.arn}${role ? ` — ${role.what}` : ''}`,
        fix: role?.advice,
      });
    }
    const all = ['sts', 'ssm', ...(usesSecrets(plan) ? ['secretsmanager'] : []), 'kms'];
    // Without a region there is no AWS endpoint to try (only those set by a variable).
    const services = all.filter((s) => region !== undefined || endpointSetting(s, env) !== undefined);
    if (services.length < all.length)
      checks.push({ name: 'endpoints', status: 'warn', detail: `${all.filter((s) => !services.includes(s)).join(', ')} not checked: no region` });
    const reach = await Promise.all(services.map((s) => checkEndpoint(endpointUrl(s, region, env), ENDPOINT_TIMEOUT_MS)));
    reach.forEach((r, i) =>
      checks.push({
        name: `endpoint ${services[i]}`,
        status: r.ok ? 'pass' : 'fail',
        detail: `${r.host}: ${r.detail}`,
        // The same hint as a run's network failure.
        fix: r.ok ? undefined : networkHint(services[i]!, region, env),
      }),
    );
  }

  // The verdict is the run's: when every source, the environment, --user and the command
  // pass, a run starts the command, so what it does not need (an STS or KMS endpoint, the
  // identity call) only warns.
  const run = await sourceChecks(config, plan, store, env);
  const files = secretsDirCheck(config, plan);
  if (files) run.push(files);
  const watch = watchCheck(config, plan, [...checks, ...run]);
  if (watch) run.push(watch);
  if (!run.some((c) => c.status === 'fail')) {
    for (const c of checks)
      if (c.status === 'fail') Object.assign(c, { status: 'warn', detail: `${c.detail} (a run does not need this to start the command)` });
  }
  return report(config, [...checks, ...run]);
}

function report(config: LogOptions, checks: Check[]): number {
  writeFd(1, formatChecks(checks, config.log.format));
  return checks.some((c) => c.status === 'fail') ? EXIT_DOCTOR_FOUND_PROBLEM : EXIT_OK;
}

/** --doctor --policy: the IAM policy JSON for the task role, on stdout. */
export async function printPolicy(config: Pick<PolicyConfig, 'timeoutMs' | 'watchMs'>, plan: Plan, store: Store): Promise<number> {
  let identity: CallerIdentity | undefined;
  try {
    identity = await store.identity?.({
      signal: AbortSignal.timeout(Math.min(config.timeoutMs, 5000)),
      log: createLogger({ level: 'error', format: 'text', write: () => {} }),
    });
  } catch {
    // placeholders instead
  }
  // The region the run would use: the same resolution as the region check.
  const where = await store.region?.();
  const region = where?.invalid ? undefined : where?.region;
  const policy = policyFor(plan, { region, account: accountOf(identity?.arn) ?? identity?.account });
  writeFd(1, `${JSON.stringify(policy, null, 2)}\n`);
  if (config.watchMs !== undefined) writeFd(2, WATCH_POLICY_NOTE);
  if (!identity || !region) {
    writeFd(2, 'ssm-entrypoint: note: REGION / ACCOUNT_ID in the policy are placeholders (no region or no caller identity): replace them\n');
  }
  return EXIT_OK;
}

interface Task {
  name: string;
  plan: Plan;
}

/**
 * Each source read on its own (so a failure names its source), each built into variables
 * as a run builds them (JSON keys, whole secrets, collisions); then all of them together,
 * as one run: precedence, validation of names, NUL bytes and exec size limits, --user and
 * the command. Messages name variables and keys, never values.
 */
async function sourceChecks(config: Omit<DoctorOptions, 'watchMs' | 'log'>, plan: Plan, store: Store, env: Env): Promise<Check[]> {
  const files = fileSelector({ dir: config.secretsDir, patterns: config.fileVars });
  const quiet = createLogger({ level: 'error', format: 'text', write: () => {} });
  const tasks: Task[] = [
    ...plan.prefixes.map((p) => ({ name: `prefix ${p.path}`, plan: { prefixes: [p], secrets: [], references: [] } })),
    ...plan.secrets.map((s) => ({ name: `secret ${s.secretId}`, plan: { prefixes: [], secrets: [s], references: [] } })),
    ...plan.references.map((r) => ({ name: `${r.variable}=${r.reference}`, plan: { prefixes: [], secrets: [], references: [r] } })),
  ];
  const failed = (name: string, error: unknown): Check => {
    const failures =
      error instanceof FailureList ? error.failures : [error instanceof UserError ? error : describeFailure(error, { timeoutMs: config.timeoutMs, env })];
    return { name, status: 'fail', detail: failures.map((f) => f.message).join('; '), fix: failures[0]?.hint };
  };
  const results = await Promise.all(
    tasks.map(async (task): Promise<{ check: Check; fetched?: Fetched }> => {
      try {
        const fetched = await resolvePlan(task.plan, store, { timeoutMs: config.timeoutMs, allowEmpty: config.allowEmpty, log: quiet, env });
        const built = assemble(env, fetched, { overwrite: config.overwrite, allowNames: config.allowNames, files });
        const count = built.variables.length;
        const detail =
          fetched.prefixes.length > 0
            ? `${fetched.prefixes[0]!.parameters.length} parameter(s) readable`
            : fetched.secrets.length > 0
              ? `readable, ${count} variable(s)`
              : 'readable';
        return { check: { name: task.name, status: 'pass', detail }, fetched };
      } catch (error) {
        return { check: failed(task.name, error) };
      }
    }),
  );
  const checks = results.map((r) => r.check);
  if (tasks.length === 0)
    checks.push({
      name: 'sources',
      status: 'warn',
      detail: 'no source configured (PARAMETER_STORE_PREFIX, SECRETS_MANAGER_SECRET_IDS, ssm:// or sm:// values)',
    });

  // The run: every source at once, in plan order (the precedence), validated as before exec.
  let runEnv: Env | undefined;
  if (results.every((r) => r.fetched)) {
    const all: Fetched = { prefixes: [], secrets: [], references: [] };
    for (const { fetched } of results) {
      all.prefixes.push(...fetched!.prefixes);
      all.secrets.push(...fetched!.secrets);
      all.references.push(...fetched!.references);
    }
    try {
      const built = assemble(env, all, { overwrite: config.overwrite, allowNames: config.allowNames, files });
      validateEnv(
        built.env,
        built.variables.map((v) => v.name),
        config.command,
      );
      runEnv = built.env;
      const bytes = execSize({ args: config.command }, built.env);
      checks.push({
        name: 'environment',
        status: 'pass',
        detail: `${built.variables.length} variable(s) would be set; ${bytes} bytes of the ${argumentLimit(stackLimit())}-byte exec limit`,
      });
    } catch (error) {
      checks.push(failed('environment', error));
    }
  } else if (tasks.length > 0) {
    checks.push({ name: 'environment', status: 'fail', detail: 'not built: a source above cannot be read, so a run would not start the command' });
  }
  if (config.user !== undefined) {
    try {
      const identity = lookupIdentity(config.user);
      assertRoot(identity);
      checks.push({ name: 'user', status: 'pass', detail: `${identity.name} (uid ${identity.uid}, gid ${identity.gid})` });
    } catch (error) {
      checks.push(failed('user', error));
    }
  }
  if (config.command.length > 0 && runEnv) {
    try {
      const target = findExecutable(config.command, runEnv);
      checks.push({ name: 'command', status: 'pass', detail: `${config.command[0]} found: ${target.file}` });
    } catch (error) {
      checks.push(failed('command', error));
    }
  }
  return checks;
}

function regionCheck(where: RegionAnswer | undefined, env: Env): Check {
  const ignored =
    env.AWS_DEFAULT_REGION && !env.AWS_REGION
      ? `; AWS_DEFAULT_REGION=${env.AWS_DEFAULT_REGION} is ignored (the AWS CLI reads it, the AWS SDK for JavaScript does not)`
      : '';
  if (where?.invalid) {
    return {
      name: 'region',
      status: 'fail',
      detail: `${JSON.stringify(where.region)} (from ${where.source}) is not a valid region; the AWS SDK takes it as is`,
      fix: 'set it to a region code such as eu-west-1, or unset it',
    };
  }
  if (!where?.region) {
    return { name: 'region', status: 'fail', detail: `no region configured${ignored}`, fix: `set AWS_REGION (ECS sets it) or pass --region; ${REGION_CHAIN}` };
  }
  return { name: 'region', status: 'pass', detail: `${where.region} (from ${where.source ?? 'the AWS SDK'})${ignored}` };
}

/** Where credentials come from: the SDK's own record once they worked, else a prediction, said to be one. */
function credentialCheck(env: Env, identity: CallerIdentity | undefined, failed: boolean): Check {
  const ignored = env.AWS_PROFILE && env.AWS_ACCESS_KEY_ID ? '; AWS_ACCESS_KEY_ID is ignored while AWS_PROFILE is set (the SDK skips the key variables)' : '';
  if (identity?.credentialFeatures) {
    return {
      name: 'credentials',
      status: 'pass',
      detail: `${describeCredentialFeatures(identity.credentialFeatures, env)} (as the AWS SDK reports it)${ignored}`,
    };
  }
  const guess = predictCredentialSource(env).what;
  return { name: 'credentials', status: failed ? 'fail' : 'warn', detail: `guess, from the environment: ${guess}${ignored}; not confirmed, see identity` };
}

function ecsCheck(env: Env): Check {
  const { onEcs, credentials: endpoint } = ecsOf(env);
  if (!onEcs)
    return { name: 'ecs', status: 'pass', detail: `not on ECS (no ECS_CONTAINER_METADATA_URI_V4)${endpoint ? '; container credentials endpoint set' : ''}` };
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
