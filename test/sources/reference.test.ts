import t from 'tap';
import { UserError } from '../../src/core/errors.js';
import { isReference, parseReference, type ParameterRef, type SecretRef } from '../../src/sources/reference.js';

const ARN_PARAM = 'arn:aws:ssm:eu-west-1:123456789012:parameter/goecssample/db/user';
const ARN_SECRET = 'arn:aws:secretsmanager:us-west-2:123456789012:secret:prod/db-AbCdEf';

const param = (value: string) => parseReference('VAR', value).target as ParameterRef;
const secret = (value: string) => parseReference('VAR', value).target as SecretRef;
const p = (name: string, extra: Partial<ParameterRef> = {}): ParameterRef => ({
  kind: 'parameter',
  name,
  arn: undefined,
  version: undefined,
  label: undefined,
  region: undefined,
  ...extra,
});
const s = (secretId: string, extra: Partial<SecretRef> = {}): SecretRef => ({
  kind: 'secret',
  secretId,
  jsonKey: undefined,
  versionStage: undefined,
  versionId: undefined,
  region: undefined,
  ...extra,
});

t.test('only values starting with ssm:// or sm:// are references', async (t) => {
  for (const value of ['ssm://a', 'sm://a', 'ssm://', 'sm://']) t.ok(isReference(value), value);
  for (const value of ['', 'a', ' ssm://a', 'SSM://a', 'sm:/a', 'ssm:a', 'http://x', 'xsm://a', 'asm://a']) t.notOk(isReference(value), value);
});

t.test('ssm://NAME: a name with / gets its leading /, a name without stays as is', async (t) => {
  t.same(param('ssm://goecssample/db/user'), p('/goecssample/db/user'));
  t.same(param('ssm:///goecssample/db/user'), p('/goecssample/db/user'));
  t.same(param('ssm://plain-name'), p('plain-name'));
  t.same(
    param('ssm:///aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-x86_64'),
    p('/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-x86_64'),
  );
  t.same(param('ssm://a.b_c-D'), p('a.b_c-D'));
});

t.test('ssm://NAME:VERSION and ssm://NAME:LABEL', async (t) => {
  t.same(param('ssm://app/db/user:3'), p('/app/db/user', { version: 3 }));
  t.same(param('ssm://plain:12'), p('plain', { version: 12 }));
  t.same(param('ssm://app/db/user:prod'), p('/app/db/user', { label: 'prod' }));
  t.same(param('ssm://app/db/user:release-2.1_b'), p('/app/db/user', { label: 'release-2.1_b' }));
});

t.test('ssm://ARN: region and account from the ARN; with version or label', async (t) => {
  t.same(param(`ssm://${ARN_PARAM}`), p('/goecssample/db/user', { arn: ARN_PARAM, region: 'eu-west-1' }));
  t.same(param(`ssm://${ARN_PARAM}:7`), p('/goecssample/db/user', { arn: ARN_PARAM, region: 'eu-west-1', version: 7 }));
  t.same(param(`ssm://${ARN_PARAM}:prod`), p('/goecssample/db/user', { arn: ARN_PARAM, region: 'eu-west-1', label: 'prod' }));
  const single = 'arn:aws-cn:ssm:cn-north-1:123456789012:parameter/flag';
  t.same(param(`ssm://${single}`), p('flag', { arn: single, region: 'cn-north-1' }));
});

t.test('sm://SECRET: name, partial ARN, full ARN', async (t) => {
  t.same(secret('sm://prod/db'), s('prod/db'));
  t.same(secret('sm://my_secret+=.@-x'), s('my_secret+=.@-x'));
  t.same(secret(`sm://${ARN_SECRET}`), s(ARN_SECRET, { region: 'us-west-2' }));
  const partial = 'arn:aws:secretsmanager:us-west-2:123456789012:secret:prod/db';
  t.same(secret(`sm://${partial}`), s(partial, { region: 'us-west-2' }));
});

t.test('sm:// suffix is ECS valueFrom syntax: empty fields are defaults, trailing colons allowed', async (t) => {
  t.same(secret('sm://prod/db:password'), s('prod/db', { jsonKey: 'password' }));
  t.same(secret('sm://prod/db:password::'), s('prod/db', { jsonKey: 'password' }));
  t.same(secret('sm://prod/db:password:'), s('prod/db', { jsonKey: 'password' }));
  t.same(secret('sm://prod/db:::'), s('prod/db'));
  t.same(secret('sm://prod/db:'), s('prod/db'));
  t.same(secret('sm://prod/db::AWSPREVIOUS'), s('prod/db', { versionStage: 'AWSPREVIOUS' }));
  t.same(secret('sm://prod/db::AWSPREVIOUS:'), s('prod/db', { versionStage: 'AWSPREVIOUS' }));
  t.same(secret('sm://prod/db:::a1b2c3d4-5678-90ab-cdef-EXAMPLE11111'), s('prod/db', { versionId: 'a1b2c3d4-5678-90ab-cdef-EXAMPLE11111' }));
  t.same(secret('sm://prod/db:password:AWSCURRENT:v-1'), s('prod/db', { jsonKey: 'password', versionStage: 'AWSCURRENT', versionId: 'v-1' }));
});

