// First: shuts the inspector's SIGUSR1 door before anything else loads (see exec/signals.ts).
import './exec/signals.js';
import { parseArgs } from './cli/args.js';
import type { Config } from './cli/config.js';
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
import { FailureList, UsageError, UserError, describeUnexpected } from './core/errors.js';
import { EXIT_OK, EXIT_TOOL_FAILED } from './core/exit-codes.js';
import { createLogger, writeFd, type Logger } from './core/log.js';
import { formatPlan } from './output/plan.js';
import { formatVariables } from './output/print.js';
import { describeSources } from './output/sources.js';
import { resolvePlan, type Fetched } from './resolve/resolve.js';
import { isEmptyPlan, planSources, type Plan } from './sources/plan.js';
import { createFileStore } from './stores/file.js';
import { withSupervisePlan } from './supervise/describe.js';
import { superviseCommand } from './supervise/run.js';
import type { Store } from './stores/store.js';

// Wires the stages: config → sources → resolve → env → exec. The only place that exits.
async function main(argv: string[], processEnv: NodeJS.ProcessEnv): Promise<number> {
  const base = snapshot(processEnv);
  // The app's setting (common in dev images), never the tool's: its own AWS calls, and the
  // SDK's credential providers, always verify certificates. The command still gets it (base).
  delete processEnv.NODE_TLS_REJECT_UNAUTHORIZED;
  let log = createLogger({ level: 'info', format: 'text' });
  let closing: string | undefined = 'the command was not started';
  try {
    const config = parseArgs(argv, processEnv);
    log = createLogger({ level: config.quiet ? 'error' : config.verbose ? 'debug' : 'info', format: config.logFormat });
    if (config.help) return print(helpText());
    if (config.version) return print(`ssm-entrypoint ${VERSION}\n`);
    const reportOnly = config.dryRun || config.print || config.doctor;
    if (reportOnly) closing = undefined;
    if (config.command.length === 0 && !reportOnly) {
      throw new UsageError('no command given: usage: ssm-entrypoint [OPTION]... [--] COMMAND [ARG]...');
    }
    const plan = planSources(config, base);
    const files = fileSelector({ dir: config.secretsDir, patterns: config.fileVars });
    if (config.doctor) return await doctor(config, plan, base);
    // Checked before fetching, so a wrong --user fails at once.
    const identity = config.user === undefined ? undefined : lookupIdentity(config.user);
    if (identity && !reportOnly) assertRoot(identity);
    if (isEmptyPlan(plan) && !reportOnly && !config.supervise) return await run(config.command, base, identity);

    const release = onStopSignal((signal, status) => {
      log.error(`received ${signal} while fetching: the command was not started`);
      process.exit(status);
    });
    const { built, store } = await fetchAndBuild(config, plan, base, log, files).finally(release);
    validateEnv(built.env, built.variables.map((v) => v.name), config.command);
    // Files are asked for by a NAME_FILE reference, --file-vars or --secrets-dir.
    const withFiles = built.files.length > 0 || config.fileVars.length > 0 || config.secretsDir !== undefined;
    const owner = ownerOf(identity);
    // Written as root, before --user drops privileges; --print too, or its paths would point at nothing.
    if (config.print) {
      if (withFiles) writeAndReport(built, owner, log);
      return print(formatVariables(built.variables, config.format));
    }
    if (config.dryRun) {
      if (config.command.length > 0) prepareCommand(config.command, built.env, { pathSource: pathSource(built.variables) });
      const shownFiles = withFiles ? { dir: built.dir, rows: fileRows(built.files, owner, config.showValues) } : undefined;
      const text = formatPlan(built.variables, config.command, { showValues: config.showValues, format: config.logFormat, files: shownFiles });
      return print(withSupervisePlan(text, config, plan, built.variables, config.logFormat));
    }
    if (withFiles) writeAndReport(built, owner, log);
    if (config.supervise) {
      // A refresh builds the environment and the files exactly as start-up did.
      const assemble = (fetched: Fetched): Placed => place(config, base, fetched, files);
      const write = withFiles ? (placed: Placed) => writeFiles(placed.dir, placed.files, owner) : undefined;
      return await superviseCommand({ config, plan, base, built, store, identity, log, assemble, write });
    }
    return await run(config.command, built.env, identity, pathSource(built.variables));
  } catch (error) {
    return reportFailure(log, error, closing);
  }
}

async function doctor(config: Config, plan: Plan, env: Env): Promise<number> {
  const { printPolicy, runDoctor } = await import('./doctor/run.js');
  const store = await openStore(config, createLogger({ level: 'error', format: config.logFormat }));
  return config.policy ? printPolicy(config, plan, store, env) : runDoctor(config, plan, store, env);
}

async function fetchAndBuild(config: Config, plan: Plan, base: Env, log: Logger, files: FileSelector): Promise<{ built: Placed; store?: Store }> {
  if (isEmptyPlan(plan)) return { built: { env: base, variables: [], dir: files.dir, files: [] } };
  const started = performance.now();
  const store = await openStore(config, log);
  const fetched = await resolvePlan(plan, store, { timeoutMs: config.timeoutMs, allowEmpty: config.allowEmpty, log, env: base });
  const placed = place(config, base, fetched, files);
  reportLoaded(log, plan, placed, performance.now() - started);
  return { built: placed, store };
}

function place(config: Config, base: Env, fetched: Fetched, files: FileSelector): Placed {
  return assemble(base, fetched, { overwrite: config.overwrite, allowNames: config.allowNames, files });
}

function writeAndReport(placed: Placed, owner: ReturnType<typeof ownerOf>, log: Logger): void {
  writeFiles(placed.dir, placed.files, owner);
  const names = placed.files.map((f) => f.variable).join(', ');
  log.info(`wrote ${placed.files.length} file(s) in ${placed.dir}${names ? ` for ${names}` : ''}`);
}

/** Becomes --user (after fetching, with the credentials of the process) and runs the command. */
async function run(command: readonly string[], env: Env, identity: Identity | undefined, fetchedPath?: string): Promise<number> {
  if (!identity) return runCommand(command, env, { pathSource: fetchedPath });
  const userEnv = withHome(identity, env);
  // Dropped first, so the checks before exec see what the user can execute.
  dropPrivileges(identity);
  return runCommand(command, userEnv, { pathSource: fetchedPath });
}

async function openStore(config: Config, log: Logger): Promise<Store> {
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

function reportFailure(log: Logger, error: unknown, closing: string | undefined): number {
  if (error instanceof FailureList) {
    for (const failure of error.failures) log.error(failure.message, { hint: failure.hint, details: failure.details.length > 0 ? failure.details : undefined });
    if (closing) log.error(closing);
    return EXIT_TOOL_FAILED;
  }
  if (error instanceof UserError) {
    log.error(error.message, { hint: error.hint, details: error.details.length > 0 ? error.details : undefined });
    return error.exitCode;
  }
  log.error(`unexpected failure: ${describeUnexpected(error)}`, { hint: 'please report this; the command was not started' });
  return EXIT_TOOL_FAILED;
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
