import t from 'tap';
import { parseAs } from '../cli/parse.js';
import { FailureList, UserError } from '../../src/core/errors.js';
import { isEmptyPlan, planSources } from '../../src/sources/plan.js';

const plan = (argv: string[], env: Record<string, string>) => planSources(parseAs('run', [...argv, 'cmd'], env), env);

t.test('references come from every variable holding one, sorted by name; other values are ignored', async (t) => {
  const p = plan([], { B: 'sm://prod/db:password', A: 'ssm://app/x', C: 'plain', D: 'https://ssm://x', E: '' });
  t.same(
    p.references.map((r) => [r.variable, r.reference]),
    [
      ['A', 'ssm://app/x'],
      ['B', 'sm://prod/db:password'],
    ],
  );
  t.notOk(isEmptyPlan(p));
});

t.test('whole secrets from SECRETS_MANAGER_SECRET_IDS and --secret, deduplicated', async (t) => {
  const p = plan([], { SECRETS_MANAGER_SECRET_IDS: 'DB_:prod/db, prod/api ,DB_:prod/db,X_:prod/db' });
  t.same(
    p.secrets.map((s) => s.entry),
    ['DB_:prod/db', 'prod/api', 'X_:prod/db'],
  );
  t.same(
    plan(['--secret', 'a', '--secret', 'b,c'], {}).secrets.map((s) => s.secretId),
    ['a', 'b', 'c'],
  );
});

t.test('nothing configured: an empty plan', async (t) => {
  t.ok(isEmptyPlan(plan([], { HOME: '/root' })));
});

t.test('every malformed entry is reported at once', async (t) => {
  const error = t.throws(() => plan(['--prefix', 'a//b'], { X: 'ssm://', Y: 'sm://:k', SECRETS_MANAGER_SECRET_IDS: ':bad' })) as FailureList;
  t.type(error, FailureList);
  t.same(
    error.failures.map((f) => f.message.split(' ')[0]),
    ['prefix', 'secret', 'X:', 'Y:'],
  );
  t.ok(error.failures.every((f) => f.exitCode === 125));
  const one = t.throws(() => plan([], { X: 'ssm://' })) as UserError;
  t.type(one, UserError, 'a single failure is thrown as is');
});
