import t from 'tap';
import { UsageError } from '../../src/core/errors.js';
import { parseSecretId } from '../../src/sources/secret-id.js';

const ARN = 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:prod/db-AbCdEf';

t.test('[ENV_PREFIX:]SECRET', async (t) => {
  t.same(parseSecretId('prod/db'), { kind: 'secret', entry: 'prod/db', envPrefix: '', secretId: 'prod/db', region: undefined });
  t.same(parseSecretId('DB_:prod/db'), { kind: 'secret', entry: 'DB_:prod/db', envPrefix: 'DB_', secretId: 'prod/db', region: undefined });
  t.same(parseSecretId(ARN), { kind: 'secret', entry: ARN, envPrefix: '', secretId: ARN, region: 'eu-west-1' });
  t.same(parseSecretId(`APP_:${ARN}`), { kind: 'secret', entry: `APP_:${ARN}`, envPrefix: 'APP_', secretId: ARN, region: 'eu-west-1' });
  t.equal(parseSecretId('_x:a').envPrefix, '_x');
});

t.test('malformed entries are usage errors naming the entry', async (t) => {
  const cases: Array<[string, RegExp]> = [
    [':prod/db', /has an empty ENV_PREFIX/],
    ['1DB:prod/db', /ENV_PREFIX "1DB", which is not a valid start of a variable name/],
    ['prod/db:password', /ENV_PREFIX "prod\/db", which is not a valid start/],
    ['DB_:prod/db:password', /has a second ':'/],
    ['DB_:', /names no secret/],
    ['DB_:a b', /does not allow in names \(a space\)/],
    ['DB_:prod/db ', /does not allow in names \(a space\)/],
    [`${ARN}:password`, /has fields after the secret name/],
    ['arn:aws:secretsmanager:eu-west-1:123456789012:secret:', /names no secret after secret:/],
    [
      'arn:aws:ssm:eu-west-1:123456789012:parameter/x',
      /is an SSM parameter ARN, not a Secrets Manager secret: use ssm:\/\/arn:aws:ssm:eu-west-1:123456789012:parameter\/x/,
    ],
    ['DB_:arn:aws:ssm:eu-west-1:123456789012:parameter/x', /use ssm:\/\//],
    ['ARN:AWS:SECRETSMANAGER:EU-WEST-1:123456789012:secret:prod/db-AbCdEf', /ARNs are lower case/],
    ['DB_:Arn:Aws:secretsmanager:eu-west-1:123456789012:secret:prod/db', /ARNs are lower case/],
    ['arn:aws:secretsmanager:cn-north-1:123456789012:secret:prod/db', /cn-north-1 is in partition aws-cn/],
  ];
  for (const [entry, message] of cases) {
    const error = t.throws(() => parseSecretId(entry), entry) as UsageError;
    t.type(error, UsageError);
    t.match(error.message, new RegExp(`^secret ${JSON.stringify(entry).replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')} `));
    t.match(error.message, message, entry);
  }
});

t.test('secrets that AWS services create, and every partition', async (t) => {
  const rds = 'rds!cluster-0a1b2c3d-1111-2222-3333-444455556666';
  t.same(parseSecretId(rds), { kind: 'secret', entry: rds, envPrefix: '', secretId: rds, region: undefined });
  t.same(parseSecretId(`DB_:${rds}`).secretId, rds);
  const arn = `arn:aws-eusc:secretsmanager:eusc-de-east-1:123456789012:secret:${rds}-AbCdEf`;
  t.same(parseSecretId(`DB_:${arn}`), { kind: 'secret', entry: `DB_:${arn}`, envPrefix: 'DB_', secretId: arn, region: 'eusc-de-east-1' });
  t.same(parseSecretId('arn:aws-iso-f:secretsmanager:us-isof-south-1:123456789012:secret:x').region, 'us-isof-south-1');
  t.equal(parseSecretId('ARN:prod/db').envPrefix, 'ARN', 'an env prefix that reads "ARN" stays one');
});
