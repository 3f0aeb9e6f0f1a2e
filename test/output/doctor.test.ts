import t from 'tap';
import { formatChecks, type Check } from '../../src/output/doctor.js';

const checks: Check[] = [
  { name: 'region', status: 'pass', detail: 'eu-west-1 (from AWS_REGION)' },
  { name: 'identity', status: 'warn', detail: 'arn:aws:sts::123456789012:assumed-role/exec/x — an execution role', fix: 'set a task role' },
  { name: 'prefix /app', status: 'fail', detail: 'access denied', fix: 'allow ssm:GetParametersByPath' },
];

t.test('text: one line per check, its fix below it aligned after the names, then the count of problems', async (t) => {
  t.equal(
    formatChecks(checks, 'text'),
    [
      'PASS  region       eu-west-1 (from AWS_REGION)',
      'WARN  identity     arn:aws:sts::123456789012:assumed-role/exec/x — an execution role',
      '                   fix: set a task role',
      'FAIL  prefix /app  access denied',
      '                   fix: allow ssm:GetParametersByPath',
      '',
      '1 problem(s) found',
      '',
    ].join('\n'),
  );
});

t.test('text: a warning is not a problem; long names do not push the column past 24', async (t) => {
  const long = 'SOME_VERY_LONG_VARIABLE_NAME=ssm://app/x';
  const text = formatChecks([checks[1]!, { name: long, status: 'pass', detail: 'readable' }], 'text');
  t.match(text, /\nall checks passed\n$/);
  t.match(text, new RegExp(`^PASS  ${long}  readable$`, 'm'));
  t.match(text, /^WARN  identity {18}arn:/m);
});

t.test('json: one object a line, the summary last, for log shippers', async (t) => {
  const lines = formatChecks(checks, 'json')
    .trimEnd()
    .split('\n')
    .map((l) => JSON.parse(l) as Record<string, unknown>);
  t.same(lines.slice(0, 3), checks);
  t.same(lines[3], { name: 'summary', status: 'fail', failed: 1 });
  t.same(JSON.parse(formatChecks(checks.slice(0, 2), 'json').trimEnd().split('\n').at(-1)!), { name: 'summary', status: 'pass', failed: 0 });
});
