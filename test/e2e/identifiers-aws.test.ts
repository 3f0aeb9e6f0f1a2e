// AWS identifiers exactly as AWS accepts them, against a real moto_server through every
// built artifact: secrets that AWS services create (rds!db-...), ARNs of other partitions,
// a top-level parameter with or without its leading /, ECS's field positions for sm://,
// a version stage and id together, one denied secret in a batch, and messages that point
// the right way. No secret value on stderr.
import { CreateSecretCommand, PutSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { LabelParameterVersionCommand, PutParameterCommand, SSMClient } from '@aws-sdk/client-ssm';
import { execa } from 'execa';
import t, { type Test } from 'tap';
import { putSecret } from '../harness/aws.js';
import { MOTO_MISSING, startMoto } from '../harness/moto.js';
import { accessDenied, startProxy } from '../harness/proxy.js';
import { artifacts, cleanEnv, toolArgv } from './artifacts.js';

const LEAK = /SECRET-/;
const credentials = { accessKeyId: 'testing', secretAccessKey: 'testing' };
const ACCOUNT = '123456789012';
const RDS_DB = 'rds!db-0a1b2c3d-1111-2222-3333-444455556666';
const RDS_CLUSTER = 'rds!cluster-9f8e7d6c-1111-2222-3333-444455556666';
const V_OLD = 'a1b2c3d4-5678-90ab-cdef-000000000001';
const V_NEW = 'a1b2c3d4-5678-90ab-cdef-000000000002';

const moto = await startMoto();
if (!moto) {
  t.plan(0, MOTO_MISSING);
} else {
  t.teardown(() => moto.stop());
  const proxy = await startProxy(moto.url, moto.env);
  t.teardown(() => proxy.close());

  // Parameters: one stored with its leading /, one without; versions and a label.
  const ssm = new SSMClient({ endpoint: moto.url, region: 'us-east-1', credentials });
  await ssm.send(new PutParameterCommand({ Name: '/TestParam1', Value: 'SECRET-tp1-v1', Type: 'String' }));
  await ssm.send(new PutParameterCommand({ Name: '/TestParam1', Value: 'SECRET-tp1-v2', Type: 'String', Overwrite: true }));
  await ssm.send(new LabelParameterVersionCommand({ Name: '/TestParam1', ParameterVersion: 1, Labels: ['blue'] }));
  await ssm.send(new PutParameterCommand({ Name: 'TestParam2', Value: 'SECRET-tp2', Type: 'SecureString' }));
  ssm.destroy();

  // Secrets: RDS-managed master-user secrets, a secret with two known versions, three for a batch.
  const rdsArn = await putSecret(moto.url, RDS_DB, JSON.stringify({ username: 'SECRET-rds-user', password: 'SECRET-rds-pass' }));
  await putSecret(moto.url, RDS_CLUSTER, JSON.stringify({ username: 'SECRET-cluster-user', password: 'SECRET-cluster-pass' }));
  const sm = new SecretsManagerClient({ endpoint: moto.url, region: 'us-east-1', credentials });
  await sm.send(new CreateSecretCommand({ Name: 'prod/rotated', ClientRequestToken: V_OLD, SecretString: JSON.stringify({ password: 'SECRET-old' }) }));
  await sm.send(new PutSecretValueCommand({ SecretId: 'prod/rotated', ClientRequestToken: V_NEW, SecretString: JSON.stringify({ password: 'SECRET-new' }) }));
  sm.destroy();
  for (const name of ['cross/one', 'cross/two', 'cross/three']) await putSecret(moto.url, name, `SECRET-${name}`);
  // Other partitions: moto serves their regions like any other.
  const euscArn = await putSecret(moto.url, 'prod/db', JSON.stringify({ password: 'SECRET-eusc' }), 'eusc-de-east-1');
  const isobArn = await putSecret(moto.url, 'prod/db', JSON.stringify({ password: 'SECRET-isob' }), 'us-isob-east-1');

  const printEnv = ['node', '-e', 'process.stdout.write(JSON.stringify(process.env))'];
  const noLeak = (t: Test, stderr: string) => t.notMatch(stderr, LEAK, 'no secret value on stderr');

  for (const tool of artifacts()) {
    const run = async (args: string[], env: Record<string, string> = {}) => {
      const r = await execa(...toolArgv(tool, ['--timeout', '20', ...args], cleanEnv({ ...proxy.env, ...env })), { reject: false });
      return { exitCode: r.exitCode, stdout: String(r.stdout), stderr: String(r.stderr) };
    };

    t.test(tool.name, async (t) => {
      t.beforeEach(() => {
        proxy.resetCounts();
        proxy.clearRules();
      });

      t.test('RDS-managed secrets (rds!db-..., rds!cluster-...) by name, partial and full ARN, and as whole secrets', async (t) => {
        const r = await run(printEnv, {
          RDS_PASS: `sm://${RDS_DB}:password`,
          RDS_FULL: `sm://${rdsArn}:password::`,
          RDS_PARTIAL: `sm://${rdsArn.slice(0, -7)}:username`,
          RDS_WHOLE: `sm://${RDS_DB}`,
          SECRETS_MANAGER_SECRET_IDS: `DB_:${RDS_CLUSTER},ARN_:${rdsArn}`,
        });
        t.equal(r.exitCode, 0, r.stderr);
        const env = JSON.parse(r.stdout);
        t.match(env, {
          RDS_PASS: 'SECRET-rds-pass',
          RDS_FULL: 'SECRET-rds-pass',
          RDS_PARTIAL: 'SECRET-rds-user',
          DB_USERNAME: 'SECRET-cluster-user',
          DB_PASSWORD: 'SECRET-cluster-pass',
          ARN_USERNAME: 'SECRET-rds-user',
        });
        t.same(JSON.parse(env.RDS_WHOLE), { username: 'SECRET-rds-user', password: 'SECRET-rds-pass' });
        noLeak(t, r.stderr);
      });

      t.test('ARNs of the aws-eusc and aws-iso-b partitions: read in their own region', async (t) => {
        const r = await run(printEnv, { EUSC: `sm://${euscArn}:password::`, ISOB: `sm://${isobArn.slice(0, -7)}:password` });
        t.equal(r.exitCode, 0, r.stderr);
        t.match(JSON.parse(r.stdout), { EUSC: 'SECRET-eusc', ISOB: 'SECRET-isob' });
        noLeak(t, r.stderr);
      });

      t.test('a top-level parameter with or without its leading /, also with :VERSION and :LABEL', async (t) => {
        const r = await run(printEnv, {
          T1: 'ssm://TestParam1',
          T1_SLASH: 'ssm:///TestParam1',
          T1_V1: 'ssm://TestParam1:1',
          T1_BLUE: 'ssm://TestParam1:blue',
          T2_SLASH: 'ssm:///TestParam2',
          T2_V1: 'ssm:///TestParam2:1',
          T2: 'ssm://TestParam2',
        });
        t.equal(r.exitCode, 0, r.stderr);
        t.match(JSON.parse(r.stdout), {
          T1: 'SECRET-tp1-v2',
          T1_SLASH: 'SECRET-tp1-v2',
          T1_V1: 'SECRET-tp1-v1',
          T1_BLUE: 'SECRET-tp1-v1',
          T2_SLASH: 'SECRET-tp2',
          T2_V1: 'SECRET-tp2',
          T2: 'SECRET-tp2',
        });
        // T1 and T1_SLASH are one query, fetched once (so are T2 and T2_SLASH); TestParam1 is
        // asked for current, :1 and :blue, one query per parameter a call: 3 calls.
        t.same(proxy.counts(), { GetParameters: 3 });
        noLeak(t, r.stderr);
      });

      t.test('sm:// with a version id in the VERSION_STAGE field: a usage error before any request', async (t) => {
        const r = await run(['echo', 'started'], { DB_OLD: `sm://prod/rotated::${V_OLD}`, DB_ARN_OLD: `sm://${rdsArn}::${V_OLD}` });
        t.equal(r.exitCode, 125);
        t.equal(r.stdout, '');
        t.match(r.stderr, `DB_OLD: the reference "sm://prod/rotated::${V_OLD}" has ${V_OLD} in the VERSION_STAGE field, which looks like a version id`);
        t.match(r.stderr, `for that version id write sm://prod/rotated:::${V_OLD}, for a stage and a version id sm://prod/rotated::STAGE:${V_OLD}`);
        t.match(r.stderr, `DB_ARN_OLD: the reference "sm://${rdsArn}::${V_OLD}"`);
        t.same(proxy.counts(), {}, 'nothing was asked');
      });

      t.test('a version stage and a version id together: they must name the same version', async (t) => {
        const ok = await run(printEnv, { BY_ID: `sm://prod/rotated:password::${V_OLD}`, BOTH: `sm://prod/rotated:password:AWSPREVIOUS:${V_OLD}` });
        t.equal(ok.exitCode, 0, ok.stderr);
        t.match(JSON.parse(ok.stdout), { BY_ID: 'SECRET-old', BOTH: 'SECRET-old' });
        const mismatch = await run(['echo', 'started'], { BOTH: `sm://prod/rotated:password:AWSCURRENT:${V_OLD}` });
        t.equal(mismatch.exitCode, 125);
        t.match(mismatch.stderr, `version stage AWSCURRENT and version id ${V_OLD} of secret prod/rotated not found in us-east-1, wanted by BOTH`);
        t.match(mismatch.stderr, 'a version stage and a version id together must name the same version');
        noLeak(t, ok.stderr + mismatch.stderr);
      });

      t.test('one denied secret in a BatchGetSecretValue answer is read alone with GetSecretValue', async (t) => {
        const denied = `User: arn:aws:sts::${ACCOUNT}:assumed-role/task/x is not authorized to perform: secretsmanager:GetSecretValue on resource: cross/two`;
        // The batch answers two secrets itself and reports the third in Errors, as AWS does
        // for a secret of another account whose resource policy the batch call does not honour.
        const batchAnswer = {
          status: 200,
          contentType: 'application/x-amz-json-1.1',
          raw: JSON.stringify({
            SecretValues: ['cross/one', 'cross/three'].map((name) => ({
              ARN: `arn:aws:secretsmanager:us-east-1:${ACCOUNT}:secret:${name}-AbCdEf`,
              Name: name,
              SecretString: `SECRET-${name}`,
              VersionId: V_NEW,
              VersionStages: ['AWSCURRENT'],
            })),
            Errors: [{ SecretId: 'cross/two', ErrorCode: 'AccessDeniedException', Message: denied }],
          }),
        };
        const env = { ONE: 'sm://cross/one', TWO: 'sm://cross/two', THREE: 'sm://cross/three' };
        proxy.inject({ operation: 'BatchGetSecretValue', answer: batchAnswer });
        const r = await run(['--verbose', ...printEnv], env);
        t.equal(r.exitCode, 0, r.stderr);
        t.match(JSON.parse(r.stdout), { ONE: 'SECRET-cross/one', TWO: 'SECRET-cross/two', THREE: 'SECRET-cross/three' });
        t.same(proxy.counts(), { BatchGetSecretValue: 1, GetSecretValue: 1 });
        t.match(r.stderr, 'BatchGetSecretValue could not read a secret: reading it alone with GetSecretValue');
        noLeak(t, r.stderr);

        // Denied alone too: that denial is the error, for that secret only.
        proxy.resetCounts();
        proxy.inject({ operation: 'GetSecretValue', answer: accessDenied(denied) });
        const failed = await run(['echo', 'started'], env);
        t.equal(failed.exitCode, 125);
        t.equal(failed.stdout, '');
        t.match(failed.stderr, /access denied: secretsmanager:GetSecretValue on cross\/two .*wanted by TWO/);
        t.notMatch(failed.stderr, /cross\/one|cross\/three/, 'only the denied secret is named');
        t.same(proxy.counts(), { BatchGetSecretValue: 1, GetSecretValue: 1 });
        noLeak(t, failed.stderr);
      });

      t.test('an ARN after the wrong scheme or in upper case: a usage error saying what to write', async (t) => {
        const parameterArn = `arn:aws:ssm:us-east-1:${ACCOUNT}:parameter/TestParam1`;
        const r = await run(['echo', 'started'], {
          A: `sm://${parameterArn}`,
          B: `ssm://${rdsArn}`,
          C: `sm://${rdsArn.toUpperCase()}:password::`,
          SECRETS_MANAGER_SECRET_IDS: parameterArn,
        });
        t.equal(r.exitCode, 125);
        t.match(r.stderr, `A: the reference "sm://${parameterArn}" is an SSM parameter ARN, not a Secrets Manager secret: use ssm://${parameterArn}`);
        t.match(r.stderr, `B: the reference "ssm://${rdsArn}" is a Secrets Manager secret ARN, not an SSM parameter: use sm://${rdsArn}`);
        t.match(r.stderr, /C: the reference .* is written in upper case: ARNs are lower case/);
        t.match(r.stderr, `secret "${parameterArn}" is an SSM parameter ARN, not a Secrets Manager secret: use ssm://${parameterArn}`);
        t.same(proxy.counts(), {});
      });
    });
  }
}
