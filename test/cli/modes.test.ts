// The dispatch: which mode a command line and environment ask for, the conflicts refused on
// the way, and that each mode carries only the fields it reads.
import t from 'tap';
import { parseArgs } from '../../src/cli/args.js';
import type { Mode } from '../../src/cli/config.js';
import type { FlagName, OptionName, ValueName } from '../../src/cli/options.js';
import { UsageError } from '../../src/core/errors.js';

type Env = Record<string, string>;
const mode = (argv: string[], env: Env = {}) => parseArgs(argv, env).mode;

t.test('argv and environment → the mode', async (t) => {
  const cases: Array<[string[], Env, Mode]> = [
    [['server'], {}, 'run'],
    [[], {}, 'run'], // refused later, as "no command given", by the run itself
    [['--supervise', 'server'], {}, 'run'],
    [['--watch', '30s', 'server'], {}, 'run'],
    [['--dry-run', 'server'], {}, 'dry-run'],
    [['--dry-run', '--watch', '30s', 'server'], {}, 'dry-run'],
    [['--dry-run'], {}, 'dry-run'],
    [['--print'], {}, 'print'],
    [['--print', '--format', 'env'], {}, 'print'],
    [['--doctor'], {}, 'doctor'],
    [['--doctor', '--policy'], {}, 'policy'],
    [['--policy', '--doctor'], {}, 'policy'],
    [['--help'], {}, 'help'],
    [['-h'], {}, 'help'],
    [['--version'], {}, 'version'],
    // From the environment, as an ECS task can set env but not the ENTRYPOINT.
    [['server'], { SSM_ENTRYPOINT_DRY_RUN: '1' }, 'dry-run'],
    [[], { SSM_ENTRYPOINT_PRINT: 'true' }, 'print'],
    [[], { SSM_ENTRYPOINT_DOCTOR: 'yes' }, 'doctor'],
    [[], { SSM_ENTRYPOINT_DOCTOR: '1', SSM_ENTRYPOINT_POLICY: '1' }, 'policy'],
    [['--doctor'], { SSM_ENTRYPOINT_POLICY: '1' }, 'policy'],
    [['server'], { SSM_ENTRYPOINT_DRY_RUN: '0' }, 'run'],
    [['server'], { SSM_ENTRYPOINT_SUPERVISE: '1' }, 'run'],
    // A modifier from the environment is a default for its mode, not a mode.
    [['server'], { SSM_ENTRYPOINT_POLICY: '1', SSM_ENTRYPOINT_FORMAT: 'json', SSM_ENTRYPOINT_SHOW_VALUES: '1' }, 'run'],
    [['--print'], { SSM_ENTRYPOINT_SHOW_VALUES: '1' }, 'print'],
    // --help and --version are never read from the environment.
    [['server'], { SSM_ENTRYPOINT_HELP: '1', SSM_ENTRYPOINT_VERSION: '1' }, 'run'],
    // After the command, a mode flag is the command's argument.
    [['server', '--dry-run'], {}, 'run'],
    [['--', '--print'], {}, 'run'],
  ];
  for (const [argv, env, expected] of cases) t.equal(mode(argv, env), expected, `${argv.join(' ')} ${JSON.stringify(env)}`);
});

t.test('--help, then --version, win over every other mode and its conflicts', async (t) => {
  t.equal(mode(['--print', '--dry-run', '--help']), 'help');
  t.equal(mode(['--version', '--help']), 'help');
  t.equal(mode(['--doctor', '--print', '--version']), 'version');
  t.equal(mode(['--policy', '--show-values', '--version']), 'version');
  t.equal(mode(['--help'], { SSM_ENTRYPOINT_PRINT: '1', SSM_ENTRYPOINT_DRY_RUN: '1' }), 'help');
  // Values are still checked: a broken setting is reported, not hidden behind --help.
  t.throws(() => parseArgs(['--help', '--timeout', 'soon'], {}), new UsageError('--timeout must be a number of seconds between 0 and 3600, not "soon"'));
});

