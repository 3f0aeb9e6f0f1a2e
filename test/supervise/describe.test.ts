import t from 'tap';
import type { Variable } from '../../src/env/build.js';
import { parseAs } from '../cli/parse.js';
import { planSources } from '../../src/sources/plan.js';
import { refreshCalls } from '../../src/supervise/describe.js';
import { changedNames } from '../../src/supervise/supervisor.js';

const prefixed = (n: number, path: string): Variable[] =>
  Array.from({ length: n }, (_, i) => ({
    name: `P${i}`,
    value: 'v',
    replaced: false,
    kept: false,
    origin: { kind: 'prefix', source: path, item: `${path}/p${i}`, version: '1', type: 'String' },
  }));

t.test('calls a refresh makes: the start-up calls, by operation', async (t) => {
  const env: Record<string, string> = { PARAMETER_STORE_PREFIX: '/app,/common', SECRETS_MANAGER_SECRET_IDS: 'a,b,c' };
  for (let i = 0; i < 12; i++) env[`R${i}`] = `ssm://app/r${i}`;
  env.X = 'ssm://arn:aws:ssm:eu-west-1:123456789012:parameter/x';
  env.S = 'sm://prod/db:password:AWSPREVIOUS';
  const plan = planSources(parseAs('run', ['cmd'], env), env);
  t.same(refreshCalls(plan, [...prefixed(25, '/app'), ...prefixed(3, '/common')]), {
    'ssm:GetParametersByPath': 3 + 1,
    'ssm:GetParameters': 2,
    'ssm:GetParameter': 1,
    'secretsmanager:BatchGetSecretValue': 1,
    'secretsmanager:GetSecretValue': 1,
  });
});

t.test('a change is a variable whose value differs, or one added or removed', async (t) => {
  const before = { env: { A: '1', B: '2', BASE: 'x' }, names: ['A', 'B'] };
  t.same(changedNames(before, { env: { A: '1', B: '2', BASE: 'x' }, names: ['A', 'B'] }), [], 'a new version with the same values is no change');
  t.same(changedNames(before, { env: { A: '1', B: '3', BASE: 'x' }, names: ['A', 'B'] }), ['B']);
  t.same(changedNames(before, { env: { A: '1', B: '2', C: '9', BASE: 'x' }, names: ['A', 'B', 'C'] }), ['C']);
  t.same(changedNames(before, { env: { A: '1', BASE: 'x' }, names: ['A'] }), ['B']);
});
