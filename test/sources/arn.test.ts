// ARNs as written in references and secret ids: what is read from them, and the one-line
// problem for each way of writing one wrong.
import t from 'tap';
import { looksLikeArn, parseParameterArn, parseSecretArn } from '../../src/sources/arn.js';

const ok = <T>(parsed: { ok: true; value: T } | { ok: false; problem: string }): T => {
  if (!parsed.ok) throw new Error(parsed.problem);
  return parsed.value;
};
const problem = (parsed: { ok: boolean; problem?: string }) => (parsed.ok ? undefined : parsed.problem);

t.test('looksLikeArn: arn: in any case, with three fields, so that an env prefix ARN: stays one', async (t) => {
  t.ok(looksLikeArn('arn:aws:ssm:eu-west-1:123456789012:parameter/a'));
  t.ok(looksLikeArn('ARN:AWS:SSM:eu-west-1:123456789012:parameter/a'));
  t.notOk(looksLikeArn('ARN:prod/db'), 'ENV_PREFIX ARN: before a secret name');
  t.notOk(looksLikeArn('prod/db'));
});

t.test('a parameter ARN: the name gets its / back when it has a hierarchy; the selector is kept apart', async (t) => {
  t.same(ok(parseParameterArn('arn:aws:ssm:eu-west-1:123456789012:parameter/app/db/host')), {
    arn: 'arn:aws:ssm:eu-west-1:123456789012:parameter/app/db/host',
    region: 'eu-west-1',
    account: '123456789012',
    name: '/app/db/host',
    selector: undefined,
  });
  t.equal(ok(parseParameterArn('arn:aws:ssm:eu-west-1:123456789012:parameter/TopLevel')).name, 'TopLevel');
  const versioned = ok(parseParameterArn('arn:aws:ssm:eu-west-1:123456789012:parameter/app/key:3'));
  t.same([versioned.arn, versioned.selector], ['arn:aws:ssm:eu-west-1:123456789012:parameter/app/key', '3']);
  t.equal(ok(parseParameterArn('arn:aws-cn:ssm:cn-north-1:123456789012:parameter/a/b')).region, 'cn-north-1');
  t.equal(ok(parseParameterArn('arn:aws-us-gov:ssm:us-gov-west-1:123456789012:parameter/a/b')).account, '123456789012');
});

t.test('a secret ARN: seven fields, then ECS valueFrom fields', async (t) => {
  const full = ok(parseSecretArn('arn:aws:secretsmanager:us-east-1:123456789012:secret:prod/db-AbCdEf:password:AWSPREVIOUS:'));
  t.same(full, {
    arn: 'arn:aws:secretsmanager:us-east-1:123456789012:secret:prod/db-AbCdEf',
    region: 'us-east-1',
    account: '123456789012',
    name: 'prod/db-AbCdEf',
    rest: ['password', 'AWSPREVIOUS', ''],
  });
  t.same(ok(parseSecretArn('arn:aws:secretsmanager:us-east-1:123456789012:secret:rds!db-1234')).rest, []);
});

t.test('each mistake is named, with what to write instead', async (t) => {
  const cases: Array<[string, 'ssm' | 'sm', RegExp]> = [
    [
      'ARN:AWS:SSM:EU-WEST-1:123456789012:parameter/a',
      'ssm',
      /^is written in upper case: ARNs are lower case .* write "arn:aws:ssm:eu-west-1:123456789012:parameter\/a"$/,
    ],
    [
      'arn:aws:secretsmanager:eu-west-1:123456789012:secret:db',
      'ssm',
      /^is a Secrets Manager secret ARN, not an SSM parameter: use sm:\/\/arn:aws:secretsmanager:/,
    ],
    ['arn:aws:ssm:eu-west-1:123456789012:parameter/db', 'sm', /^is an SSM parameter ARN, not a Secrets Manager secret: use ssm:\/\/arn:aws:ssm:/],
    ['arn:aws:s3:::bucket/key', 'ssm', /^is an ARN of service "s3", not ssm$/],
    ['arn:aws:ssm:eu-west-1:123456789012:document/x', 'ssm', /^has resource "document\/x"; expected parameter\/NAME$/],
    ['arn:aws:ssm:eu-west-1:123456789012:parameter/', 'ssm', /expected parameter\/NAME/],
    ['arn:aws:ssm:eu-west-1:12345:parameter/a', 'ssm', /^has account "12345"; expected 12 digits$/],
    ['arn:aws:ssm:europe:123456789012:parameter/a', 'ssm', /^has region "europe"; expected a region such as eu-west-1$/],
    [
      'arn:aws:ssm:cn-north-1:123456789012:parameter/a',
      'ssm',
      /^has region cn-north-1 in partition aws, but cn-north-1 is in partition aws-cn \(arn:aws-cn:\.\.\.\)$/,
    ],
    ['arn:amazon:ssm:eu-west-1:123456789012:parameter/a', 'ssm', /^has partition "amazon"; expected one of aws, /],
    ['arn:aws:secretsmanager:eu-west-1:123456789012:key:db', 'sm', /^has resource type "key"; expected secret$/],
    ['arn:aws:secretsmanager:eu-west-1:123456789012:secret:', 'sm', /^names no secret after secret:$/],
    ['arn:aws:secretsmanager:eu-west-1:123456789012', 'sm', /^is not a Secrets Manager ARN/],
  ];
  for (const [text, scheme, expected] of cases) {
    t.match(problem(scheme === 'ssm' ? parseParameterArn(text) : parseSecretArn(text)), expected, text);
  }
});
