// The sources named in the one success line: paths and secret ids, references only counted.
import t from 'tap';
import { describeSources } from '../../src/output/sources.js';
import type { Plan } from '../../src/sources/plan.js';
import { parseReference } from '../../src/sources/reference.js';
import { parseSecretId } from '../../src/sources/secret-id.js';

const prefix = (path: string) => ({ kind: 'prefix' as const, path, envPrefix: '' });

t.test('one and many of each, in the order configured', async (t) => {
  t.equal(describeSources({ prefixes: [prefix('/a')], secrets: [], references: [] }), 'prefix /a');
  const plan: Plan = {
    prefixes: [prefix('/b'), prefix('/a')],
    secrets: [parseSecretId('DB_:prod/db')],
    references: [parseReference('X', 'ssm:///app/x'), parseReference('Y', 'sm://tok:key')],
  };
  t.equal(describeSources(plan), 'prefixes /b, /a; secret prod/db; 2 references');
  t.equal(
    describeSources({ prefixes: [], secrets: [], references: [parseReference('X', 'ssm:///app/secret-name')] }),
    '1 reference',
    'what a reference points at is not listed',
  );
  t.equal(describeSources({ prefixes: [], secrets: [], references: [] }), '');
});
