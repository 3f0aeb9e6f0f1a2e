// Loading Parameter Store prefixes from a real moto_server, through every built artifact.
import { execa } from 'execa';
import t from 'tap';
import { putParameters, SAMPLE } from '../harness/aws.js';
import { MOTO_MISSING, startMoto } from '../harness/moto.js';
import { startProxy } from '../harness/proxy.js';
import { artifacts, cleanEnv, toolArgv } from './artifacts.js';

const moto = await startMoto();
if (!moto) {
  t.plan(0, MOTO_MISSING);
} else {
  t.teardown(() => moto.stop());
  const proxy = await startProxy(moto.url, moto.env);
  t.teardown(() => proxy.close());

  const many = Array.from({ length: 25 }, (_, i) => ({ name: `/many/p${String(i).padStart(2, '0')}`, value: `value-${i}` }));
  await putParameters(moto.url, [
    ...SAMPLE,
    ...many,
    { name: '/nested/a', value: 'top' },
    { name: '/nested/deep/er/b', value: 'deep' },
    { name: '/common/level', value: 'common' },
    { name: '/common/only-common', value: 'c' },
    { name: '/prod/level', value: 'prod' },
    { name: '/clash/db-host', value: '1' },
    { name: '/clash/db_host', value: '2' },
  ]);
  const printEnv = ['node', '-e', 'process.stdout.write(JSON.stringify(process.env))'];

  for (const tool of artifacts()) {
    const run = (args: string[], env: Record<string, string> = {}) => execa(...toolArgv(tool, args, cleanEnv({ ...proxy.env, ...env })), { reject: false });

    t.test(tool.name, async (t) => {
      t.test('the classic sample as DB_*, SecureString decrypted', async (t) => {
        const r = await run(printEnv, { PARAMETER_STORE_PREFIX: 'goecssample/database/sample/master', PARAMETER_STORE_ENV_PREFIX: 'DB_' });
        t.equal(r.exitCode, 0, r.stderr);
        const env = JSON.parse(r.stdout);
        for (const p of SAMPLE) {
          const name = `DB_${p.name.split('/').at(-1)!.toUpperCase()}`;
          t.equal(env[name], p.value, name);
        }
        for (const p of SAMPLE) t.notMatch(r.stderr, p.value, 'no value in the log');
      });

      t.test('every page is followed: 25 parameters in 3 calls', async (t) => {
        proxy.resetCounts();
        const r = await run(['--prefix', '/many', ...printEnv]);
        t.equal(r.exitCode, 0, r.stderr);
        const env = JSON.parse(r.stdout);
        t.same(Object.keys(env).filter((k) => /^P\d\d$/.test(k)).length, 25);
        t.equal(env.P24, 'value-24');
        t.equal(proxy.counts().GetParametersByPath, 3);
      });

      t.test('nested paths are loaded recursively', async (t) => {
        const r = await run(['--prefix', 'nested', ...printEnv]);
        t.match(JSON.parse(r.stdout), { A: 'top', DEEP_ER_B: 'deep' });
      });

      t.test('two prefixes: the later wins', async (t) => {
        const r = await run(printEnv, { PARAMETER_STORE_PREFIX: '/common,/prod' });
        t.match(JSON.parse(r.stdout), { LEVEL: 'prod', ONLY_COMMON: 'c' });
        const reversed = await run(printEnv, { PARAMETER_STORE_PREFIX: '/prod,/common' });
        t.match(JSON.parse(reversed.stdout), { LEVEL: 'common' });
      });

      t.test('a collision inside a prefix names both parameters', async (t) => {
        const r = await run(['--prefix', '/clash', 'true']);
        t.equal(r.exitCode, 125);
        t.match(r.stderr, 'parameters /clash/db-host and /clash/db_host both map to DB_HOST');
      });

      t.test('an unknown prefix fails closed, unless --allow-empty', async (t) => {
        const r = await run(['--prefix', '/does/not/exist', 'echo', 'started']);
        t.equal(r.exitCode, 125);
        t.equal(r.stdout, '');
        t.match(r.stderr, 'prefix /does/not/exist holds no parameters');
        const allowed = await run(['--allow-empty', '--prefix', '/does/not/exist', 'echo', 'started']);
        t.equal(allowed.stdout, 'started');
      });

      t.test('a failure of one prefix fails the run, even when others load', async (t) => {
        const r = await run(['--prefix', '/many,/does/not/exist', 'echo', 'started']);
        t.equal(r.exitCode, 125);
        t.equal(r.stdout, '', 'never a partial environment');
      });
    });
  }
}
