// POSIX quoting, checked against real shells rather than against a second copy of the rule:
// what the tool prints must give back every byte when a shell reads it.
import { chmodSync, existsSync, mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import t from 'tap';
import { shellCommand, shellQuote, singleQuote } from '../../src/output/quote.js';

// Every distinct shell of this machine (/bin/sh is dash on Debian, bash elsewhere, busybox on Alpine).
const SHELLS = [...new Map(['/bin/sh', '/bin/dash', '/bin/bash', '/bin/busybox'].filter((s) => existsSync(s)).map((s) => [realpathSync(s), s])).values()];
const run = (shell: string, script: string, env: NodeJS.ProcessEnv = { PATH: '/usr/bin:/bin' }) =>
  // stdin not a socket (Node's pipes are), or bash takes itself for an rsh session and reads ~/.bashrc.
  execFileSync(shell, shell.endsWith('busybox') ? ['sh', '-c', script] : ['-c', script], { env, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
/** A test name without raw control or line-separator characters (they would break the TAP stream). */
const shown = (value: string) => JSON.stringify(value).replace(/[^\x20-\x7e]/gu, (c) => `\\u{${c.codePointAt(0)!.toString(16)}}`);

const HOSTILE = [
  '',
  'plain',
  "it's",
  "''",
  "'",
  '"double" $HOME ${HOME} `id` $(id) \\ \\n',
  'line one\nline two\n',
  '\t leading and trailing space ',
  '* ? [a] ~ ~root # ; & | < > ( ) { } !',
  'héllo 😀 \u00a0 \u2028',
  '-n',
  '--',
  'a=b',
  '\x01\x1b[31mred\x7f',
];

t.ok(SHELLS.length > 0, `shells found: ${SHELLS.join(', ')}`);

for (const shell of SHELLS) {
  t.test(shell, async (t) => {
    t.test('a quoted word reads back as the string, byte for byte', async (t) => {
      for (const value of HOSTILE) {
        t.equal(run(shell, `printf %s ${shellQuote(value)}`), value, `shellQuote ${shown(value)}`);
        t.equal(run(shell, `printf %s ${singleQuote(value)}`), value, `singleQuote ${shown(value)}`);
      }
    });

    t.test('a command line runs with exactly its arguments', async (t) => {
      const args = HOSTILE.filter((v) => v !== '');
      t.equal(run(shell, shellCommand(['printf', '[%s]', '', ...args])), ['', ...args].map((a) => `[${a}]`).join(''));
    });

    t.test('the first word stays a command name: no assignment, no reserved word', async (t) => {
      const bin = mkdtempSync(path.join(tmpdir(), 'ssm-entrypoint-quote-'));
      t.teardown(() => rmSync(bin, { recursive: true, force: true }));
      for (const name of ['A=1', 'for', 'if', 'while', 'time']) {
        const file = path.join(bin, name);
        writeFileSync(file, `#!/bin/sh\nprintf '%s:' "${name}" "$@"\n`);
        chmodSync(file, 0o755);
        t.equal(run(shell, shellCommand([name, 'x y']), { PATH: `${bin}:/usr/bin:/bin` }), `${name}:x y:`, name);
      }
    });
  });
}

t.test('words without special characters stay readable', async (t) => {
  t.equal(
    shellCommand(['./server', '--port', '8080', 'a=b', 'key:value', 'user@host', '50%', '/a/b.c', 'x,y']),
    './server --port 8080 a=b key:value user@host 50% /a/b.c x,y',
  );
  t.equal(shellCommand(['./server', '--port', '8080', 'a b', "it's", '']), "./server --port 8080 'a b' 'it'\\''s' ''");
  t.equal(shellCommand(['for']), "'for'");
  t.equal(shellQuote(''), "''");
});
