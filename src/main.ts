// First: shuts the inspector's SIGUSR1 door before anything else loads (see exec/signals.ts).
import './exec/signals.js';
import { parseArgs } from './cli/args.js';
import type { DoctorConfig, DryRunConfig, FetchOptions, PolicyConfig, PrintConfig, ResolveOptions, RunConfig } from './cli/config.js';
import { VERSION, helpText } from './cli/help.js';
import { emptyEnv, type Built, type Env } from './env/build.js';
import { validateEnv } from './env/validate.js';
import { onStopSignal } from './exec/interrupt.js';
import { pathSource, prepareCommand } from './exec/lookup.js';
import { runCommand } from './exec/run.js';
import { assemble } from './files/assemble.js';
import { fileSelector, type FileSelector, type Placed } from './files/plan.js';
import { fileRows, ownerOf } from './files/show.js';
import { writeFiles } from './files/write.js';
import { assertRoot, dropPrivileges, lookupIdentity, withHome, type Identity } from './exec/user.js';
import { UsageError, describeUnexpected } from './core/errors.js';
import { EXIT_OK, EXIT_TOOL_FAILED } from './core/exit-codes.js';
import { createLogger, writeFd, type Logger } from './core/log.js';
import { reportFailure } from './output/failure.js';
import { formatPlan } from './output/plan.js';
import { formatVariables } from './output/print.js';
import { describeSources } from './output/sources.js';
import { resolvePlan, type Fetched } from './resolve/resolve.js';
import { isEmptyPlan, planSources, type Plan } from './sources/plan.js';
import { createFileStore } from './stores/file.js';
import { withSupervisePlan } from './supervise/describe.js';
import { superviseCommand } from './supervise/run.js';
import type { Store } from './stores/store.js';

const NOT_STARTED = 'the command was not started';

// Wires the stages: config → sources → resolve → env → exec, for one mode. The only place that exits.
async function main(argv: string[], processEnv: NodeJS.ProcessEnv): Promise<number> {
  const base = snapshot(processEnv);
  // The app's setting (common in dev images), never the tool's: its own AWS calls, and the
  // SDK's credential providers, always verify certificates. The command still gets it (base).
  delete processEnv.NODE_TLS_REJECT_UNAUTHORIZED;
  let log = createLogger({ level: 'info', format: 'text' });
  let closing: string | undefined = NOT_STARTED;
  try {
    const config = parseArgs(argv, processEnv);
    if ('log' in config) log = createLogger(config.log);
    if (config.mode !== 'run') closing = undefined;
    switch (config.mode) {
      case 'help':
        return print(helpText());
      case 'version':
        return print(`ssm-entrypoint ${VERSION}\n`);
      case 'policy':
        return await policy(config, base);
      case 'doctor':
        return await doctor(config, base);
      case 'print':
        return await printVariables(config, base, log);
      case 'dry-run':
        return await dryRun(config, base, log);
      case 'run':
        return await run(config, base, log);
    }
  } catch (error) {
    return reportFailure(log, error, closing);
  }
}

/** Fetch, then exec the command as --user, or stay its parent with --supervise / --watch. */
async function run(config: RunConfig, base: Env, log: Logger): Promise<number> {
  if (config.command.length === 0) throw new UsageError('no command given: usage: ssm-entrypoint [OPTION]... [--] COMMAND [ARG]...');
  const plan = planSources(config, base);
  // Checked before fetching, so a wrong --user fails at once.
  const identity = identityOf(config);
  if (identity) assertRoot(identity);
  if (isEmptyPlan(plan) && !config.supervise) return await exec(config.command, base, identity);
  const { built, store, files } = await load(config, plan, base, log);
  const owner = ownerOf(identity);
  const withFiles = wantsFiles(config, built);
  if (withFiles) writeAndReport(built, owner, log);
  if (!config.supervise) return await exec(config.command, built.env, identity, pathSource(built.variables));
  // A refresh builds the environment and the files exactly as start-up did.
  const assemble = (fetched: Fetched): Placed => place(config, base, fetched, files);
  const write = withFiles ? (placed: Placed) => writeFiles(placed.dir, placed.files, owner) : undefined;
  return await superviseCommand({ config, plan, base, built, store, identity, log, assemble, write });
}

/** --print: the variables, nothing started. */
async function printVariables(config: PrintConfig, base: Env, log: Logger): Promise<number> {
  const plan = planSources(config, base);
  const identity = identityOf(config);
  const { built } = await load(config, plan, base, log);
  // Written as root, before a run's --user drops privileges; --print too, or its paths would point at nothing.
  if (wantsFiles(config, built)) writeAndReport(built, ownerOf(identity), log);
  return print(formatVariables(built.variables, config.format));
}

/** --dry-run: what a run would set and start, values masked unless --show-values. */
async function dryRun(config: DryRunConfig, base: Env, log: Logger): Promise<number> {
  const plan = planSources(config, base);
  const identity = identityOf(config);
  const { built } = await load(config, plan, base, log);
  if (config.command.length > 0) prepareCommand(config.command, built.env, { pathSource: pathSource(built.variables) });
  const files = wantsFiles(config, built) ? { dir: built.dir, rows: fileRows(built.files, ownerOf(identity), config.showValues) } : undefined;
  const text = formatPlan(built.variables, config.command, { showValues: config.showValues, format: config.log.format, files });
  return print(withSupervisePlan(text, config, plan, built.variables, config.log.format));
}

