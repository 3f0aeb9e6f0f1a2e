// The README's Troubleshooting messages about names (not found, a secret that AWS services
// created, ECS's field positions), built by the code that prints them.
import { readFileSync } from 'node:fs';
import t from 'tap';
import { parameterNotFound, secretNotFound } from '../../src/diagnose/missing.js';
import type { UserError } from '../../src/core/errors.js';
import { parseReference } from '../../src/sources/reference.js';
import { printed } from './troubleshooting-cases.js';

const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
const usage = (variable: string, value: string): UserError => {
  try {
    parseReference(variable, value);
  } catch (error) {
    return error as UserError;
  }
  throw new Error(`${value} parsed`);
};

const CASES: Array<{ title: string; error: UserError }> = [
  {
    title: 'Not found',
    error: parameterNotFound({ name: '/myapp/prod/db-host', arn: undefined, version: undefined, label: undefined, region: undefined }, 'eu-west-1', [
      'DB_HOST',
    ]),
  },
  {
    title: 'Not found: a stage and a version id that name different versions',
    error: secretNotFound(
      {
        secretId: 'rds!db-0a1b2c3d-1111-2222-3333-444455556666',
        versionStage: 'AWSCURRENT',
        versionId: 'a1b2c3d4-5678-90ab-cdef-EXAMPLE11111',
        region: undefined,
      },
      'eu-west-1',
      ['DB_PASSWORD'],
    ),
  },
  { title: 'A version id one field too early', error: usage('DB_PASSWORD', 'sm://prod/db::a1b2c3d4-5678-90ab-cdef-EXAMPLE11111') },
  { title: 'An ARN after the wrong scheme', error: usage('API_URL', 'sm://arn:aws:ssm:eu-west-1:123456789012:parameter/app/prod/api-url') },
];

t.test('every Troubleshooting message about names in the README is exactly what the tool prints', async (t) => {
  for (const c of CASES) t.ok(readme.includes(printed(c.error)), `${c.title}:\n${printed(c.error)}`);
});
