import { readFileSync } from 'node:fs';
import t from 'tap';
import { CASES, printed } from './troubleshooting-cases.js';

const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');

t.test('every Troubleshooting message in the README is exactly what the tool prints', async (t) => {
  for (const c of CASES) t.ok(readme.includes(printed(c.error)), c.title);
});
