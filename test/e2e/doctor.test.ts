// --doctor predicts the run: the region and credentials the SDK will use, and a verdict
// that passes if and only if a run would start the command. Through both artifacts.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { execa } from 'execa';
import t, { type Test } from 'tap';
import { putParameters } from '../harness/aws.js';
import { MOTO_MISSING, freePort, startMoto } from '../harness/moto.js';
import { startProxy } from '../harness/proxy.js';
import { artifacts, cleanEnv, toolArgv } from './artifacts.js';

const tools = artifacts();
const moto = await startMoto();
const dir = mkdtempSync(path.join(tmpdir(), 'ssm-entrypoint-doctor-'));
t.teardown(() => rmSync(dir, { recursive: true, force: true }));

const VALUES = ['doctor-value-1', 'doctor-value-2', 'doctor-value-3'];
const store = path.join(dir, 'store.json');
writeFileSync(
  store,
  JSON.stringify({
    parameters: {
      '/ok/a': VALUES[0],
      '/col/db-host': VALUES[1],
      '/col/db_host': VALUES[1],
      '/nul/x': `${VALUES[2]}\u0000tail`,
      '/big/x': 'x'.repeat(130 * 1024),
      '/danger/bash_env': VALUES[0],
    },
    secrets: {
      'doc/json': { value: { a: VALUES[0] } },
      'doc/plain': `${VALUES[2]} is not JSON`,
      'doc/bin': { binary: Buffer.from([0, 1, 2, 255]).toString('base64') },
    },
  }),
);
const noLeak = (t: Test, text: string) =>
  t.same(
    VALUES.filter((v) => text.includes(v)),
    [],
    'no value shown',
  );

for (const tool of tools) {
  const run = (args: string[], env: Record<string, string> = {}) => execa(...toolArgv(tool, args, cleanEnv(env)), { reject: false });

  t.test(`${tool.name}: the doctor fails exactly where a run fails (offline store)`, async (t) => {
    const cases: Array<{ what: string; args: string[]; env: Record<string, string>; check?: RegExp; count?: number }> = [
      { what: 'all readable', args: ['--prefix', '/ok', '--secret', 'D_:doc/json'], env: { X: 'sm://doc/json:a' } },
      { what: 'a missing JSON key', args: [], env: { X: 'sm://doc/json:missing' }, check: /^FAIL +X=sm:\/\/doc\/json:missing +.*missing/m },
      { what: 'a whole secret that is not JSON', args: ['--secret', 'doc/plain'], env: {}, check: /^FAIL +secret doc\/plain +/m },
      {
        what: 'a name collision',
        args: ['--prefix', '/col'],
        env: {},
        check: /^FAIL +prefix \/col +parameters \/col\/db-host and \/col\/db_host both map to DB_HOST/m,
      },
      { what: 'a NUL byte', args: ['--prefix', '/nul'], env: {}, check: /^FAIL +environment +the value for X contains a NUL byte/m },
      {
        what: 'a value past the exec limit',
        args: ['--prefix', '/big'],
        env: {},
        check: /^FAIL +environment +the value for X is \d+ bytes; Linux passes at most 131072 bytes per variable/m,
      },
      {
        what: 'a name the store may not choose',
        args: ['--prefix', '/danger'],
        env: {},
        check: /^FAIL +prefix \/danger +parameter \/danger\/bash_env .*BASH_ENV/m,
      },
      { what: 'the same name, allowed', args: ['--prefix', '/danger', '--allow-name', 'BASH_ENV', '--', 'true'], env: {}, count: 1 },
      { what: 'a binary secret as a variable', args: [], env: { X: 'sm://doc/bin' }, check: /^FAIL +X=sm:\/\/doc\/bin +/m },
      { what: 'a binary secret as a file', args: ['--secrets-dir', path.join(dir, 'files'), '--', 'true'], env: { X_FILE: 'sm://doc/bin' }, count: 1 },
      { what: 'a command that does not exist', args: ['--prefix', '/ok', '--', 'no-such-command-here'], env: {}, check: /^FAIL +command +/m },
    ];
    for (const c of cases) {
      const doctor = await run(['--from-file', store, '--doctor', ...c.args], c.env);
      const real = await run(['--from-file', store, ...c.args, ...(c.args.includes('--') ? [] : ['true'])], c.env);
      t.equal(doctor.exitCode, real.exitCode === 0 ? 0 : 1, `${c.what}: doctor ${doctor.exitCode}, run ${real.exitCode}\n${doctor.stdout}`);
      if (c.check) {
        t.match(doctor.stdout, c.check, c.what);
        t.match(doctor.stdout, /\n\d+ problem\(s\) found$/);
      } else {
        t.match(doctor.stdout, new RegExp(`^PASS +environment +${c.count ?? 3} variable\\(s\\) would be set; \\d+ bytes of the \\d+-byte exec limit$`, 'm'));
        t.match(doctor.stdout, /\nall checks passed$/);
      }
      noLeak(t, doctor.stdout + doctor.stderr);
    }
  });
}

