// What Parameter Store and Secrets Manager accept as names, versions and labels (their API
// reference), checked before any request.
import t from 'tap';
import {
  checkParameterName,
  checkSecretName,
  checkStoredLabel,
  checkStoredParameterName,
  normalizeParameterName,
  parameterIdentity,
  parseSelector,
  PARAMETER_MAX_LEVELS,
  PARAMETER_NAME_MAX,
  SECRET_ARN_SUFFIX,
  SECRET_NAME_MAX,
} from '../../src/sources/identifiers.js';

t.test('parameter names: letters, digits, _ . - and / between levels', async (t) => {
  for (const name of ['/a/b/c', '/a', 'a', 'My.Param-1_x', '/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-x86_64']) {
    t.equal(checkParameterName(name), undefined, name);
  }
  t.match(checkParameterName(''), /names no parameter/);
  t.match(checkParameterName('/a b'), /has a character Parameter Store does not allow/);
  t.match(checkParameterName('/é'), /has a character/);
  t.match(checkParameterName('/a//b'), /empty path segment/);
  t.match(checkParameterName('/a/'), /empty path segment/);
  t.match(checkParameterName('a/b'), /has a hierarchy \(\/\) but does not start with \//);
  const deep = `/${Array.from({ length: PARAMETER_MAX_LEVELS + 1 }, (_, i) => `l${i}`).join('/')}`;
  t.match(checkParameterName(deep), `has ${PARAMETER_MAX_LEVELS + 1} levels`);
  t.equal(checkParameterName(`/${Array.from({ length: PARAMETER_MAX_LEVELS }, () => 'l').join('/')}`), undefined, '15 levels');
  t.match(checkParameterName(`/${'x'.repeat(PARAMETER_NAME_MAX)}`), `parameter names have at most ${PARAMETER_NAME_MAX}`);
});

t.test('names Parameter Store refuses to create: aws or ssm first, any case; /aws/ is AWS’s own and readable', async (t) => {
  t.match(checkStoredParameterName('/AWS-thing/x'), /starts with "aws" or "ssm"/);
  t.match(checkStoredParameterName('ssmParam'), /starts with "aws" or "ssm"/);
  t.equal(checkStoredParameterName('/aws/reference/secretsmanager/db'), undefined);
  t.equal(checkStoredParameterName('/app/aws'), undefined);
});

t.test('ssm://NAME: a name with / gets its leading /; a single-level name stays as written', async (t) => {
  t.same(normalizeParameterName('goecssample/db/user'), { ok: true, value: '/goecssample/db/user' });
  t.same(normalizeParameterName('/goecssample/db/user'), { ok: true, value: '/goecssample/db/user' });
  t.same(normalizeParameterName('TopLevel'), { ok: true, value: 'TopLevel' });
  t.same(normalizeParameterName(''), { ok: false, problem: 'names no parameter' });
  t.equal(normalizeParameterName('a b').ok, false);
});

t.test('one top-level parameter with or without its /, but /a/b and a/b are not one', async (t) => {
  t.equal(parameterIdentity('/TestParam1'), parameterIdentity('TestParam1'));
  t.equal(parameterIdentity('/a/b'), '/a/b');
  t.not(parameterIdentity('/a/b'), parameterIdentity('a/b'));
});

t.test('NAME:VERSION or NAME:LABEL: digits are a version from 1, anything else a label', async (t) => {
  t.same(parseSelector('3'), { ok: true, value: { version: 3, label: undefined } });
  t.same(parseSelector('prod'), { ok: true, value: { version: undefined, label: 'prod' } });
  t.same(parseSelector('release-1.2_b'), { ok: true, value: { version: undefined, label: 'release-1.2_b' } });
  t.match(parseSelector('0'), { ok: false, problem: /versions start at 1/ });
  t.match(parseSelector('99999999999999999999'), { ok: false, problem: /versions start at 1/ });
  t.match(parseSelector(''), { ok: false, problem: /has nothing after ':'/ });
  t.match(parseSelector('a b'), { ok: false, problem: /is not a valid label/ });
  t.match(parseSelector('1abc'), { ok: false, problem: /not starting with a digit/ });
  t.equal(parseSelector('x'.repeat(100)).ok, true, '100 characters');
  t.equal(parseSelector('x'.repeat(101)).ok, false, '101 characters');
});

t.test('labels one may put on a version: not a number, not aws or ssm first', async (t) => {
  t.equal(checkStoredLabel('prod'), undefined);
  t.match(checkStoredLabel('3'), /is not a valid label/);
  t.match(checkStoredLabel('AWSCURRENT'), /starts with "aws" or "ssm"/);
  t.match(checkStoredLabel('ssm-x'), /starts with "aws" or "ssm"/);
});

t.test('secret names: printable ASCII without space or :, the names AWS services create included', async (t) => {
  for (const name of ['prod/db', 'a+b=c.d@e-f_g', 'rds!db-0a1b2c3d-1111-2222-3333-444455556666', 'events!connection/x/y'])
    t.equal(checkSecretName(name), undefined, name);
  t.match(checkSecretName(''), /names no secret/);
  t.match(checkSecretName('a b'), /\(a space\)/);
  t.match(checkSecretName('a\tb'), /\(white space\)/);
  t.match(checkSecretName('a:b'), /the character U\+003A/);
  t.match(checkSecretName('prod/dé'), /the character U\+00E9/);
  t.equal(checkSecretName('x'.repeat(SECRET_NAME_MAX)), undefined);
  t.match(checkSecretName('x'.repeat(SECRET_NAME_MAX + 1)), `secret names have at most ${SECRET_NAME_MAX}`);
  t.equal(checkSecretName(`${'x'.repeat(SECRET_NAME_MAX)}-AbCdEf`, true), undefined, "in a full ARN, with AWS's suffix");
});

t.test("AWS's suffix of a full secret ARN: - and 6 letters or digits", async (t) => {
  t.ok(SECRET_ARN_SUFFIX.test('prod/db-AbC123'));
  t.notOk(SECRET_ARN_SUFFIX.test('prod/db'));
  t.notOk(SECRET_ARN_SUFFIX.test('prod/db-AbC12'));
});
