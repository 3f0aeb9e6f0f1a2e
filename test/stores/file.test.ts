import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import t from 'tap';
import { createLogger } from '../../src/core/log.js';
import { createFileStore } from '../../src/stores/file.js';
import type { Outcome, ParameterQuery, SecretQuery } from '../../src/stores/store.js';

const dir = mkdtempSync(path.join(tmpdir(), 'ssm-entrypoint-file-'));
t.teardown(() => rmSync(dir, { recursive: true, force: true }));
const write = (name: string, text: string) => {
  const file = path.join(dir, name);
  writeFileSync(file, text);
  return file;
};
const ctx = { signal: new AbortController().signal, log: createLogger({ level: 'error', format: 'text', write: () => {} }) };

t.test('recursive paths, types, nothing outside the path', async (t) => {
  const file = write(
    'ok.json',
    JSON.stringify({
      parameters: {
        '/app/a': 'A',
        '/app/nested/b': { type: 'SecureString', value: 'B' },
        '/app/list': { type: 'StringList', value: 'x,y' },
        '/application/c': 'not below /app',
        '/app': 'the path itself is not below it',
      },
    }),
  );
  const got = await createFileStore(file).getParametersByPath('/app', ctx);
  t.same(
    got.map((p) => [p.name, p.type]),
    [
      ['/app/a', 'String'],
      ['/app/list', 'StringList'],
      ['/app/nested/b', 'SecureString'],
    ],
  );
});

t.test('a missing, non-JSON or wrong-shaped file is a clear error', async (t) => {
  t.throws(() => createFileStore(path.join(dir, 'missing.json')), {
    message: `--from-file ${path.join(dir, 'missing.json')}: cannot read the file (ENOENT)`,
    hint: 'check the path and that this user may read it',
  });
  const notJson = write('bad.json', '{');
  t.throws(() => createFileStore(notJson), { message: new RegExp(`^--from-file ${notJson}: not valid JSON`) });
  t.throws(() => createFileStore(write('arr.json', '[]')), { message: /the top level is not a JSON object$/ });
  t.throws(() => createFileStore(write('rel.json', '{"parameters":{"app/a":"x"}}')), { message: /parameter "app\/a" must be a full name starting with \/$/ });
  t.throws(() => createFileStore(write('type.json', '{"parameters":{"/a":{"type":"Blob","value":"x"}}}')), {
    message: /parameter \/a has unknown type "Blob"$/,
  });
  t.throws(() => createFileStore(write('num.json', '{"parameters":{"/a":5}}')), {
    message: /parameter \/a must be a string or an object with a string "value"$/,
  });
});

const q = (name: string, extra: Partial<ParameterQuery> = {}): ParameterQuery => ({
  name,
  arn: undefined,
  version: undefined,
  label: undefined,
  region: undefined,
  ...extra,
});
const sq = (secretId: string, extra: Partial<SecretQuery> = {}): SecretQuery => ({
  secretId,
  versionStage: undefined,
  versionId: undefined,
  region: undefined,
  ...extra,
});
const values = <T extends { value: unknown }>(outcomes: Outcome<T>[]) => outcomes.map((o) => (o.status === 'found' ? o.value.value : o.status));

t.test('parameters by name: versions (numbered from 1) and labels; the last is current', async (t) => {
  const file = write(
    'versions.json',
    JSON.stringify({
      parameters: {
        '/app/flag': { versions: ['one', { value: 'two', labels: ['prod', 'stable'] }, 'three'] },
        plain: { type: 'SecureString', value: 'p' },
        '/app/single': 'only',
      },
    }),
  );
  const store = createFileStore(file);
  const got = await store.getParameters(
    [
      q('/app/flag'),
      q('/app/flag', { version: 1 }),
      q('/app/flag', { label: 'prod' }),
      q('/app/flag', { version: 4 }),
      q('/app/flag', { label: 'nope' }),
      q('plain'),
      q('/nope'),
    ],
    ctx,
  );
  t.same(values(got), ['three', 'one', 'two', 'missing', 'missing', 'p', 'missing']);
  t.same(got[2], { status: 'found', value: { name: '/app/flag', value: 'two', type: 'String', version: 2 } });
  t.same(
    (await store.getParametersByPath('/app', ctx)).map((p) => [p.name, p.value, p.version]),
    [
      ['/app/flag', 'three', 3],
      ['/app/single', 'only', 1],
    ],
  );
});

