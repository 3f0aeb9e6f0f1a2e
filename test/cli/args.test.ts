import t from 'tap';
import { parseArgs } from '../../src/cli/args.js';
import { UsageError } from '../../src/report/errors.js';

t.test('options end at the first non-option word', async (t) => {
  const c = parseArgs(['--prefix', '/a', 'server', '--prefix', '/b'], {});
  t.same(c.prefixes, ['/a']);
  t.same(c.command, ['server', '--prefix', '/b']);
});

t.test('-- ends the options', async (t) => {
  const c = parseArgs(['--verbose', '--', '--not-an-option', 'x'], {});
  t.equal(c.verbose, true);
  t.same(c.command, ['--not-an-option', 'x']);
});

t.test('--opt=value and --opt value; lists repeat and split on commas', async (t) => {
  const c = parseArgs(['--prefix=/a,/b', '--prefix', ' /c ', '--env-prefix=DB_', 'x'], {});
  t.same(c.prefixes, ['/a', '/b', '/c']);
  t.equal(c.envPrefix, 'DB_');
});

t.test('environment: legacy variables, SSM_ENTRYPOINT_*, flags win', async (t) => {
  t.same(parseArgs(['x'], { PARAMETER_STORE_PREFIX: 'a,b', PARAMETER_STORE_ENV_PREFIX: 'DB_' }).prefixes, ['a', 'b']);
  t.same(parseArgs(['x'], { PARAMETER_STORE_PREFIX: 'a', SSM_ENTRYPOINT_PREFIX: 'b' }).prefixes, ['b']);
  t.same(parseArgs(['--prefix', 'c', 'x'], { PARAMETER_STORE_PREFIX: 'a', SSM_ENTRYPOINT_PREFIX: 'b' }).prefixes, ['c']);
  t.equal(parseArgs(['x'], { SSM_ENTRYPOINT_NO_OVERWRITE: 'yes' }).overwrite, false);
  t.equal(parseArgs(['x'], { SSM_ENTRYPOINT_NO_OVERWRITE: '0' }).overwrite, true);
  t.equal(parseArgs(['x'], { SSM_ENTRYPOINT_TIMEOUT: '2.5' }).timeoutMs, 2500);
  t.equal(parseArgs(['x'], {}).timeoutMs, 30_000);
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
  t.same(parseArgs(['x'], { PARAMETER_STORE_PREFIX: '' }).prefixes, []);
});