t.test('sm://FULL_ARN with key, stage and version id: the ARN is read first', async (t) => {
  t.same(secret(`sm://${ARN_SECRET}:password::`), s(ARN_SECRET, { region: 'us-west-2', jsonKey: 'password' }));
  t.same(secret(`sm://${ARN_SECRET}:password:AWSPREVIOUS:`), s(ARN_SECRET, { region: 'us-west-2', jsonKey: 'password', versionStage: 'AWSPREVIOUS' }));
  t.same(secret(`sm://${ARN_SECRET}::AWSPREVIOUS:v9`), s(ARN_SECRET, { region: 'us-west-2', versionStage: 'AWSPREVIOUS', versionId: 'v9' }));
  t.same(secret(`sm://${ARN_SECRET}:`), s(ARN_SECRET, { region: 'us-west-2' }));
});

t.test('the source keeps the variable and the reference as written', async (t) => {
  t.same(parseReference('DB_USER', 'ssm://a/b'), { kind: 'reference', variable: 'DB_USER', reference: 'ssm://a/b', target: p('/a/b') });
});

t.test('malformed references: exit-125 errors naming the variable and the reference', async (t) => {
  const cases: Array<[string, string]> = [
    ['ssm://', 'names no parameter'],
    ['ssm://:3', 'names no parameter'],
    ['ssm://a/b:', "has nothing after ':'"],
    ['ssm://a/b:0', 'has version 0; versions start at 1'],
    ['ssm://a/b:3x', 'is not a valid label'],
    ['ssm://a/b:1:2', "has more than one ':'"],
    ['ssm://a//b', 'has an empty path segment'],
    ['ssm://a/b/', 'has an empty path segment'],
    ['ssm://a b', 'has a character Parameter Store does not allow'],
    ['ssm://arn:aws:ssm:eu-west-1:123456789012:secret/x', 'expected parameter/NAME'],
    ['ssm://arn:aws:ssm:eu-west-1:123456789012:parameter/', 'expected parameter/NAME'],
    ['ssm://arn:aws:ssm:eu-west-1:12345:parameter/x', 'expected 12 digits'],
    ['ssm://arn:aws:ssm:nowhere:123456789012:parameter/x', 'has region "nowhere"'],
    ['ssm://arn:aws:s3:eu-west-1:123456789012:parameter/x', 'is an ARN of service "s3", not ssm'],
    ['ssm://arn:aws:ssm:eu-west-1', 'is not an SSM parameter ARN'],
    ['ssm://arn:aws:ssm:eu-west-1:123456789012:parameter/x:1:2', 'is not an SSM parameter ARN'],
    ['sm://', 'names no secret'],
    ['sm://:key', 'names no secret'],
    ['sm://::', 'names no secret'],
    ['sm://a:b:c:d:e', "has too many ':' fields"],
    ['sm://a b', 'has a character Secrets Manager does not allow in names (a space)'],
    ['sm://arn:aws:secretsmanager:us-west-2:123456789012:secret', 'is not a Secrets Manager ARN'],
    ['sm://arn:aws:secretsmanager:us-west-2:123456789012:secret:', 'names no secret after secret:'],
    ['sm://arn:aws:secretsmanager:us-west-2:123456789012:key:x', 'has resource type "key"; expected secret'],
    ['sm://arn:aws:ssm:us-west-2:123456789012:secret:x', 'is an ARN of service "ssm", not secretsmanager'],
    [`sm://${ARN_SECRET}:a:b:c:d`, "has too many ':' fields"],
  ];
  for (const [value, problem] of cases) {
    const error = t.throws(() => parseReference('DB_PASSWORD', value), value) as UserError;
    t.type(error, UserError);
    t.equal(error.exitCode, 125);
    t.ok(error.message.startsWith(`DB_PASSWORD: the reference ${JSON.stringify(value)} `), error.message);
    t.ok(error.message.includes(problem), `${value}: ${error.message}`);
    t.match(error.hint, /ssm:\/\/NAME.*sm:\/\/SECRET/);
  }
});

const RDS = 'rds!db-0a1b2c3d-1111-2222-3333-444455556666';
const RDS_ARN = `arn:aws:secretsmanager:eu-west-1:123456789012:secret:${RDS}-AbCdEf`;
const UUID = 'a1b2c3d4-5678-90ab-cdef-EXAMPLE11111';

t.test('secret names that AWS services create (rds!db-..., events!connection/...) as name, partial and full ARN', async (t) => {
  t.same(secret(`sm://${RDS}`), s(RDS));
  t.same(secret(`sm://${RDS}:password`), s(RDS, { jsonKey: 'password' }));
  t.same(
    secret('sm://rds!cluster-9f8e7d6c-1111-2222-3333-444455556666:username::'),
    s('rds!cluster-9f8e7d6c-1111-2222-3333-444455556666', { jsonKey: 'username' }),
  );
  t.same(secret('sm://events!connection/my-api/0a1b2c3d-1111-2222-3333-444455556666'), s('events!connection/my-api/0a1b2c3d-1111-2222-3333-444455556666'));
  t.same(secret(`sm://${RDS_ARN}:password::`), s(RDS_ARN, { region: 'eu-west-1', jsonKey: 'password' }));
  const partial = RDS_ARN.slice(0, -7);
  t.same(secret(`sm://${partial}`), s(partial, { region: 'eu-west-1' }));
  t.same(secret('sm://a#b%c*d?e~f'), s('a#b%c*d?e~f'), 'no pattern in the API: any printable ASCII but ":"');
  t.same(secret(`sm://${'n'.repeat(512)}`), s('n'.repeat(512)));
});

