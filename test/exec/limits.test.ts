// The size check right before exec counts what the kernel copies for the program it found:
// the file name (AT_EXECFN), a script's name once more for its interpreter, argv, envp.
// test/exec/kernel.test.ts checks the same numbers against this kernel's execve.
import t from 'tap';
import { MAX_ARG_STRLEN, argumentLimit, checkExecSize, execSize } from '../../src/exec/limits.js';

const STACK = 512 * 1024; // a 128 KiB limit: small tests
const limit = argumentLimit(STACK);
const exitOf = (run: () => void): number => {
  try {
    run();
    return 0;
  } catch (error) {
    return (error as { exitCode: number }).exitCode;
  }
};
/** An environment that brings the program exactly to `limit + extra` bytes. */
const filled = (strings: { args: string[]; other: string[] }, extra: number) => {
  const env = { A: '' };
  env.A = 'a'.repeat(limit + extra - execSize(strings, env));
  t.equal(execSize(strings, env), limit + extra);
  return env;
};

t.test('a binary: its file name and argv count', async (t) => {
  const program = { file: '/usr/local/bin/server', argv: ['server', '--port', '8080'], added: [] };
  const strings = { args: program.argv, other: [program.file] };
  t.equal(
    exitOf(() => checkExecSize(program, filled(strings, 0), STACK)),
    0,
    'at the limit',
  );
  t.equal(
    exitOf(() => checkExecSize(program, filled(strings, 1), STACK)),
    125,
    'one byte past',
  );
});

t.test("a script: the interpreter's strings, and the script's name twice", async (t) => {
  const program = { file: '/app/run.sh', argv: ['run.sh', 'x'], added: ['/bin/sh', '/app/run.sh'] };
  const strings = { args: [...program.argv, ...program.added], other: [program.file, program.file] };
  t.equal(
    exitOf(() => checkExecSize(program, filled(strings, 0), STACK)),
    0,
    'at the limit',
  );
  t.equal(
    exitOf(() => checkExecSize(program, filled(strings, 1), STACK)),
    125,
    'one byte past',
  );
});

t.test('one string past 128 KiB: the variable or argument named, inherited variables too', async (t) => {
  const program = { file: '/bin/true', argv: ['true'], added: [] };
  const big = 'x'.repeat(MAX_ARG_STRLEN);
  t.throws(() => checkExecSize(program, { INHERITED: big }), {
    exitCode: 125,
    message: `the variable INHERITED is ${MAX_ARG_STRLEN + 'INHERITED='.length + 1} bytes; Linux passes at most ${MAX_ARG_STRLEN} bytes per variable to a program`,
  });
  t.throws(() => checkExecSize({ ...program, argv: ['true', big] }, {}), {
    exitCode: 125,
    message: `argument 1 of the command is ${MAX_ARG_STRLEN + 1} bytes; Linux passes at most ${MAX_ARG_STRLEN} bytes per argument`,
  });
});