t.test('parameters by ARN: the name inside it (region and account are not checked offline)', async (t) => {
  const store = createFileStore(write('arn.json', JSON.stringify({ parameters: { '/a/b': 'ab', '/top': 'slash', bare: 'bare' } })));
  const arn = (name: string) => q(name, { arn: `arn:aws:ssm:eu-west-1:123456789012:parameter/${name.replace(/^\//, '')}`, region: 'eu-west-1' });
  t.same(values(await store.getParameters([arn('/a/b'), arn('top'), arn('bare')], ctx)), ['ab', 'slash', 'bare']);
});

t.test('secrets: strings, JSON values as their text, stages, version ids, ARNs, binary', async (t) => {
  const file = write(
    'secrets.json',
    JSON.stringify({
      secrets: {
        'prod/token': 'plain',
        'prod/db': { value: { username: 'app', password: 'pw', port: 5432 } },
        'prod/rotated': {
          versions: [
            { id: 'a1', value: 'old', stages: ['AWSPREVIOUS'] },
            { value: 'new', stages: ['AWSCURRENT'] },
            { id: 'p', value: 'pending', stages: ['AWSPENDING'] },
          ],
        },
        'prod/cert': { binary: 'AAEC' },
      },
    }),
  );
  const store = createFileStore(file);
  const got = await store.getSecrets(
    [
      sq('prod/token'),
      sq('prod/db'),
      sq('prod/rotated'),
      sq('prod/rotated', { versionStage: 'AWSPREVIOUS' }),
      sq('prod/rotated', { versionId: 'a1' }),
      sq('prod/rotated', { versionId: 'a1', versionStage: 'AWSCURRENT' }),
      sq('prod/rotated', { versionStage: 'AWSPENDING' }),
      sq('arn:aws:secretsmanager:eu-west-1:123456789012:secret:prod/token-AbCdEf'),
      sq('arn:aws:secretsmanager:eu-west-1:123456789012:secret:prod/token'),
      sq('prod/cert'),
      sq('nope'),
    ],
    ctx,
  );
  t.same(values(got), [
    'plain',
    '{"username":"app","password":"pw","port":5432}',
    'new',
    'old',
    'old',
    'missing',
    'pending',
    'plain',
    'plain',
    undefined,
    'missing',
  ]);
  t.same(got[2], { status: 'found', value: { name: 'prod/rotated', arn: undefined, versionId: 'v2', value: 'new' } }, 'version ids default to v1, v2, ...');
});

t.test('a binary secret: its bytes, exactly (NUL and invalid UTF-8 included)', async (t) => {
  const bytes = [0, 0xff, 0xfe, 0x41, 0x0a, 0x80];
  const file = write(
    'binary.json',
    JSON.stringify({ secrets: { cert: { binary: Buffer.from(bytes).toString('base64') }, v: { versions: [{ binary: 'AA==' }, 'text'] } } }),
  );
  const [cert, old, current] = await createFileStore(file).getSecrets([sq('cert'), sq('v', { versionId: 'v1' }), sq('v')], ctx);
  t.match(cert, { status: 'found', value: { value: undefined } });
  t.same([...(cert as { value: { binary: Uint8Array } }).value.binary], bytes);
  t.same([...(old as { value: { binary: Uint8Array } }).value.binary], [0]);
  t.notOk('binary' in (current as { value: object }).value, 'a string version has no bytes');
});

t.test('AWSCURRENT: explicit, or the last version', async (t) => {
  const store = createFileStore(
    write(
      'current.json',
      JSON.stringify({
        secrets: { a: { versions: ['v1', 'v2'] }, b: { versions: [{ value: 'x', stages: ['AWSCURRENT'] }, 'y'] } },
      }),
    ),
  );
  t.same(values(await store.getSecrets([sq('a'), sq('b'), sq('a', { versionId: 'v1' })], ctx)), ['v2', 'x', 'v1']);
});