async function doctor(config: DoctorConfig, base: Env): Promise<number> {
  const plan = planSources(config, base);
  const { runDoctor } = await import('./doctor/run.js');
  return runDoctor(config, plan, await openStore(config, createLogger({ level: 'error', format: config.log.format })), base);
}

async function policy(config: PolicyConfig, base: Env): Promise<number> {
  const plan = planSources(config, base);
  const { printPolicy } = await import('./doctor/run.js');
  return printPolicy(config, plan, await openStore(config, createLogger({ level: 'error', format: config.log.format })));
}

/** Every source fetched (a stop signal meanwhile ends the tool), built and validated as exec would. */
async function load(config: ResolveOptions, plan: Plan, base: Env, log: Logger): Promise<{ built: Placed; store?: Store; files: FileSelector }> {
  const files = fileSelector({ dir: config.secretsDir, patterns: config.fileVars });
  const release = onStopSignal((signal, status) => {
    log.error(`received ${signal} while fetching: ${NOT_STARTED}`);
    process.exit(status);
  });
  const { built, store } = await fetchAndBuild(config, plan, base, log, files).finally(release);
  validateEnv(
    built.env,
    built.variables.map((v) => v.name),
    config.command,
  );
  return { built, store, files };
}

/** Files are asked for by a NAME_FILE reference, --file-vars or --secrets-dir. */
function wantsFiles(config: ResolveOptions, built: Placed): boolean {
  return built.files.length > 0 || config.fileVars.length > 0 || config.secretsDir !== undefined;
}

function identityOf(config: ResolveOptions): Identity | undefined {
  return config.user === undefined ? undefined : lookupIdentity(config.user);
}

async function fetchAndBuild(config: ResolveOptions, plan: Plan, base: Env, log: Logger, files: FileSelector): Promise<{ built: Placed; store?: Store }> {
  if (isEmptyPlan(plan)) return { built: { env: base, variables: [], dir: files.dir, files: [] } };
  const started = performance.now();
  const store = await openStore(config, log);
  const fetched = await resolvePlan(plan, store, { timeoutMs: config.timeoutMs, allowEmpty: config.allowEmpty, log, env: base });
  const placed = place(config, base, fetched, files);
  reportLoaded(log, plan, placed, performance.now() - started);
  return { built: placed, store };
}

function place(config: ResolveOptions, base: Env, fetched: Fetched, files: FileSelector): Placed {
  return assemble(base, fetched, { overwrite: config.overwrite, allowNames: config.allowNames, files });
}

function writeAndReport(placed: Placed, owner: ReturnType<typeof ownerOf>, log: Logger): void {
  writeFiles(placed.dir, placed.files, owner);
  const names = placed.files.map((f) => f.variable).join(', ');
  log.info(`wrote ${placed.files.length} file(s) in ${placed.dir}${names ? ` for ${names}` : ''}`);
}

/** Becomes --user (after fetching, with the credentials of the process) and runs the command. */
async function exec(command: readonly string[], env: Env, identity: Identity | undefined, fetchedPath?: string): Promise<number> {
  if (!identity) return runCommand(command, env, { pathSource: fetchedPath });
  const userEnv = withHome(identity, env);
  // Dropped first, so the checks before exec see what the user can execute.
  dropPrivileges(identity);
  return runCommand(command, userEnv, { pathSource: fetchedPath });
}

async function openStore(config: Pick<FetchOptions, 'region' | 'fromFile'>, log: Logger): Promise<Store> {
  if (config.fromFile) return createFileStore(config.fromFile);
  // The SDK warns on Node 20 on every run; the command's env was snapshotted before this.
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  const { createAwsStore } = await import('./stores/aws.js');
  return createAwsStore({ region: config.region, log });
}

function reportLoaded(log: Logger, plan: Plan, built: Built, ms: number): void {
  log.info(`loaded ${built.variables.length} variable(s) from ${describeSources(plan)} in ${Math.round(ms)} ms`);
  const replaced = built.variables.filter((v) => v.replaced).map((v) => v.name);
  if (replaced.length > 0) log.info(`replaced existing variable(s): ${replaced.join(', ')}`);
  const kept = built.variables.filter((v) => v.kept).map((v) => v.name);
  if (kept.length > 0) log.info(`kept existing variable(s) (--no-overwrite): ${kept.join(', ')}`);
  for (const v of built.variables) log.debug(`set ${v.name}`, { from: v.origin.item, version: v.origin.version });
}

function print(text: string): number {
  writeFd(1, text);
  return EXIT_OK;
}

function snapshot(env: NodeJS.ProcessEnv): Env {
  const out = emptyEnv();
  for (const [key, value] of Object.entries(env)) if (value !== undefined) out[key] = value;
  return out;
}

main(process.argv.slice(2), process.env).then(
  (code) => process.exit(code),
  (error: unknown) => {
    writeFd(2, `ssm-entrypoint: error: ${describeUnexpected(error)}\n`);
    process.exit(EXIT_TOOL_FAILED);
  },
);
