import t from 'tap';
import { parseArgs } from '../../src/cli/args.js';
import { OPTIONS, envNameOf } from '../../src/cli/options.js';
import { UsageError } from '../../src/core/errors.js';
import { parseAs } from './parse.js';

t.test('options end at the first non-option word', async (t) => {
  const c = parseAs('run', ['--prefix', '/a', 'server', '--prefix', '/b'], {});
  t.same(c.prefixes, ['/a']);
  t.same(c.command, ['server', '--prefix', '/b']);
});

t.test('-- ends the options', async (t) => {
  const c = parseAs('run', ['--verbose', '--', '--not-an-option', 'x'], {});
  t.equal(c.log.level, 'debug');
  t.same(c.command, ['--not-an-option', 'x']);
});

t.test('--opt=value and --opt value; lists repeat and split on commas', async (t) => {
  const c = parseAs('run', ['--prefix=/a,/b', '--prefix', ' /c ', '--env-prefix=DB_', 'x'], {});
  t.same(c.prefixes, ['/a', '/b', '/c']);
  t.equal(c.envPrefix, 'DB_');
});

t.test('environment: legacy variables, SSM_ENTRYPOINT_*, flags win', async (t) => {
  t.same(parseAs('run', ['x'], { PARAMETER_STORE_PREFIX: 'a,b', PARAMETER_STORE_ENV_PREFIX: 'DB_' }).prefixes, ['a', 'b']);
  t.same(parseAs('run', ['x'], { PARAMETER_STORE_PREFIX: 'a', SSM_ENTRYPOINT_PREFIX: 'b' }).prefixes, ['b']);
  t.same(parseAs('run', ['--prefix', 'c', 'x'], { PARAMETER_STORE_PREFIX: 'a', SSM_ENTRYPOINT_PREFIX: 'b' }).prefixes, ['c']);
  t.equal(parseAs('run', ['x'], { SSM_ENTRYPOINT_NO_OVERWRITE: 'yes' }).overwrite, false);
  t.equal(parseAs('run', ['x'], { SSM_ENTRYPOINT_NO_OVERWRITE: '0' }).overwrite, true);
  t.equal(parseAs('run', ['x'], { SSM_ENTRYPOINT_TIMEOUT: '2.5' }).timeoutMs, 2500);
  t.equal(parseAs('run', ['x'], {}).timeoutMs, 30_000);
});

t.test('usage errors name the culprit', async (t) => {
  const cases: Array<[string[], Record<string, string>, string]> = [
    [['--bogus', 'x'], {}, "unknown option '--bogus'"],
    [['-x'], {}, "unknown option '-x'"],
    [['--prefix'], {}, "option '--prefix' needs a value (PATH[,PATH])"],
    [['--timeout', 'abc', 'x'], {}, '--timeout must be a number of seconds between 0 and 3600, not "abc"'],
    [['--timeout=0', 'x'], {}, '--timeout must be a number of seconds between 0 and 3600, not "0"'],
    [['--verbose=1', 'x'], {}, "option '--verbose' takes no value"],
    [['x'], { SSM_ENTRYPOINT_DRY_RUN: 'maybe' }, 'SSM_ENTRYPOINT_DRY_RUN="maybe" is not a boolean: use 1/true/yes or 0/false/no'],
    [['x'], { PARAMETER_STORE_PREFIX: ' , ,' }, 'PARAMETER_STORE_PREFIX=" , ," names nothing (only commas): give at least one entry, or unset it'],
    [['--env-prefix', '1X', 'x'], {}, '--env-prefix="1X" is not a valid start of a variable name: use letters, digits and _, not starting with a digit'],
    [['--log-format', 'xml', 'x'], {}, '--log-format must be one of text, json, not "xml"'],
  ];
  for (const [argv, env, message] of cases) {
    t.throws(() => parseArgs(argv, env), new UsageError(message), argv.join(' '));
  }
});

t.test('an empty legacy variable means unset', async (t) => {
  t.same(parseAs('run', ['x'], { PARAMETER_STORE_PREFIX: '' }).prefixes, []);
});

t.test('empty values: an empty environment variable means unset, for every option', async (t) => {
  const config = (env: Record<string, string>) => parseArgs(['x'], env);
  for (const option of OPTIONS.filter((o) => o.fromEnv !== false)) {
    const name = envNameOf(option);
    t.same(config({ [name]: '' }), config({}), `${name}= is unset`);
    for (const legacy of option.legacyEnv ?? []) {
      t.same(config({ [legacy]: '' }), config({}), `${legacy}= is unset`);
      const value = option.name === 'env-prefix' ? 'DB_' : '/app';
      t.same(config({ [name]: '', [legacy]: value }), config({ [legacy]: value }), `${name}= lets ${legacy} apply`);
    }
  }
  t.equal(parseAs('run', ['x'], { SSM_ENTRYPOINT_ENV_PREFIX: '', PARAMETER_STORE_ENV_PREFIX: 'DB_' }).envPrefix, 'DB_');
  t.equal(parseAs('run', ['x'], { SSM_ENTRYPOINT_TIMEOUT: '' }).timeoutMs, 30_000);
});

