import t from 'tap';
import { UsageError } from '../../src/report/errors.js';
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
    ['DB_:a b', /does not allow/],
    [`${ARN}:password`, /has fields after the secret name/],
    ['arn:aws:secretsmanager:eu-west-1:123456789012:secret:', /names no secret after secret:/],
    ['arn:aws:ssm:eu-west-1:123456789012:parameter/x', /is not a Secrets Manager ARN|not secretsmanager/],
  ];
  for (const [entry, message] of cases) {
    const error = t.throws(() => parseSecretId(entry), entry) as UsageError;
    t.type(error, UsageError);
    t.match(error.message, new RegExp(`^secret ${JSON.stringify(entry).replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')} `));
    t.match(error.message, message, entry);
  }
});
