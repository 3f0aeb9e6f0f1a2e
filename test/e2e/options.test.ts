// Option values as a task definition templates them, and options that conflict: usage
// errors (exit 125, one line, the command not started), through every artifact.
import { execa } from 'execa';
import t from 'tap';
import { EXAMPLE, artifacts, cleanEnv, toolArgv } from './artifacts.js';

const HELP = "; run 'ssm-entrypoint --help' for the options\n";
const sample = { PARAMETER_STORE_PREFIX: 'goecssample/database/sample/master', PARAMETER_STORE_ENV_PREFIX: 'DB_' };

for (const tool of artifacts()) {
  const run = (args: string[], env: Record<string, string> = {}) => execa(...toolArgv(tool, args, cleanEnv(env)), { reject: false, stripFinalNewline: false });

  t.test(tool.name, async (t) => {
    t.test('usage errors: empty flag values, conflicts, out-of-range ids', async (t) => {
      const cases: Array<[string[], string]> = [
        [['--user=', 'echo', 'started'], "option '--user' needs a non-empty value (USER[:GROUP])"],
        [['--prefix=', 'echo', 'started'], "option '--prefix' needs a non-empty value (PATH[,PATH])"],
        [['--timeout', '', 'echo', 'started'], "option '--timeout' needs a non-empty value (SECONDS)"],
        [['--print', '--dry-run', '--doctor'], '--print and --dry-run and --doctor cannot be used together: choose one'],
        [['--policy', 'echo', 'started'], '--policy only applies to --doctor, which is not given'],
        [['--show-values', 'echo', 'started'], '--show-values only applies to --dry-run, which is not given'],
        [['--format', 'json', 'echo', 'started'], '--format only applies to --print, which is not given'],
        [['--user', '4294967295', 'echo', 'started'], '--user="4294967295": id 4294967295 is out of range; user and group ids go from 0 to 4294967294'],
        [['--user', '0:99999999999', 'echo', 'started'], '--user="0:99999999999": id 99999999999 is out of range; user and group ids go from 0 to 4294967294'],
      ];
      for (const [args, message] of cases) {
        const r = await run(['--from-file', EXAMPLE, ...args], sample);
        t.equal(r.exitCode, 125, args.join(' '));
        t.equal(r.stdout, '', 'nothing started, nothing printed');
        t.equal(r.stderr, `ssm-entrypoint: error: ${message}${HELP}`);
      }
    });

    t.test('an empty SSM_ENTRYPOINT_* variable means unset: the older name applies', async (t) => {
      const r = await run(['--print', '--format', 'json'], {
        SSM_ENTRYPOINT_FROM_FILE: EXAMPLE,
        SSM_ENTRYPOINT_PREFIX: '',
        SSM_ENTRYPOINT_ENV_PREFIX: '',
        SSM_ENTRYPOINT_TIMEOUT: '',
        SSM_ENTRYPOINT_USER: '',
        ...sample,
      });
      t.equal(r.exitCode, 0, r.stderr);
      t.same(Object.keys(JSON.parse(r.stdout) as object).sort(), ['DB_HOST', 'DB_NAME', 'DB_PASSWORD', 'DB_PORT', 'DB_USER']);
    });

    t.test('SSM_ENTRYPOINT_FORMAT set for the whole task applies to --print only', async (t) => {
      const r = await run(['--from-file', EXAMPLE, 'sh', '-c', 'echo "$DB_USER"'], { ...sample, SSM_ENTRYPOINT_FORMAT: 'json' });
      t.equal(r.exitCode, 0, r.stderr);
      t.equal(r.stdout, 'sampleuser\n');
    });
  });
}
