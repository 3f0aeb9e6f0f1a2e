// What the kernel's execve cannot carry is refused before exec, naming the variable:
// a NUL byte, a bad name, one string past MAX_ARG_STRLEN, everything past the exec limit
// of this process's stack size limit.
import t from 'tap';
import { argumentLimit, execSize, stackLimit } from '../../src/env/limits.js';
import { MAX_ARG_STRLEN, validateEnv } from '../../src/env/validate.js';
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

t.test('environment and arguments together, with a pointer each, at most the limit of the stack rlimit', async (t) => {
  const limit = argumentLimit(stackLimit());
  const env: Record<string, string> = {};
  for (let i = 0; execSize({ args: [] }, env) + 110 * 1024 < limit; i++) env[`V${String(i).padStart(3, '0')}`] = 'y'.repeat(100 * 1024);
  env.LAST = 'z'.repeat(limit - execSize({ args: [] }, env) - 'LAST=\0'.length - 8);
  t.equal(execSize({ args: [] }, env), limit);
  t.same(failures(env, [], []), [], 'exactly the limit fits');
  env.LAST += 'z';
  const [message] = failures(env, [], []);
  t.match(
    message,
    new RegExp(
      `^the command's environment and arguments take ${limit + 1} bytes; Linux allows ${limit} bytes to start a program with the stack size limit of .* \\(ulimit -s\\); the largest variables: (LAST|V\\d{3}) \\(\\d+ bytes\\), `,
    ),
  );
  t.notMatch(message, /yyy|zzz/, 'names, never values');
  t.match(failures(env, [], ['cmd']), [/^the command's environment and arguments take \d+ bytes/], 'arguments count too');
});