t.test('empty values: an empty flag value is a usage error, for every option that takes one', async (t) => {
  const options = OPTIONS.filter((o) => o.kind !== 'flag');
  t.ok(options.length >= 8);
  for (const option of options) {
    const error = new UsageError(`option '--${option.name}' needs a non-empty value (${option.arg})`);
    t.throws(() => parseArgs([`--${option.name}=`, 'x'], {}), error, `--${option.name}=`);
    t.throws(() => parseArgs([`--${option.name}`, '', 'x'], {}), error, `--${option.name} ''`);
    // A flag wins over the environment, so an empty one must not fall back to it.
    t.throws(() => parseArgs([`--${option.name}=`, 'x'], { [envNameOf(option)]: 'set' }), error);
  }
});

t.test('conflicting or useless options are usage errors naming the conflict', async (t) => {
  const cases: Array<[string[], Record<string, string>, string]> = [
    [['--policy'], {}, '--policy only applies to --doctor, which is not given'],
    [['--show-values', 'x'], {}, '--show-values only applies to --dry-run, which is not given'],
    [['--show-values', '--print'], {}, '--show-values only applies to --dry-run, which is not given'],
    [['--format', 'json', 'x'], {}, '--format only applies to --print, which is not given'],
    [['--format=env', '--dry-run', 'x'], {}, '--format only applies to --print, which is not given'],
    [['--print', '--dry-run', '--doctor'], {}, '--print and --dry-run and --doctor cannot be used together: choose one'],
    [['--print', '--doctor'], {}, '--print and --doctor cannot be used together: choose one'],
    [['--dry-run', 'x'], { SSM_ENTRYPOINT_PRINT: '1' }, 'SSM_ENTRYPOINT_PRINT and --dry-run cannot be used together: choose one'],
    [
      ['x'],
      { SSM_ENTRYPOINT_DRY_RUN: 'yes', SSM_ENTRYPOINT_DOCTOR: 'true' },
      'SSM_ENTRYPOINT_DRY_RUN and SSM_ENTRYPOINT_DOCTOR cannot be used together: choose one',
    ],
  ];
  for (const [argv, env, message] of cases) t.throws(() => parseArgs(argv, env), new UsageError(message), argv.join(' '));
  // From the environment a modifier is a default for its mode (set once in a task definition).
  t.equal(parseArgs(['x'], { SSM_ENTRYPOINT_FORMAT: 'json' }).mode, 'run');
  t.equal(parseAs('print', ['--print'], { SSM_ENTRYPOINT_FORMAT: 'json' }).format, 'json');
  t.equal(parseAs('print', ['--format', 'env'], { SSM_ENTRYPOINT_PRINT: '1' }).format, 'env');
  t.equal(parseArgs(['--doctor'], { SSM_ENTRYPOINT_POLICY: '1', SSM_ENTRYPOINT_SHOW_VALUES: '1' }).mode, 'policy');
  t.equal(parseArgs(['--dry-run', 'x'], { SSM_ENTRYPOINT_PRINT: '0' }).mode, 'dry-run', 'a mode set to false is no mode');
  t.equal(parseArgs(['--help'], { SSM_ENTRYPOINT_PRINT: '1', SSM_ENTRYPOINT_DOCTOR: '1' }).mode, 'help');
});

t.test('--user: numeric ids out of range are usage errors', async (t) => {
  for (const spec of ['4294967295', '0:99999999999', '99999999999999999999999:0', 'app:4294967295']) {
    t.throws(
      () => parseArgs(['--user', spec, 'x'], {}),
      new UsageError(
        `--user=${JSON.stringify(spec)}: id ${spec.split(':').find((p) => /^\d+$/.test(p) && Number(p) > 4294967294)} is out of range; user and group ids go from 0 to 4294967294`,
      ),
      spec,
    );
  }
  t.throws(
    () => parseArgs(['x'], { SSM_ENTRYPOINT_USER: '4294967296' }),
    new UsageError('SSM_ENTRYPOINT_USER="4294967296": id 4294967296 is out of range; user and group ids go from 0 to 4294967294'),
  );
  for (const spec of ['0', '4294967294', '1000:1000', 'app', 'app:0']) t.equal(parseAs('run', ['--user', spec, 'x'], {}).user, spec);
});
