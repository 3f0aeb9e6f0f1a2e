// Every failure explained, through the single executable, against moto (IAM enforcement
// on) and a proxy that answers with AWS's own JSON error bodies where moto cannot.
import { createServer } from 'node:http';
import { execa } from 'execa';
import t, { type Test } from 'tap';
import { putParameters, putSecret } from '../harness/aws.js';
import { assumeRole, createRole } from '../harness/iam.js';
import { MOTO_MISSING, freePort, startMoto } from '../harness/moto.js';
import { accessDenied, blackHole, startProxy } from '../harness/proxy.js';
import { SEA, artifacts, cleanEnv, toolArgv, type Artifact } from './artifacts.js';

artifacts();
const SECRETS = ['diag-secret-value-1', 'diag-secret-value-2'];
const TASK_ID = '9f0c1a2b3c4d5e6f7a8b9c0d1e2f3a4b';
const moto = await startMoto();

const runWith = (tool: Artifact, args: string[], env: Record<string, string>) => execa(...toolArgv(tool, args, cleanEnv(env)), { reject: false });
const run = (args: string[], env: Record<string, string>) => runWith(SEA, args, env);
const noLeak = (t: Test, text: string) =>
  t.same(
    SECRETS.filter((s) => text.includes(s)),
    [],
    'no secret value in the output',
  );

