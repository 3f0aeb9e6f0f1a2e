// --doctor --policy: the resources must be the ones AWS authorises, in AWS's documented
// ARN forms (moto checks actions only, so the end-to-end round trip cannot check them).
import t from 'tap';
import { parseAs } from '../cli/parse.js';
import { policyFor } from '../../src/doctor/policy.js';
import type { Where } from '../../src/diagnose/iam.js';
import { planSources } from '../../src/sources/plan.js';

const where: Where = { region: 'eu-west-1', account: '123456789012' };
const policy = (env: Record<string, string>, argv: string[] = [], at = where) => policyFor(planSources(parseAs('run', [...argv, 'cmd'], env), env), at);
const statement = (p: ReturnType<typeof policyFor>, sid: string) => p.Statement.find((s) => s.Sid === sid);

t.test('GetParametersByPath: on the path itself (parameter/PATH) and below it (parameter/PATH/*)', async (t) => {
  const p = policy({ PARAMETER_STORE_PREFIX: 'myapp/prod,/shared' });
  t.same(statement(p, 'ReadPrefixes'), {
    Sid: 'ReadPrefixes',
    Effect: 'Allow',
    Action: 'ssm:GetParametersByPath',
    Resource: [
      'arn:aws:ssm:eu-west-1:123456789012:parameter/myapp/prod',
      'arn:aws:ssm:eu-west-1:123456789012:parameter/myapp/prod/*',
      'arn:aws:ssm:eu-west-1:123456789012:parameter/shared',
      'arn:aws:ssm:eu-west-1:123456789012:parameter/shared/*',
    ],
  });
  t.same(
    statement(p, 'DecryptParameters')?.Condition,
    { StringEquals: { 'kms:ViaService': 'ssm.eu-west-1.amazonaws.com' } },
    'SecureStrings: kms:Decrypt through SSM only',
  );
  t.notOk(statement(p, 'ReadSecrets'));
});

t.test('named parameters: GetParameters on the name, without :VERSION or :LABEL, once each', async (t) => {
  const p = policy({ A: 'ssm://app/db/user', B: 'ssm:///app/db/user:3', C: 'ssm://app/db/user:prod', TOP: 'ssm://top-level' });
  t.same(statement(p, 'ReadNamedParameters')?.Resource, [
    'arn:aws:ssm:eu-west-1:123456789012:parameter/app/db/user',
    'arn:aws:ssm:eu-west-1:123456789012:parameter/top-level',
  ]);
  t.equal(statement(p, 'ReadNamedParameters')?.Action, 'ssm:GetParameters');
});

t.test('parameters referenced by ARN: GetParameter on that ARN (its own region and account), without the selector', async (t) => {
  const p = policy({
    X: 'ssm://arn:aws:ssm:us-west-2:210987654321:parameter/other/flag:2',
    Y: 'ssm://arn:aws:ssm:us-west-2:210987654321:parameter/other/name',
  });
  t.same(statement(p, 'ReadParametersByArn'), {
    Sid: 'ReadParametersByArn',
    Effect: 'Allow',
    Action: 'ssm:GetParameter',
    Resource: ['arn:aws:ssm:us-west-2:210987654321:parameter/other/flag', 'arn:aws:ssm:us-west-2:210987654321:parameter/other/name'],
  });
  t.notOk(statement(p, 'ReadNamedParameters'), 'not also by name in the default region');
});

t.test('secrets: a name gets -?????? (the 6 random characters of its ARN); a full ARN is kept', async (t) => {
  const full = 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:prod/db-AbCdEf';
  const p = policy({ SECRETS_MANAGER_SECRET_IDS: 'DB_:prod/db', TOKEN: 'sm://prod/token:key', FULL: `sm://${full}:password::` });
  const secrets = statement(p, 'ReadSecrets');
  t.equal(secrets?.Action, 'secretsmanager:GetSecretValue');
  t.same(
    [secrets?.Resource].flat().sort(),
    [
      full,
      'arn:aws:secretsmanager:eu-west-1:123456789012:secret:prod/db-??????',
      'arn:aws:secretsmanager:eu-west-1:123456789012:secret:prod/token-??????',
    ].sort(),
  );
  t.same(statement(p, 'BatchReadSecrets')?.Resource, ['*'], 'BatchGetSecretValue is authorised on no particular secret');
  t.same(statement(p, 'DecryptSecrets')?.Condition, { StringEquals: { 'kms:ViaService': 'secretsmanager.eu-west-1.amazonaws.com' } });
  t.notOk(statement(p, 'DecryptParameters'));
});

t.test('a partial secret ARN (no random suffix) gets -??????; one secret needs no BatchGetSecretValue', async (t) => {
  const p = policy({ S: 'sm://arn:aws:secretsmanager:us-east-2:123456789012:secret:prod/db:password' });
  t.same(statement(p, 'ReadSecrets')?.Resource, ['arn:aws:secretsmanager:us-east-2:123456789012:secret:prod/db-??????']);
  t.notOk(statement(p, 'BatchReadSecrets'));
});

t.test('unknown region and account: placeholders, never a guess', async (t) => {
  const p = policy({ PARAMETER_STORE_PREFIX: '/app' }, [], { region: undefined, account: undefined });
  t.same(statement(p, 'ReadPrefixes')?.Resource, ['arn:aws:ssm:REGION:ACCOUNT_ID:parameter/app', 'arn:aws:ssm:REGION:ACCOUNT_ID:parameter/app/*']);
  t.same(statement(p, 'DecryptParameters')?.Resource, 'arn:aws:kms:REGION:ACCOUNT_ID:key/*');
});

t.test('no source: an empty policy', async (t) => {
  t.same(policy({}), { Version: '2012-10-17', Statement: [] });
});
