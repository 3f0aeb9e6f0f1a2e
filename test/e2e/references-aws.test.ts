// References (ssm://, sm://) and whole secrets against a real moto_server, through every
// built artifact, with a counting, latency-adding proxy in front: every syntax, another
// region, precedence, batching and deduplication (API calls counted), the fallback when
// BatchGetSecretValue is denied, concurrency, failures, and no secret value on stderr.
import { CreateSecretCommand, PutSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { LabelParameterVersionCommand, PutParameterCommand, SSMClient } from '@aws-sdk/client-ssm';
import { execa } from 'execa';
import t, { type Test } from 'tap';
import { putParameters } from '../harness/aws.js';
import { MOTO_MISSING, startMoto } from '../harness/moto.js';
import { accessDenied, startProxy } from '../harness/proxy.js';
import { artifacts, cleanEnv, toolArgv } from './artifacts.js';
import { VALUE_FAILURE_ENV, VALUE_FAILURE_MESSAGES } from './value-failures.js';

// Every seeded value contains "SECRET-"; stderr must never show one.
const LEAK = /SECRET-/;
const credentials = { accessKeyId: 'testing', secretAccessKey: 'testing' };
const ACCOUNT = '123456789012';
const V_OLD = 'version-old-00000000000000000000000000';
const V_NEW = 'version-new-00000000000000000000000000';

const moto = await startMoto();
if (!moto) {
  t.plan(0, MOTO_MISSING);
} else {
  t.teardown(() => moto.stop());
  const proxy = await startProxy(moto.url, moto.env);
  t.teardown(() => proxy.close());

  // Parameters: versions and a label, a SecureString, a top-level name, a second region.
  const ssm = new SSMClient({ endpoint: moto.url, region: 'us-east-1', credentials });
  await ssm.send(new PutParameterCommand({ Name: '/app/db/host', Value: 'SECRET-host-v1', Type: 'String' }));
  await ssm.send(new PutParameterCommand({ Name: '/app/db/host', Value: 'SECRET-host-v2', Type: 'String', Overwrite: true }));
  await ssm.send(new LabelParameterVersionCommand({ Name: '/app/db/host', ParameterVersion: 1, Labels: ['blue'] }));
  ssm.destroy();
  const many = Array.from({ length: 25 }, (_, i) => ({ name: `/many/p${i}`, value: `SECRET-many-${i}` }));
  await putParameters(moto.url, [
    { name: '/app/db/password', value: 'SECRET-password', type: 'SecureString' },
    { name: 'top-level', value: 'SECRET-top' },
    { name: '/layer/level', value: 'SECRET-layer-prefix' },
    { name: '/layer/only_prefix', value: 'SECRET-only-prefix' },
    ...many,
  ]);
  await putParameters(moto.url, [{ name: '/west/only', value: 'SECRET-west' }], 'eu-west-1');

  // Secrets: JSON with versions (ids known), plain text, binary, 45 for batching.
  const sm = new SecretsManagerClient({ endpoint: moto.url, region: 'us-east-1', credentials });
  const db = await sm.send(
    new CreateSecretCommand({
      Name: 'prod/db',
      ClientRequestToken: V_OLD,
      SecretString: JSON.stringify({ username: 'SECRET-old-user', password: 'SECRET-old-pass' }),
    }),
  );
  await sm.send(
    new PutSecretValueCommand({
      SecretId: 'prod/db',
      ClientRequestToken: V_NEW,
      SecretString: JSON.stringify({ username: 'SECRET-user', password: 'SECRET-pass', port: 5432, ssl: true, level: 'SECRET-layer-secret' }),
    }),
  );
  const DB_ARN = db.ARN!;
  const DB_PARTIAL_ARN = DB_ARN.slice(0, -7);
  await sm.send(new CreateSecretCommand({ Name: 'prod/token', SecretString: 'SECRET-token' }));
  await sm.send(new CreateSecretCommand({ Name: 'prod/cert', SecretBinary: Buffer.from('SECRET-binary') }));
  await sm.send(new CreateSecretCommand({ Name: 'prod/nested', SecretString: JSON.stringify({ ok: 'SECRET-ok', deep: { x: 'SECRET-deep' } }) }));
  const batch = Array.from({ length: 45 }, (_, i) => `batch/s${i}`);
  for (const name of batch)
    await sm.send(new CreateSecretCommand({ Name: name, SecretString: JSON.stringify({ [`key_${name.slice('batch/s'.length)}`]: `SECRET-${name}` }) }));
  sm.destroy();

  const printEnv = ['node', '-e', 'process.stdout.write(JSON.stringify(process.env))'];
  const noLeak = (t: Test, stderr: string) => t.notMatch(stderr, LEAK, 'no secret value on stderr');

  for (const tool of artifacts()) {
    const run = async (args: string[], env: Record<string, string> = {}) => {
      const r = await execa(...toolArgv(tool, ['--timeout', '20', ...args], cleanEnv({ ...proxy.env, ...env })), { reject: false });
      return { exitCode: r.exitCode, stdout: String(r.stdout), stderr: String(r.stderr) };
    };
    const loadedMs = (stderr: string) => Number(/ in (\d+) ms$/m.exec(stderr)?.[1] ?? NaN);

    t.test(tool.name, async (t) => {
      t.beforeEach(() => {
        proxy.resetCounts();
        proxy.clearRules();
        proxy.latencyMs = 0;
      });

      t.test('every syntax, a second region, SecureString decrypted', async (t) => {
        const r = await run(printEnv, {
          HOST: 'ssm://app/db/host',
          HOST_SLASH: 'ssm:///app/db/host',
          HOST_V1: 'ssm://app/db/host:1',
          HOST_BLUE: 'ssm://app/db/host:blue',
          PASSWORD: 'ssm://app/db/password',
          TOP: 'ssm://top-level',
          WEST: `ssm://arn:aws:ssm:eu-west-1:${ACCOUNT}:parameter/west/only`,
          HOST_ARN: `ssm://arn:aws:ssm:us-east-1:${ACCOUNT}:parameter/app/db/host:1`,
          TOKEN: 'sm://prod/token',
          DB_JSON: 'sm://prod/db',
          DB_PASS: 'sm://prod/db:password',
          DB_PASS_ECS: 'sm://prod/db:password::',
          DB_PORT: 'sm://prod/db:port',
          DB_SSL: 'sm://prod/db:ssl',
          DB_ARN_KEY: `sm://${DB_ARN}:username::`,
          DB_ARN_STAGE: `sm://${DB_ARN}:password:AWSPREVIOUS:`,
          DB_PARTIAL: `sm://${DB_PARTIAL_ARN}:username`,
          DB_BY_ID: `sm://prod/db:password::${V_OLD}`,
          DB_PREVIOUS: 'sm://prod/db::AWSPREVIOUS',
        });
        t.equal(r.exitCode, 0, r.stderr);
        const env = JSON.parse(r.stdout);
        t.match(env, {
          HOST: 'SECRET-host-v2',
          HOST_SLASH: 'SECRET-host-v2',
          HOST_V1: 'SECRET-host-v1',
          HOST_BLUE: 'SECRET-host-v1',
          PASSWORD: 'SECRET-password',
          TOP: 'SECRET-top',
          WEST: 'SECRET-west',
          HOST_ARN: 'SECRET-host-v1',
          TOKEN: 'SECRET-token',
          DB_PASS: 'SECRET-pass',
          DB_PASS_ECS: 'SECRET-pass',
          DB_PORT: '5432',
          DB_SSL: 'true',
          DB_ARN_KEY: 'SECRET-user',
          DB_ARN_STAGE: 'SECRET-old-pass',
          DB_PARTIAL: 'SECRET-user',
          DB_BY_ID: 'SECRET-old-pass',
        });
        t.same(JSON.parse(env.DB_JSON), { username: 'SECRET-user', password: 'SECRET-pass', port: 5432, ssl: true, level: 'SECRET-layer-secret' });
        t.same(JSON.parse(env.DB_PREVIOUS), { username: 'SECRET-old-user', password: 'SECRET-old-pass' });
        // Parameter names through GetParameters, one query per name a call (/app/db/host is
        // asked for current, :1 and :blue: 3 calls); each parameter ARN through GetParameter.
        // Secrets: the names (region unknown until the SDK resolves it) and the ARNs (region
        // us-east-1) are two batches; the 3 versioned ones GetSecretValue each.
        t.same(proxy.counts(), { GetParameters: 3, GetParameter: 2, BatchGetSecretValue: 2, GetSecretValue: 3 });
        noLeak(t, r.stderr);
      });

      t.test('regions are isolated: the eu-west-1 parameter by name in us-east-1 is not found', async (t) => {
        const r = await run(['true'], { WEST: 'ssm://west/only' });
        t.equal(r.exitCode, 125);
        t.match(r.stderr, 'parameter /west/only not found in us-east-1, wanted by WEST');
      });

      t.test('whole secrets: one variable per key, name rule then ENV_PREFIX', async (t) => {
        const r = await run(printEnv, { SECRETS_MANAGER_SECRET_IDS: `DB_:prod/db,ARN_:${DB_ARN}` });
        t.equal(r.exitCode, 0, r.stderr);
        t.match(JSON.parse(r.stdout), { DB_USERNAME: 'SECRET-user', DB_PASSWORD: 'SECRET-pass', DB_PORT: '5432', DB_SSL: 'true', ARN_USERNAME: 'SECRET-user' });
        t.same(proxy.counts(), { GetSecretValue: 2 }, 'a lone secret (per region) goes through GetSecretValue');
        noLeak(t, r.stderr);
      });

      t.test('precedence: prefix < whole secret < reference; --no-overwrite keeps only non-references', async (t) => {
        const env = {
          PARAMETER_STORE_PREFIX: '/layer',
          SECRETS_MANAGER_SECRET_IDS: 'prod/db',
          LEVEL: 'sm://prod/token',
          USERNAME: 'existing',
          ONLY_PREFIX: 'existing',
        };
        const r = await run(printEnv, env);
        t.equal(r.exitCode, 0, r.stderr);
        t.match(JSON.parse(r.stdout), { LEVEL: 'SECRET-token', USERNAME: 'SECRET-user', ONLY_PREFIX: 'SECRET-only-prefix' });
        const kept = await run(['--no-overwrite', ...printEnv], env);
        t.match(JSON.parse(kept.stdout), { LEVEL: 'SECRET-token', USERNAME: 'existing', ONLY_PREFIX: 'existing' });
        noLeak(t, r.stderr + kept.stderr);
      });

      t.test('25 distinct parameter references: 3 GetParameters calls; one referenced 3 times: fetched once', async (t) => {
        const env = Object.fromEntries(many.map((p, i) => [`P${i}`, `ssm://${p.name}`]));
        const r = await run(printEnv, env);
        t.equal(r.exitCode, 0, r.stderr);
        t.equal(JSON.parse(r.stdout).P24, 'SECRET-many-24');
        t.same(proxy.counts(), { GetParameters: 3 });

        proxy.resetCounts();
        const thrice = await run(['--verbose', ...printEnv], { A: 'ssm://app/db/password', B: 'ssm:///app/db/password', C: 'ssm://app/db/password' });
        t.match(JSON.parse(thrice.stdout), { A: 'SECRET-password', B: 'SECRET-password', C: 'SECRET-password' });
        t.same(proxy.counts(), { GetParameters: 1 });
        t.match(thrice.stderr, /GetParameters names=\/app\/db\/password got=1/, 'one name in the one call');
        noLeak(t, thrice.stderr);
      });

      t.test('45 secrets: 3 BatchGetSecretValue calls; keys of one secret are one fetch', async (t) => {
        const env = Object.fromEntries(batch.map((name, i) => [`S${i}`, `sm://${name}`]));
        const r = await run(printEnv, { ...env, U: 'sm://prod/db:username', P: 'sm://prod/db:password', SECRETS_MANAGER_SECRET_IDS: 'X_:prod/db' });
        t.equal(r.exitCode, 0, r.stderr);
        const out = JSON.parse(r.stdout);
        t.equal(JSON.parse(out.S44).key_44, 'SECRET-batch/s44');
        t.match(out, { U: 'SECRET-user', P: 'SECRET-pass', X_USERNAME: 'SECRET-user' });
        t.same(proxy.counts(), { BatchGetSecretValue: 3 }, '46 distinct secrets in 3 calls of at most 20');
        noLeak(t, r.stderr);
      });

      t.test('BatchGetSecretValue denied: GetSecretValue each, said once with --verbose', async (t) => {
        proxy.inject({
          operation: 'BatchGetSecretValue',
          answer: accessDenied(`User: arn:aws:sts::${ACCOUNT}:assumed-role/task/x is not authorized to perform: secretsmanager:BatchGetSecretValue`),
        });
        const env = Object.fromEntries(batch.map((name, i) => [`S${i}`, `sm://${name}:key_${i}`]));
        const r = await run(['--verbose', ...printEnv], env);
        t.equal(r.exitCode, 0, r.stderr);
        t.equal(JSON.parse(r.stdout).S7, 'SECRET-batch/s7');
        t.same(proxy.counts(), { BatchGetSecretValue: 3, GetSecretValue: 45 });
        t.equal(r.stderr.split('BatchGetSecretValue is denied').length - 1, 1, 'said once');
        noLeak(t, r.stderr);
        const quiet = await run(printEnv, env);
        t.notMatch(quiet.stderr, /denied/, 'not said without --verbose');
      });

      t.test('failures: not found, versions, labels, stages, keys, non-JSON, binary: exit 125, nothing leaked', async (t) => {
        const fetchFailures = await run(['echo', 'started'], {
          A: 'ssm://app/nope',
          B: 'ssm://app/db/host:9',
          C: 'ssm://app/db/host:green',
          D: 'sm://prod/nope',
          E: 'sm://prod/db::AWSPENDING',
          F: `ssm://arn:aws:ssm:eu-west-1:${ACCOUNT}:parameter/app/db/host`,
        });
        t.equal(fetchFailures.exitCode, 125);
        t.equal(fetchFailures.stdout, '');
        for (const message of [
          'parameter /app/nope not found in us-east-1, wanted by A',
          'version 9 of parameter /app/db/host not found in us-east-1, wanted by B',
          'parameter /app/db/host with label "green" not found in us-east-1, wanted by C',
          'secret prod/nope not found in us-east-1, wanted by D',
          'version stage AWSPENDING of secret prod/db not found in us-east-1, wanted by E',
          `parameter arn:aws:ssm:eu-west-1:${ACCOUNT}:parameter/app/db/host not found in eu-west-1, wanted by F`,
        ]) {
          t.match(fetchFailures.stderr, message);
        }

        const valueFailures = await run(['echo', 'started'], { ...VALUE_FAILURE_ENV, SECRETS_MANAGER_SECRET_IDS: 'prod/nested' });
        t.equal(valueFailures.exitCode, 125);
        t.equal(valueFailures.stdout, '');
        for (const message of VALUE_FAILURE_MESSAGES) t.match(valueFailures.stderr, message);
        noLeak(t, fetchFailures.stderr + valueFailures.stderr);
      });

      t.test('with 200 ms a request, prefix + references + secrets take the slowest, not the sum', async (t) => {
        const prefix = { PARAMETER_STORE_PREFIX: '/layer' };
        const references = Object.fromEntries(many.map((p, i) => [`P${i}`, `ssm://${p.name}`]));
        const secrets = Object.fromEntries(batch.map((name, i) => [`S${i}`, `sm://${name}`]));
        await run(['true'], { ...prefix, ...references, ...secrets }); // warm moto up
        proxy.latencyMs = 200;
        const alone = [];
        for (const env of [prefix, references, secrets]) {
          const r = await run(['true'], env);
          t.equal(r.exitCode, 0, r.stderr);
          alone.push(loadedMs(r.stderr));
        }
        proxy.resetCounts();
        const together = await run(['true'], { ...prefix, ...references, ...secrets });
        t.equal(together.exitCode, 0, together.stderr);
        t.same(proxy.counts(), { GetParametersByPath: 1, GetParameters: 3, BatchGetSecretValue: 3 });
        const sum = alone.reduce((a, b) => a + b, 0);
        const ms = loadedMs(together.stderr);
        const ratio = ms / sum;
        t.comment(
          `alone: prefix ${alone[0]} ms, references ${alone[1]} ms, secrets ${alone[2]} ms (sum ${sum} ms); together ${ms} ms: ratio ${ratio.toFixed(2)}; 7 requests in series would be >= 1400 ms`,
        );
        t.ok(ratio < 0.6, `together ${ms} ms is well under the sum ${sum} ms (ratio ${ratio.toFixed(2)} < 0.6)`);
        t.ok(ms < 7 * 200 * 0.5, `together ${ms} ms is under half of 7 requests in series`);
      });
    });
  }
}