if (!moto) {
  t.plan(0, MOTO_MISSING);
} else {
  t.teardown(() => moto.stop());
  await putParameters(moto.url, [
    { name: '/app/db/password', value: SECRETS[0]!, type: 'SecureString' },
    { name: '/app/db/host', value: 'db.internal' },
  ]);
  await putSecret(moto.url, 'prod/db', JSON.stringify({ password: SECRETS[1] }));
  const base = { ...moto.env, PARAMETER_STORE_PREFIX: '/app', DB_SECRET: 'sm://prod/db:password' };

  // Roles before enforcement: moto checks nothing until reset-auth.
  const policyRun = await run(['--doctor', '--policy'], base);
  const policy = JSON.parse(policyRun.stdout) as { Statement: Array<{ Action: string; Resource: unknown; Condition?: unknown }> };
  // moto evaluates every request against the resource "*", so resource-scoped statements
  // never match there: it can check which actions the policy grants, not its resources.
  const forMoto = (statements: typeof policy.Statement) => ({
    Version: '2012-10-17',
    Statement: statements.map(({ Condition: _, ...s }) => ({ ...s, Resource: '*' })),
  });
  const full = await createRole(moto.url, 'app-task-role', forMoto(policy.Statement));
  const lacking = await createRole(moto.url, 'app-task-role-lacking', forMoto(policy.Statement.filter((s) => s.Action !== 'ssm:GetParametersByPath')));
  const execution = await createRole(moto.url, 'ecsTaskExecutionRole', undefined);
  const asTask = await assumeRole(moto.url, full, TASK_ID);
  const asLacking = await assumeRole(moto.url, lacking, TASK_ID);
  const asExecution = await assumeRole(moto.url, execution, TASK_ID);
  await moto.enableAuth();

  t.test('--doctor --policy round trip (moto checks actions, not resources)', async (t) => {
    t.equal(policyRun.exitCode, 0, policyRun.stderr);
    t.same(
      policy.Statement.map((s) => s.Action),
      ['ssm:GetParametersByPath', 'secretsmanager:GetSecretValue', 'kms:Decrypt', 'kms:Decrypt'],
    );
    const ok = await run(['sh', '-c', 'test -n "$DB_PASSWORD" && test -n "$DB_SECRET" && echo started'], { ...base, ...asTask });
    t.equal(ok.exitCode, 0, ok.stderr);
    t.equal(ok.stdout, 'started');
    const denied = await run(['echo', 'started'], { ...base, ...asLacking });
    t.equal(denied.exitCode, 125);
    t.equal(denied.stdout, '', 'the command was not started');
    t.match(
      denied.stderr,
      `ssm-entrypoint: error: access denied: ssm:GetParametersByPath on /app (us-east-1) for arn:aws:sts::123456789012:assumed-role/app-task-role-lacking/${TASK_ID}`,
    );
    t.match(
      denied.stderr,
      'allow it on the task role with: {"Effect":"Allow","Action":"ssm:GetParametersByPath","Resource":["arn:aws:ssm:us-east-1:123456789012:parameter/app","arn:aws:ssm:us-east-1:123456789012:parameter/app/*"]}',
    );
    t.match(denied.stderr, /ssm-entrypoint: error: the command was not started$/);
    noLeak(t, denied.stdout + denied.stderr);
  });

  t.test('the execution role by mistake: said, as a guess', async (t) => {
    const r = await run(['true'], { ...base, ...asExecution });
    t.equal(r.exitCode, 125);
    t.match(r.stderr, `for arn:aws:sts::123456789012:assumed-role/ecsTaskExecutionRole/${TASK_ID}`);
    t.match(r.stderr, 'looks like the ECS task execution role (a guess from its name)');
    t.match(r.stderr, 'code inside the container uses the task role (taskRoleArn)');
    const doctor = await run(['--doctor'], { ...base, ...asExecution });
    t.equal(doctor.exitCode, 1);
    t.match(doctor.stdout, /^WARN  identity .*ecsTaskExecutionRole/m);
    t.match(doctor.stdout, /^FAIL  prefix \/app .*access denied/m);
    noLeak(t, doctor.stdout + doctor.stderr);
  });

  for (const tool of artifacts())
    t.test(`--doctor passes with the right role, values never printed (${tool.name})`, async (t) => {
      const run = (args: string[], env: Record<string, string>) => runWith(tool, args, env);
      const r = await run(['--doctor'], { ...base, ...asTask });
      t.equal(r.exitCode, 0, r.stdout);
      t.match(r.stdout, /^PASS  prefix \/app +2 parameter\(s\) readable$/m);
      t.match(r.stdout, /^PASS  identity .*ECS task role app-task-role/m);
      t.match(r.stdout, /\nall checks passed$/);
      noLeak(t, r.stdout + r.stderr);
      const json = await run(['--doctor', '--log-format', 'json'], { ...base, ...asTask });
      const lines = json.stdout
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l) as { name: string; status: string });
      t.same(lines.at(-1), { name: 'summary', status: 'pass', failed: 0 });
    });

  t.test("AWS's JSON denials, through the proxy", async (t) => {
    const proxy = await startProxy(moto.url, { ...moto.env, ...asTask });
    t.teardown(() => proxy.close());
    const who = `arn:aws:sts::123456789012:assumed-role/app-task-role/${TASK_ID}`;
    const cases = [
      {
        operation: 'GetParametersByPath',
        message: `User: ${who} is not authorized to perform: ssm:GetParametersByPath on resource: arn:aws:ssm:us-east-1:123456789012:parameter/app with an explicit deny in a service control policy`,
        expect: [
          'ssm-entrypoint: error: access denied: ssm:GetParametersByPath on /app (us-east-1) for ' +
            who +
            "; an allow in the role cannot override it: ask your organization's administrators to change the SCP",
          'why: an explicit Deny in a service control policy',
        ],
      },
      {
        operation: 'GetParametersByPath',
        message: `User: ${who} is not authorized to perform: ssm:GetParametersByPath on resource: arn:aws:ssm:us-east-1:123456789012:parameter/app with an explicit deny in an identity-based policy`,
        expect: ['an allow cannot override it: remove or narrow the Deny statement that matches'],
      },
      {
        operation: 'GetParametersByPath',
        message: `User: ${who} is not authorized to perform: kms:Decrypt on resource: arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab because no identity-based policy allows the kms:Decrypt action`,
        expect: [
          `cannot decrypt: ssm:GetParametersByPath /app (us-east-1) needs kms:Decrypt on arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab for ${who}`,
          '"kms:ViaService":"ssm.us-east-1.amazonaws.com"',
        ],
      },
      {
        operation: 'GetSecretValue',
        message: 'Access to KMS is not allowed',
        expect: [
          'cannot decrypt: secretsmanager:GetSecretValue prod/db (us-east-1) needs kms:Decrypt',
          '"kms:ViaService":"secretsmanager.us-east-1.amazonaws.com"',
        ],
      },
    ];
    for (const c of cases) {
      proxy.clearRules();
      proxy.inject({ operation: c.operation, answer: accessDenied(c.message) });
      const r = await run(['echo', 'started'], { ...base, ...proxy.env });
      t.equal(r.exitCode, 125, c.message);
      t.equal(r.stdout, '');
      for (const e of c.expect) t.match(r.stderr, e, c.message);
      noLeak(t, r.stderr);
    }
  });

  t.test('an answer that is not from AWS: the endpoint named, its body never echoed', async (t) => {
    const proxy = await startProxy(moto.url, { ...moto.env, ...asTask });
    t.teardown(() => proxy.close());
    const host = new URL(proxy.url).host;
    const { DB_SECRET: _, ...prefixOnly } = base;
    const cases = [
      { answer: { status: 404, raw: '', contentType: 'text/plain' }, status: 404 },
      { answer: { status: 200, raw: '<html>portal-login-page</html>', contentType: 'text/html' }, status: 200 },
    ];
    for (const c of cases) {
      proxy.clearRules();
      proxy.inject({ operation: '*', answer: c.answer });
      const r = await run(['echo', 'started'], { ...prefixOnly, ...proxy.env });
      t.equal(r.exitCode, 125);
      t.equal(r.stdout, '');
      t.equal(
        r.stderr,
        `ssm-entrypoint: error: not an AWS answer from ${host} for ssm:GetParametersByPath /app (us-east-1): HTTP ${c.status} without an AWS error body; check AWS_ENDPOINT_URL=${proxy.url}: it must be the service's API endpoint; unset it to use AWS's\nssm-entrypoint: error: the command was not started`,
      );
      t.notMatch(r.stderr, 'portal-login-page');
    }
  });

  t.test('connection refused: the code and the endpoint variable named, retries or not', async (t) => {
    const url = `http://127.0.0.1:${await freePort()}`;
    const { DB_SECRET: _, ...prefixOnly } = base;
    for (const timeout of ['1', '30']) {
      const r = await run(['--timeout', timeout, 'echo', 'started'], { ...prefixOnly, ...asTask, AWS_ENDPOINT_URL: url });
      t.equal(r.exitCode, 125);
      t.equal(r.stdout, '');
      t.match(
        r.stderr,
        new RegExp(
          `(^|\\n)ssm-entrypoint: error: cannot reach ${new URL(url).host} \\(ECONNREFUSED\\) for ssm:GetParametersByPath /app \\(us-east-1\\)(, retried until the 1 s deadline)?; check AWS_ENDPOINT_URL=${url}\n`,
        ),
      );
    }
  });

  t.test('no answer: ends within --timeout + 2 s; the endpoint variable named (VPC endpoints only without one)', async (t) => {
    const hole = await blackHole();
    t.teardown(() => hole.close());
    const started = Date.now();
    const r = await run(['--timeout', '2', 'echo', 'started'], { ...base, ...asTask, AWS_ENDPOINT_URL: hole.url });
    t.ok(Date.now() - started < 4000, `took ${Date.now() - started} ms`);
    t.equal(r.exitCode, 125);
    t.equal(r.stdout, '');
    t.match(r.stderr, `no answer from ${new URL(hole.url).host} within 2 s for ssm:GetParametersByPath /app (us-east-1)`);
    t.match(r.stderr, `; check AWS_ENDPOINT_URL=${hole.url}; or raise --timeout`);
    t.notMatch(r.stderr, 'com.amazonaws.us-east-1.ssm');
  });

  t.test('no credentials; on ECS without the credentials variable; a working ECS endpoint', async (t) => {
    const anonymous = { ...base, AWS_ACCESS_KEY_ID: '', AWS_SECRET_ACCESS_KEY: '' };
    delete (anonymous as Record<string, string>).AWS_ACCESS_KEY_ID;
    delete (anonymous as Record<string, string>).AWS_SECRET_ACCESS_KEY;
    const none = await run(['true'], anonymous);
    t.equal(none.exitCode, 125);
    t.match(none.stderr, 'no AWS credentials found for ssm:GetParametersByPath /app');
    t.match(none.stderr, 'providers tried: environment (AWS_ACCESS_KEY_ID)');
    const lost = await run(['true'], { ...anonymous, ECS_CONTAINER_METADATA_URI_V4: 'http://169.254.170.2/v4/abc' });
    t.match(lost.stderr, 'this process runs on ECS (ECS_CONTAINER_METADATA_URI_V4 is set) but AWS_CONTAINER_CREDENTIALS_RELATIVE_URI is not');
    t.match(lost.stderr, 'use --user to switch user after fetching');

    // The ECS credentials endpoint, served locally, with the task role's credentials.
    const endpoint = createServer((_req, res) => {
      res.setHeader('content-type', 'application/json');
      res.end(
        JSON.stringify({
          AccessKeyId: asTask.AWS_ACCESS_KEY_ID,
          SecretAccessKey: asTask.AWS_SECRET_ACCESS_KEY,
          Token: asTask.AWS_SESSION_TOKEN,
          Expiration: new Date(Date.now() + 3600_000).toISOString(),
        }),
      );
    });
    await new Promise<void>((resolve) => endpoint.listen(0, '127.0.0.1', resolve));
    t.teardown(() => endpoint.close());
    const port = (endpoint.address() as { port: number }).port;
    const viaEcs = await run(['sh', '-c', 'test -n "$DB_PASSWORD" && echo started'], {
      ...anonymous,
      ECS_CONTAINER_METADATA_URI_V4: 'http://169.254.170.2/v4/abc',
      AWS_CONTAINER_CREDENTIALS_FULL_URI: `http://127.0.0.1:${port}/creds`,
    });
    t.equal(viaEcs.exitCode, 0, viaEcs.stderr);
    t.equal(viaEcs.stdout, 'started');
  });
}
