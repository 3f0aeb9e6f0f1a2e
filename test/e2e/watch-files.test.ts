// --watch with secrets as files: a rotated value rewrites the file before the on-change
// action, so `--on-change signal:HUP` gives rotation without a restart (same PID); a
// refresh that cannot write the files leaves the old ones and the command alone.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PutSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { execa } from 'execa';
import t from 'tap';
import { putSecret } from '../harness/aws.js';
import { lines } from '../harness/lines.js';
import { MOTO_MISSING, startMoto } from '../harness/moto.js';
import { SEA, BUNDLE, artifacts, cleanEnv, toolArgv } from './artifacts.js';

artifacts();
const moto = await startMoto();
if (!moto) {
  t.plan(0, MOTO_MISSING);
} else {
  t.teardown(() => moto.stop());
  const sm = new SecretsManagerClient({ endpoint: moto.url, region: 'us-east-1', credentials: { accessKeyId: 'testing', secretAccessKey: 'testing' } });
  t.teardown(() => sm.destroy());
  // Prints its PID at start and "hup" on each SIGHUP; never prints the file's content.
  const APP = ['sh', '-c', 'trap "echo hup" HUP; echo "start $$ $DB_PASSWORD_FILE"; while :; do sleep 0.05; done'];
  let n = 0;

  for (const tool of [SEA, BUNDLE]) {
    t.test(`${tool.name}: a rotated secret rewrites its file, then the command gets SIGHUP and keeps its PID`, async (t) => {
      const secret = `files/db${n++}`;
      await putSecret(moto.url, secret, JSON.stringify({ password: 'pw-one' }));
      const dir = mkdtempSync(path.join(tmpdir(), 'watch-files-'));
      t.teardown(() => rmSync(dir, { recursive: true, force: true }));
      const secretsDir = path.join(dir, 'secrets');
      const env = cleanEnv({ ...moto.env, SSM_ENTRYPOINT_TEST_WATCH_FLOOR: '100ms', DB_PASSWORD_FILE: `sm://${secret}:password` });
      const args = ['--watch', '300ms', '--on-change', 'signal:HUP', '--secrets-dir', secretsDir, '--timeout', '2', ...APP];
      const child = execa(...toolArgv(tool, args, env), { reject: false, stdin: 'ignore' });
      const out = lines(child.stdout, 'stdout');
      const err = lines(child.stderr, 'stderr');
      const first = await out.waitFor(/^start /);
      const [, pid, file] = first.split(' ');
      t.equal(file, path.join(secretsDir, 'DB_PASSWORD'));
      t.equal(readFileSync(file!, 'utf8'), 'pw-one');

      await sm.send(new PutSecretValueCommand({ SecretId: secret, SecretString: JSON.stringify({ password: 'pw-two' }) }));
      await err.waitFor(/new values for DB_PASSWORD_FILE: sending SIGHUP/);
      await out.waitFor(/^hup$/);
      t.equal(readFileSync(file!, 'utf8'), 'pw-two', 'the file was rewritten before the signal');
      t.equal(out.all.filter((l) => l.startsWith('start')).length, 1, 'not restarted');
      t.match(out.all[0], `start ${pid}`);

      child.kill('SIGTERM');
      const r = await child;
      t.equal(r.exitCode, 143);
      t.notMatch(r.stderr + r.stdout, /pw-one|pw-two/, 'no value in any output');
    });
  }
}
