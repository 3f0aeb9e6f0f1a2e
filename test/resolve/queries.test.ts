// The distinct items a plan needs: each fetched once, however many variables want it.
import t from 'tap';
import { parameterKey, secretKey, wantedItems } from '../../src/resolve/queries.js';
import type { Plan } from '../../src/sources/plan.js';
import { parseReference } from '../../src/sources/reference.js';
import { parseSecretId } from '../../src/sources/secret-id.js';

const plan = (references: Record<string, string>, secrets: string[] = []): Plan => ({
  prefixes: [],
  secrets: secrets.map(parseSecretId),
  references: Object.entries(references).map(([variable, value]) => parseReference(variable, value)),
});

t.test('a parameter wanted by three variables is one query, naming all three', async (t) => {
  const { parameters, secrets } = wantedItems(plan({ A: 'ssm:///app/db', B: 'ssm://app/db', C: 'ssm:///app/db' }));
  t.equal(secrets.size, 0);
  t.same(
    [...parameters.values()],
    [{ query: { name: '/app/db', arn: undefined, version: undefined, label: undefined, region: undefined }, usedBy: ['A', 'B', 'C'] }],
  );
});

t.test('a top-level parameter with and without its / is one; versions and labels are others', async (t) => {
  const { parameters } = wantedItems(plan({ A: 'ssm://Top', B: 'ssm:///Top', C: 'ssm://Top:2', D: 'ssm://Top:prod' }));
  t.same(
    [...parameters.values()].map((w) => w.usedBy),
    [['A', 'B'], ['C'], ['D']],
  );
});

t.test('one secret for its keys, its whole value and a whole-secret entry; a version is another', async (t) => {
  const { secrets } = wantedItems(
    plan({ U: 'sm://prod/db:username', P: 'sm://prod/db:password', ALL: 'sm://prod/db', OLD: 'sm://prod/db:password:AWSPREVIOUS' }, ['DB_:prod/db']),
  );
  const wanted = [...secrets.values()];
  t.equal(wanted.length, 2);
  t.same(new Set(wanted[0]!.usedBy), new Set(['secret entry DB_:prod/db', 'U', 'P', 'ALL']));
  t.same(wanted[1]!.usedBy, ['OLD']);
  t.same(wanted[0]!.query, { secretId: 'prod/db', versionStage: undefined, versionId: undefined, region: undefined });
  t.same(wanted[1]!.query, { secretId: 'prod/db', versionStage: 'AWSPREVIOUS', versionId: undefined, region: undefined });
});

t.test('a name and an ARN of one item are two (nothing says they are equal); regions part them too', async (t) => {
  const arn = 'arn:aws:ssm:eu-west-1:123456789012:parameter/app/db';
  const { parameters } = wantedItems(plan({ A: 'ssm:///app/db', B: `ssm://${arn}` }));
  t.equal(parameters.size, 2);
  const byArn = [...parameters.values()][1]!.query;
  t.same([byArn.arn, byArn.region], [arn, 'eu-west-1']);
  t.not(parameterKey({ ...byArn, arn: undefined, region: 'eu-west-1' }), parameterKey({ ...byArn, arn: undefined, region: 'us-east-1' }));
  t.not(
    secretKey({ secretId: 'a', versionStage: undefined, versionId: undefined, region: 'eu-west-1' }),
    secretKey({ secretId: 'a', versionStage: undefined, versionId: undefined, region: undefined }),
  );
});