if (!moto) {
  t.test('AWS', { skip: MOTO_MISSING }, async () => {});
} else {
  t.teardown(() => moto.stop());
  await putParameters(moto.url, [{ name: '/app/a', value: VALUES[0]! }]);
  await putParameters(moto.url, [{ name: '/app/a', value: VALUES[0]! }], 'eu-central-1');
  const { AWS_REGION: _region, ...noRegion } = moto.env;
  const { AWS_ACCESS_KEY_ID: _k, AWS_SECRET_ACCESS_KEY: _s, ...anonymous } = moto.env;
  const config = path.join(dir, 'config');
  const credentials = path.join(dir, 'credentials');
  writeFileSync(config, '[profile dev]\nregion = eu-central-1\n');
  writeFileSync(credentials, '[dev]\naws_access_key_id = profilekey\naws_secret_access_key = profilesecret\n');

  for (const tool of tools) {
    const run = (args: string[], env: Record<string, string>) => execa(...toolArgv(tool, args, cleanEnv(env)), { reject: false });

    t.test(`${tool.name}: region and credentials as the SDK resolves them`, async (t) => {
      // AWS_DEFAULT_REGION is the CLI's: the SDK never reads it, so neither does the doctor.
      const cli = await run(['--doctor', '--prefix', '/app'], { ...noRegion, AWS_DEFAULT_REGION: 'us-east-1', AWS_EC2_METADATA_DISABLED: 'true' });
      t.equal(cli.exitCode, 1);
      t.match(
        cli.stdout,
        /^FAIL +region +no region configured; AWS_DEFAULT_REGION=us-east-1 is ignored \(the AWS CLI reads it, the AWS SDK for JavaScript does not\)$/m,
      );
      t.notMatch(cli.stdout, /^PASS +region/m);
      const real = await run(['--prefix', '/app', 'true'], { ...noRegion, AWS_DEFAULT_REGION: 'us-east-1', AWS_EC2_METADATA_DISABLED: 'true' });
      t.equal(real.exitCode, 125, 'and the run fails too');

      // AWS_REGION="" is not unset for the SDK: it refuses it, and the doctor says so.
      for (const bad of ['', 'eu west']) {
        const doctor = await run(['--doctor', '--prefix', '/app'], { ...moto.env, AWS_REGION: bad });
        t.equal(doctor.exitCode, 1);
        t.match(
          doctor.stdout,
          new RegExp(`^FAIL +region +${JSON.stringify(bad)} \\(from AWS_REGION\\) is not a valid region; the AWS SDK takes it as is$`, 'm'),
        );
        const failed = await run(['--prefix', '/app', 'true'], { ...moto.env, AWS_REGION: bad });
        t.equal(failed.exitCode, 125);
        t.match(failed.stderr, `ssm-entrypoint: error: the AWS region ${JSON.stringify(bad)} is not valid, for ssm:GetParametersByPath /app`);
      }

      const env = await run(['--doctor', '--prefix', '/app'], moto.env);
      t.equal(env.exitCode, 0, env.stdout);
      t.match(env.stdout, /^PASS +region +us-east-1 \(from AWS_REGION\)$/m);
      t.match(env.stdout, /^PASS +credentials +environment variables \(AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY\) \(as the AWS SDK reports it\)$/m);

      // AWS_PROFILE: the SDK takes the profile's region and keys, and skips the key variables.
      const profile = await run(['--doctor', '--prefix', '/app'], {
        ...noRegion,
        AWS_PROFILE: 'dev',
        AWS_CONFIG_FILE: config,
        AWS_SHARED_CREDENTIALS_FILE: credentials,
      });
      t.equal(profile.exitCode, 0, profile.stdout);
      t.match(profile.stdout, `PASS  region        eu-central-1 (from the region of profile dev in ${config})`);
      t.match(
        profile.stdout,
        /^PASS +credentials +profile dev: keys in the shared files \(as the AWS SDK reports it\); AWS_ACCESS_KEY_ID is ignored while AWS_PROFILE is set/m,
      );
      t.match(profile.stdout, /^PASS +prefix \/app +1 parameter\(s\) readable$/m);
      // AWS_REGION still comes first.
      const both = await run(['--doctor'], { ...moto.env, AWS_PROFILE: 'dev', AWS_CONFIG_FILE: config, AWS_SHARED_CREDENTIALS_FILE: credentials });
      t.match(both.stdout, /^PASS +region +us-east-1 \(from AWS_REGION\)$/m);
      const flag = await run(['--doctor', '--region', 'eu-central-1'], moto.env);
      t.match(flag.stdout, /^PASS +region +eu-central-1 \(from --region\)$/m);

      // The ECS container endpoint, served locally.
      const endpoint = createServer((_req, res) => {
        res.setHeader('content-type', 'application/json');
        res.end(
          JSON.stringify({
            AccessKeyId: 'containerkey',
            SecretAccessKey: 'containersecret',
            Token: 'token',
            Expiration: new Date(Date.now() + 3600_000).toISOString(),
          }),
        );
      });
      await new Promise<void>((resolve) => endpoint.listen(0, '127.0.0.1', resolve));
      t.teardown(() => endpoint.close());
      const uri = `http://127.0.0.1:${(endpoint.address() as { port: number }).port}/creds`;
      const container = await run(['--doctor', '--prefix', '/app'], { ...anonymous, AWS_CONTAINER_CREDENTIALS_FULL_URI: uri });
      t.equal(container.exitCode, 0, container.stdout);
      t.match(
        container.stdout,
        /^PASS +credentials +the container credentials endpoint \(AWS_CONTAINER_CREDENTIALS_FULL_URI\) \(as the AWS SDK reports it\)$/m,
      );
      // Without credentials: a guess, said to be one.
      const none = await run(['--doctor', '--prefix', '/app'], { ...anonymous, AWS_EC2_METADATA_DISABLED: 'true' });
      t.equal(none.exitCode, 1);
      t.match(none.stdout, /^FAIL +credentials +guess, from the environment: /m);
    });

    t.test(`${tool.name}: an empty identity from something that is not STS fails`, async (t) => {
      const proxy = await startProxy(moto.url, moto.env);
      t.teardown(() => proxy.close());
      proxy.inject({ operation: '*', answer: { status: 200, raw: '<html><body>captive portal</body></html>', contentType: 'text/html' } });
      const r = await run(['--doctor', '--prefix', '/app'], proxy.env);
      t.equal(r.exitCode, 1, r.stdout);
      t.match(
        r.stdout,
        `FAIL  identity      not an AWS answer from ${new URL(proxy.url).host} for sts:GetCallerIdentity caller (us-east-1): HTTP 200 without an AWS error body`,
      );
      t.notMatch(r.stdout, /^PASS +identity/m);
      t.notMatch(r.stdout, 'captive portal');
    });

    t.test(`${tool.name}: what a run does not need (STS) only warns: the verdict is the run's`, async (t) => {
      const env = { ...moto.env, AWS_ENDPOINT_URL_STS: `http://127.0.0.1:${await freePort()}`, PARAMETER_STORE_PREFIX: '/app' };
      const real = await run(['true'], env);
      t.equal(real.exitCode, 0, real.stderr);
      const doctor = await run(['--doctor', '--timeout', '2'], env);
      t.equal(doctor.exitCode, 0, doctor.stdout);
      t.match(doctor.stdout, /^WARN +identity +cannot reach 127\.0\.0\.1:\d+ \(ECONNREFUSED\).* \(a run does not need this to start the command\)$/m);
      t.match(doctor.stdout, /^WARN +endpoint sts +/m);
      t.match(doctor.stdout, /^PASS +prefix \/app +1 parameter\(s\) readable$/m);
      t.match(doctor.stdout, /\nall checks passed$/);
    });

    t.test(`${tool.name}: the network hint is the run's (AWS_ENDPOINT_URL named, not VPC endpoints)`, async (t) => {
      const url = `http://127.0.0.1:${await freePort()}`;
      const env = { ...moto.env, AWS_ENDPOINT_URL: url, PARAMETER_STORE_PREFIX: '/app' };
      const doctor = await run(['--doctor', '--timeout', '2'], env);
      const real = await run(['--timeout', '2', 'true'], env);
      t.equal(doctor.exitCode, 1);
      t.match(
        doctor.stdout,
        new RegExp(`^FAIL +endpoint ssm +127\\.0\\.0\\.1: TCP 127\\.0\\.0\\.1:\\d+: ECONNREFUSED\\n +fix: check AWS_ENDPOINT_URL=${url}$`, 'm'),
      );
      t.match(real.stderr, `check AWS_ENDPOINT_URL=${url}`);
      t.notMatch(doctor.stdout, 'VPC');
    });
  }
}