t.test('shape errors name the entry and never quote a value', async (t) => {
  const cases: Array<[unknown, RegExp]> = [
    [{ parameter: {} }, /unknown top-level key "parameter"; expected "parameters" and\/or "secrets"$/],
    [{ secrets: [] }, /"secrets" is not an object$/],
    [{ parameters: { '/a': { value: 'x', versions: ['y'] } } }, /parameter \/a must have either "value" or "versions"$/],
    [{ parameters: { '/a': { versions: [] } } }, /parameter \/a: "versions" must be a non-empty array$/],
    [{ parameters: { '/a': { versions: [{ value: 'x', lables: [] }] } } }, /parameter \/a version 1 has unknown field "lables" \(allowed: value, labels\)$/],
    [{ parameters: { '/a': { versions: [{ value: 'x', labels: ['3x'] }] } } }, /parameter \/a version 1: "3x" is not a valid label/],
    [{ parameters: { '/a': { versions: [{ value: 'x', labels: ['7'] }] } } }, /"7" is not a valid label/],
    [
      {
        parameters: {
          '/a': {
            versions: [
              { value: 'x', labels: ['p'] },
              { value: 'y', labels: ['p'] },
            ],
          },
        },
      },
      /parameter \/a: label "p" is on two versions$/,
    ],
    [{ parameters: { '/a': { versions: [{ labels: [] }] } } }, /parameter \/a version 1 needs a string "value"$/],
    [{ parameters: { 'a b': 'x' } }, /parameter "a b" is not a valid name/],
    [{ secrets: { 'a b': 'x' } }, /secret "a b" has a character Secrets Manager does not allow/],
    [{ secrets: { s: 5 } }, /secret s must be a string or an object$/],
    [{ secrets: { s: { value: 5 } } }, /secret s: "value" must be a string or a JSON object$/],
    [{ secrets: { s: { value: 'x', binary: 'AA' } } }, /secret s must have either "value" or "binary"$/],
    [{ secrets: { s: { value: 'x', stages: ['AWSCURRENT'] } } }, /secret s has unknown field "stages" \(allowed: value, binary\)$/],
    [
      {
        secrets: {
          s: {
            versions: [
              { id: 'a', value: 'x' },
              { id: 'a', value: 'y' },
            ],
          },
        },
      },
      /secret s: version id "a" is used twice$/,
    ],
    [
      {
        secrets: {
          s: {
            versions: [
              { value: 'x', stages: ['AWSCURRENT'] },
              { value: 'y', stages: ['AWSCURRENT'] },
            ],
          },
        },
      },
      /secret s: stage "AWSCURRENT" is on two versions$/,
    ],
    [{ secrets: { s: { versions: [{ value: 'x', stages: 'AWSCURRENT' }] } } }, /secret s version 1: "stages" must be an array of non-empty strings$/],
    [{ secrets: { s: { versions: 'x' } } }, /secret s: "versions" must be a non-empty array$/],
    [{ secrets: { s: { binary: 'not base64!' } } }, /secret s: "binary" must be a base64 string$/],
    [{ secrets: { s: { binary: 'AAE' } } }, /secret s: "binary" must be a base64 string$/],
  ];
  for (const [data, message] of cases) {
    const file = write('shape.json', JSON.stringify(data));
    const error = t.throws(() => createFileStore(file), JSON.stringify(data)) as Error;
    t.match(error.message, message, JSON.stringify(data));
    t.match(error.message, new RegExp(`^--from-file ${file}: `));
  }
  const secretText = write('leak.json', '{"secrets": {"s": "hunter2');
  const error = t.throws(() => createFileStore(secretText)) as Error;
  t.notMatch(error.message, /hunter2/, 'invalid JSON: position only, no quoted text');
});