t.test('two modes, or a modifier without its mode, are refused naming both', async (t) => {
  // Named in this order, whatever the order given.
  const flags: FlagName[] = ['print', 'dry-run', 'doctor'];
  flags.forEach((a, i) => {
    for (const b of flags.slice(i + 1)) {
      const error = new UsageError(`--${a} and --${b} cannot be used together: choose one`);
      t.throws(() => parseArgs([`--${a}`, `--${b}`], {}), error);
      t.throws(() => parseArgs([`--${b}`, `--${a}`], {}), error);
      const fromEnv = `SSM_ENTRYPOINT_${b.toUpperCase().replace('-', '_')}`;
      t.throws(() => parseArgs([`--${a}`], { [fromEnv]: '1' }), new UsageError(`--${a} and ${fromEnv} cannot be used together: choose one`));
    }
  });
  const modifiers: Array<[string[], string]> = [
    [['--policy'], '--policy only applies to --doctor, which is not given'],
    [['--policy', '--print'], '--policy only applies to --doctor, which is not given'],
    [['--show-values', 'server'], '--show-values only applies to --dry-run, which is not given'],
    [['--show-values', '--doctor'], '--show-values only applies to --dry-run, which is not given'],
    [['--format', 'json', 'server'], '--format only applies to --print, which is not given'],
    [['--format=json', '--dry-run'], '--format only applies to --print, which is not given'],
  ];
  for (const [argv, message] of modifiers) t.throws(() => parseArgs(argv, {}), new UsageError(message), argv.join(' '));
  t.throws(() => parseArgs(['--verbose', '--quiet', '--print'], {}), new UsageError('--verbose and --quiet cannot be used together'));
});

t.test('each mode carries only the fields it reads', async (t) => {
  const keys = (argv: string[], env: Env = {}) => Object.keys(parseArgs(argv, env)).sort();
  const resolve = [
    'allowEmpty',
    'allowNames',
    'command',
    'envPrefix',
    'fileVars',
    'fromFile',
    'log',
    'overwrite',
    'prefixes',
    'region',
    'secrets',
    'secretsDir',
    'timeoutMs',
    'user',
  ];
  const supervise = ['onChange', 'stopSignal', 'stopTimeoutMs', 'supervise', 'watchMs'];
  t.same(keys(['--help', '--prefix', '/app']), ['mode']);
  t.same(keys(['--version']), ['mode']);
  t.same(keys(['server']), [...resolve, 'mode', ...supervise].sort());
  t.same(keys(['--dry-run', 'server']), [...resolve, 'mode', 'showValues', ...supervise].sort());
  t.same(keys(['--print']), [...resolve, 'format', 'mode'].sort());
  t.same(keys(['--doctor']), [...resolve, 'mode', 'watchMs'].sort());
  t.same(keys(['--doctor', '--policy']), ['envPrefix', 'fromFile', 'log', 'mode', 'prefixes', 'region', 'secrets', 'timeoutMs', 'watchMs']);
});

t.test('the fields carry what was given', async (t) => {
  const env = { PARAMETER_STORE_PREFIX: '/app', SSM_ENTRYPOINT_FORMAT: 'json', SSM_ENTRYPOINT_WATCH: '1m' };
  t.same(parseArgs(['--print', '--quiet'], env), {
    mode: 'print',
    log: { level: 'error', format: 'text' },
    prefixes: ['/app'],
    envPrefix: '',
    secrets: [],
    region: undefined,
    fromFile: undefined,
    timeoutMs: 30_000,
    allowEmpty: false,
    overwrite: true,
    allowNames: [],
    fileVars: [],
    secretsDir: undefined,
    user: undefined,
    command: [],
    format: 'json',
  });
  t.same(parseArgs(['--doctor', '--policy', '--region', 'eu-west-1', '--log-format', 'json'], env), {
    mode: 'policy',
    log: { level: 'info', format: 'json' },
    prefixes: ['/app'],
    envPrefix: '',
    secrets: [],
    region: 'eu-west-1',
    fromFile: undefined,
    timeoutMs: 30_000,
    watchMs: 60_000,
  });
  const dry = parseArgs(['--dry-run', '--show-values', '--verbose', 'server', '-x'], env);
  t.match(dry, { mode: 'dry-run', showValues: true, supervise: true, watchMs: 60_000, log: { level: 'debug' }, command: ['server', '-x'] });
  t.match(parseArgs(['--doctor', '--user', 'app', 'server'], env), { mode: 'doctor', watchMs: 60_000, user: 'app', command: ['server'] });
});

t.test('option names are types: a misspelt one does not compile', async (t) => {
  // Checked by `npm run typecheck`: each line below must stay a type error.
  // @ts-expect-error not an option
  const typo: OptionName = 'prefx';
  // @ts-expect-error a flag is not a value option
  const kind: ValueName = 'dry-run';
  // @ts-expect-error not a mode
  const wrong: Mode = 'dryrun';
  t.ok([typo, kind, wrong]);
});