t.test('ARNs of every partition (see partitions.test.ts for all of them)', async (t) => {
  const eusc = 'arn:aws-eusc:secretsmanager:eusc-de-east-1:123456789012:secret:prod/db-AbCdEf';
  t.same(secret(`sm://${eusc}:password::`), s(eusc, { region: 'eusc-de-east-1', jsonKey: 'password' }));
  const iso = 'arn:aws-iso-b:ssm:us-isob-east-1:123456789012:parameter/app/x';
  t.same(param(`ssm://${iso}:2`), p('/app/x', { arn: iso, region: 'us-isob-east-1', version: 2 }));
});

t.test('sm://: a version id in the VERSION_STAGE field is a usage error showing both right forms', async (t) => {
  for (const [value, right] of <Array<[string, string]>>[
    [`sm://prod/db::${UUID}`, `sm://prod/db:::${UUID}`],
    [`sm://prod/db:password:${UUID}`, `sm://prod/db:password::${UUID}`],
    [`sm://${RDS_ARN}::${UUID}`, `sm://${RDS_ARN}:::${UUID}`],
    [`sm://${RDS_ARN}::${UUID.toLowerCase()}:`, `sm://${RDS_ARN}:::${UUID.toLowerCase()}`],
  ]) {
    const error = t.throws(() => parseReference('DB', value)) as UserError;
    t.equal(error.exitCode, 125);
    t.match(error.message, `DB: the reference ${JSON.stringify(value)} has `);
    t.match(error.message, 'in the VERSION_STAGE field, which looks like a version id');
    t.match(error.message, `for that version id write ${right}`, value);
    t.match(error.message, ':STAGE:', 'and the form with a stage and an id');
  }
  // The right forms, and a stage and an id together, are taken as written.
  t.same(secret(`sm://prod/db:::${UUID}`), s('prod/db', { versionId: UUID }));
  t.same(secret(`sm://prod/db::AWSPREVIOUS:${UUID}`), s('prod/db', { versionStage: 'AWSPREVIOUS', versionId: UUID }));
  t.same(secret('sm://prod/db::my-stage-1'), s('prod/db', { versionStage: 'my-stage-1' }));
});

t.test('ARNs after the wrong scheme, or in upper case, say what to write', async (t) => {
  const ssmArn = 'arn:aws:ssm:eu-west-1:123456789012:parameter/app/db/user';
  const smArn = 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:prod/db-AbCdEf';
  const message = (value: string) => (t.throws(() => parseReference('V', value)) as UserError).message;
  t.match(message(`sm://${ssmArn}`), `is an SSM parameter ARN, not a Secrets Manager secret: use ssm://${ssmArn}`);
  t.match(message(`ssm://${smArn}`), `is a Secrets Manager secret ARN, not an SSM parameter: use sm://${smArn}`);
  t.match(message(`ssm://${smArn}:password::`), 'use sm://');
  t.match(message('sm://ARN:AWS:SECRETSMANAGER:EU-WEST-1:123456789012:secret:prod/db-AbCdEf:password::'), 'ARNs are lower case');
  t.match(
    message('sm://ARN:AWS:SECRETSMANAGER:EU-WEST-1:123456789012:secret:prod/db-AbCdEf:password::'),
    'write "arn:aws:secretsmanager:eu-west-1:123456789012:secret:prod/db-AbCdEf:password::"',
  );
  t.match(message('ssm://Arn:Aws:Ssm:eu-west-1:123456789012:parameter/app/x'), 'ARNs are lower case');
});

t.test('names AWS cannot hold are refused before any request', async (t) => {
  const problem = (value: string) => (t.throws(() => parseReference('V', value), value) as UserError).message;
  t.match(problem('sm://prod/db '), 'has a character Secrets Manager does not allow in names (a space)');
  t.match(problem('sm://prod/db\t'), '(white space)');
  t.match(problem('sm://prod\u2013db'), '(the character U+2013)');
  t.match(problem(`sm://${'n'.repeat(513)}`), 'secret names have at most 512');
  const levels = (n: number) => Array.from({ length: n }, (_, i) => `l${i + 1}`).join('/');
  t.same(param(`ssm://${levels(15)}`), p(`/${levels(15)}`));
  t.match(problem(`ssm://${levels(16)}`), 'has 16 levels; Parameter Store allows at most 15');
  t.same(param(`ssm://${'p'.repeat(1011)}`), p('p'.repeat(1011)));
  t.match(problem(`ssm://${'p'.repeat(1012)}`), 'parameter names have at most 1011');
});