t.test('parameter names: exactly what Parameter Store lets you create', async (t) => {
  const refused = (parameters: Record<string, string>) =>
    (t.throws(() => createFileStore(write('names.json', JSON.stringify({ parameters })))) as Error).message;
  t.match(refused({ '/app//x': 'v' }), 'parameter "/app//x" is not a valid name: it has an empty path segment');
  t.match(refused({ '/app/y/': 'v' }), 'parameter "/app/y/" is not a valid name: it has an empty path segment');
  t.match(refused({ '/': 'v' }), 'parameter "/" is not a valid name');
  t.match(refused({ awsKey: 'v' }), 'starts with "aws" or "ssm"');
  t.match(refused({ '/SSM/x': 'v' }), 'starts with "aws" or "ssm"');
  t.match(refused({ '/awsome/x': 'v' }), 'starts with "aws" or "ssm"');
  const levels = (n: number) => `/${Array.from({ length: n }, (_, i) => `l${i + 1}`).join('/')}`;
  t.match(refused({ [levels(16)]: 'v' }), 'has 16 levels; Parameter Store allows at most 15');
  t.match(refused({ [`/${'p'.repeat(1011)}`]: 'v' }), 'parameter names have at most 1011');
  t.match(refused({ '/TestParam1': 'a', TestParam1: 'b' }), 'parameters "/TestParam1" and "TestParam1" are one parameter');
  const labelled = (label: string) => ({ '/a': { versions: [{ value: 'x', labels: [label] }] } }) as unknown as Record<string, string>;
  t.match(refused(labelled('awsPrevious')), '"awsPrevious" starts with "aws" or "ssm", which labels cannot');
  // AWS's public parameters live below /aws/ and can be read; so can 15 levels.
  const store = createFileStore(write('ok-names.json', JSON.stringify({ parameters: { '/aws/service/x': 'pub', [levels(15)]: 'deep' } })));
  t.same(values(await store.getParameters([q('/aws/service/x'), q(levels(15))], ctx)), ['pub', 'deep']);
});

t.test('a top-level name with or without its leading /: one parameter, answered with the stored spelling', async (t) => {
  const store = createFileStore(
    write(
      'slash.json',
      JSON.stringify({
        parameters: { '/TestParam1': { versions: ['one', { value: 'two', labels: ['prod'] }] }, TestParam2: 'plain' },
      }),
    ),
  );
  const got = await store.getParameters(
    [q('TestParam1'), q('TestParam1', { version: 1 }), q('TestParam1', { label: 'prod' }), q('/TestParam2'), q('/TestParam2', { version: 1 })],
    ctx,
  );
  t.same(values(got), ['two', 'one', 'two', 'plain', 'plain']);
  t.same(
    got.map((o) => (o.status === 'found' ? o.value.name : o.status)),
    ['/TestParam1', '/TestParam1', '/TestParam1', 'TestParam2', 'TestParam2'],
  );
  t.same(values(await store.getParameters([q('/app/TestParam1'), q('app/x')], ctx)), ['missing', 'missing'], 'only top-level names');
});

t.test('secrets: names AWS services create; a full ARN ends in -XXXXXX, anything else is a partial ARN', async (t) => {
  const rds = 'rds!db-0a1b2c3d-1111-2222-3333-444455556666';
  const store = createFileStore(
    write(
      'rds.json',
      JSON.stringify({
        secrets: { [rds]: { value: { password: 'pw' } }, 'app/key-AbCdEf': 'suffixed', 'app/key': 'plain' },
      }),
    ),
  );
  const arn = (name: string) => `arn:aws-eusc:secretsmanager:eusc-de-east-1:123456789012:secret:${name}`;
  const got = await store.getSecrets(
    [sq(rds), sq(arn(`${rds}-Qw12Er`)), sq(arn(rds)), sq(arn('app/key-AbCdEf')), sq(arn('app/key-AbCdEf-Qw12Er')), sq(arn('app/key'))],
    ctx,
  );
  t.same(values(got), ['{"password":"pw"}', '{"password":"pw"}', '{"password":"pw"}', 'plain', 'suffixed', 'plain']);
  const refused = (secrets: Record<string, string>) =>
    (t.throws(() => createFileStore(write('bad-secret.json', JSON.stringify({ secrets })))) as Error).message;
  t.match(refused({ 'a:b': 'x' }), 'secret "a:b" has a character Secrets Manager does not allow in names (the character U+003A)');
  t.match(refused({ [`${'n'.repeat(513)}`]: 'x' }), 'secret names have at most 512');
});

t.test('a version stage and a version id together must name one version', async (t) => {
  const store = createFileStore(
    write(
      'both.json',
      JSON.stringify({
        secrets: {
          s: {
            versions: [
              { id: 'old', value: 'o', stages: ['AWSPREVIOUS'] },
              { id: 'new', value: 'n' },
            ],
          },
        },
      }),
    ),
  );
  const got = await store.getSecrets(
    [sq('s', { versionStage: 'AWSPREVIOUS', versionId: 'old' }), sq('s', { versionStage: 'AWSCURRENT', versionId: 'old' })],
    ctx,
  );
  t.same(values(got), ['o', 'missing']);
});
