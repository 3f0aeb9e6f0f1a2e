import t from 'tap';
import { pack, packParameterCalls, packSecretCalls } from '../../src/resolve/batch.js';
import type { ParameterQuery, SecretQuery } from '../../src/stores/store.js';

const p = (name: string, extra: Partial<ParameterQuery> = {}): ParameterQuery => ({
  name,
  arn: undefined,
  version: undefined,
  label: undefined,
  region: undefined,
  ...extra,
});
const s = (secretId: string, extra: Partial<SecretQuery> = {}): SecretQuery => ({
  secretId,
  versionStage: undefined,
  versionId: undefined,
  region: undefined,
  ...extra,
});
const range = (n: number) => Array.from({ length: n }, (_, i) => i);

t.test('evenly filled calls of at most `size`', async (t) => {
  t.same(
    pack(range(25), 10).map((c) => c.length),
    [9, 8, 8],
  );
  t.same(
    pack(range(45), 20).map((c) => c.length),
    [15, 15, 15],
  );
  t.same(
    pack(range(41), 20).map((c) => c.length),
    [14, 14, 13],
    'never a lone item in a call of its own',
  );
  t.same(
    pack(range(10), 10).map((c) => c.length),
    [10],
  );
  t.same(pack(range(1), 10), [[0]]);
  t.same(pack([], 10), []);
  t.same(pack(range(25), 10).flat(), range(25), 'every item once, in order');
});

t.test('no two items with the same conflict key in one call', async (t) => {
  const calls = pack(['a:1', 'b', 'a:2', 'c', 'a:3'], 10, (x) => x.split(':')[0]!);
  t.same(calls, [['a:1', 'b', 'c'], ['a:2'], ['a:3']]);
});

t.test('parameters: 10 names a call per region, one query per name, each ARN alone', async (t) => {
  const names = range(25).map((i) => p(`/app/p${i}`));
  t.same(
    packParameterCalls(names).map((c) => c.length),
    [9, 8, 8],
  );

  const arn = p('/x', { arn: 'arn:aws:ssm:eu-west-1:123456789012:parameter/x', region: 'eu-west-1' });
  const other = p('/y', { region: 'eu-west-1' });
  const calls = packParameterCalls([p('/a'), p('/a', { version: 2 }), p('/b'), arn, other]);
  t.same(calls, [[p('/a'), p('/b')], [p('/a', { version: 2 })], [other], [arn]]);
});

t.test('secrets: 20 current versions a call per region; each versioned query alone', async (t) => {
  t.same(
    packSecretCalls(range(45).map((i) => s(`s${i}`))).map((c) => c.length),
    [15, 15, 15],
  );
  const staged = s('a', { versionStage: 'AWSPREVIOUS' });
  const byId = s('a', { versionId: 'v1' });
  const west = s('w', { region: 'us-west-2' });
  t.same(packSecretCalls([s('a'), staged, s('b'), byId, west]), [[s('a'), s('b')], [staged], [byId], [west]]);
});

t.test('parameters: /name and name are one top-level parameter (never in one call; one key)', async (t) => {
  const { parameterKey } = await import('../../src/resolve/queries.js');
  const calls = packParameterCalls([
    p('TestParam1'),
    p('/TestParam1', { version: 1 }),
    p('/TestParam2'),
    p('TestParam2', { label: 'prod' }),
    p('/a/b'),
    p('/a/b/c'),
  ]);
  t.same(calls, [
    [p('TestParam1'), p('/TestParam2'), p('/a/b'), p('/a/b/c')],
    [p('/TestParam1', { version: 1 }), p('TestParam2', { label: 'prod' })],
  ]);
  t.equal(parameterKey(p('TestParam1')), parameterKey(p('/TestParam1')), 'fetched once');
  t.not(parameterKey(p('TestParam1')), parameterKey(p('/TestParam1', { version: 1 })));
});
