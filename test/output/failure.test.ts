import t from 'tap';
import { FailureList, UsageError, UserError } from '../../src/core/errors.js';
import { EXIT_NOT_FOUND, EXIT_TOOL_FAILED } from '../../src/core/exit-codes.js';
import { createLogger, type LogFormat } from '../../src/core/log.js';
import { reportFailure } from '../../src/output/failure.js';

function capture(error: unknown, closing?: string, format: LogFormat = 'text'): { status: number; text: string } {
  let text = '';
  const log = createLogger({ level: 'error', format, write: (line) => (text += line) });
  return { status: reportFailure(log, error, closing), text };
}

t.test('a user error: its line with the hint, its details indented below, its own exit status', async (t) => {
  const error = new UserError('command not found: srv', { hint: 'check PATH', exitCode: EXIT_NOT_FOUND, details: ['PATH from the image'] });
  t.same(capture(error, 'the command was not started'), {
    status: EXIT_NOT_FOUND,
    text: 'ssm-entrypoint: error: command not found: srv; check PATH\nssm-entrypoint:     PATH from the image\n',
  });
  t.same(capture(new UsageError("unknown option '--x'")), {
    status: EXIT_TOOL_FAILED,
    text: "ssm-entrypoint: error: unknown option '--x'; run 'ssm-entrypoint --help' for the options\n",
  });
});

t.test('a list: one line per failure, then the closing line; 125', async (t) => {
  const list = new FailureList([new UserError('parameter /a not found', { hint: 'create it' }), new UserError('secret b not found')]);
  t.same(capture(list, 'the command was not started'), {
    status: EXIT_TOOL_FAILED,
    text: [
      'ssm-entrypoint: error: parameter /a not found; create it',
      'ssm-entrypoint: error: secret b not found',
      'ssm-entrypoint: error: the command was not started',
      '',
    ].join('\n'),
  });
  t.equal(capture(list).text.split('\n').length, 3, 'no closing line for the modes that start nothing');
});

t.test('anything else: one line without a stack, asking for a report; 125', async (t) => {
  const { status, text } = capture(new TypeError('x is not a function\n    at secret (file.ts:1:1)'));
  t.equal(status, EXIT_TOOL_FAILED);
  t.equal(text, 'ssm-entrypoint: error: unexpected failure: TypeError: x is not a function; please report this; the command was not started\n');
  // A parse error quotes what it parsed, which may be a secret.
  t.notMatch(capture(new SyntaxError('Unexpected token in JSON at {"password":"hunter2"}')).text, /hunter2/);
});

t.test('json: the same, one object a line', async (t) => {
  const { text } = capture(new UserError('denied', { hint: 'allow it', details: ['principal: arn:aws:iam::1:role/r'] }), undefined, 'json');
  const line = JSON.parse(text) as Record<string, unknown>;
  t.match(line, { level: 'error', msg: 'denied', hint: 'allow it', details: ['principal: arn:aws:iam::1:role/r'] });
});
