// What the kernel's execve cannot carry is refused before exec, naming the variable:
// a NUL byte, a bad name, one string past MAX_ARG_STRLEN, everything past ARG_MAX.
import t from 'tap';
import { ARG_MAX, MAX_ARG_STRLEN, validateEnv } from '../../src/env/validate.js';
import { FailureList } from '../../src/core/errors.js';

const failures = (env: Record<string, string>, names: string[], argv: string[] = ['cmd']) => {
  try {
    validateEnv(env, names, argv);
    return [];
  } catch (error) {
    if (!(error instanceof FailureList)) throw error;
    return error.failures.map((f) => f.message);
  }
};

t.test('one "NAME=value\\0" string of at most 128 KiB, counted in bytes', async (t) => {
  const fits = 'x'.repeat(MAX_ARG_STRLEN - 'V=\0'.length);
  t.same(failures({ V: fits }, ['V']), [], 'exactly MAX_ARG_STRLEN');
  t.same(failures({ V: `${fits}x` }, ['V']), [`the value for V is ${MAX_ARG_STRLEN + 1} bytes; Linux passes at most ${MAX_ARG_STRLEN} bytes per variable`]);
  const euro = '€'.repeat(Math.ceil(MAX_ARG_STRLEN / 3)); // 3 bytes each in UTF-8
  t.match(failures({ V: euro }, ['V'])[0], /^the value for V is \d+ bytes/, 'bytes, not characters');
});

t.test('NUL bytes and invalid names, all reported at once', async (t) => {
  t.same(failures({ A: 'a\0b', 'B-C': 'x', OK: 'fine' }, ['A', 'B-C', 'OK']), [
    'the value for A contains a NUL byte, which cannot be passed in the environment',
    'variable name "B-C" is not valid',
  ]);
});

t.test('only the variables this tool set are checked one by one', async (t) => {
  t.same(failures({ INHERITED: 'a\0b', SET: 'v' }, ['SET', 'NOT_SET']), []);
});

t.test('environment and arguments together, with a pointer each, at most ARG_MAX', async (t) => {
  const big = 'y'.repeat(100 * 1024);
  const env: Record<string, string> = {};
  for (let i = 0; i < 20; i++) env[`V${i}`] = big;
  t.same(failures(env, []), [], '2,000 KiB of values fit');
  env.V20 = big;
  const [message] = failures(env, []);
  t.match(message, new RegExp(`^the environment and arguments total (\\d+) bytes, past the ${ARG_MAX}-byte exec limit$`));
  const args = Array.from({ length: 20 }, () => big);
  t.match(failures({ V: big }, [], args), [/^the environment and arguments total \d+ bytes, past the/], 'arguments count too');
});
