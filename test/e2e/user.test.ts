// --user as gosu and su-exec: the ids, groups and HOME the command runs with. Needs root
// (and unshare -m, to give the tool an /etc/passwd and /etc/group of its own).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { execa } from 'execa';
import t from 'tap';
import { EXAMPLE, artifacts, cleanEnv, toolArgv } from './artifacts.js';

const tools = artifacts();
const root = process.getuid?.() === 0;
const canUnshare = root && spawnSync('unshare', ['-m', 'true']).status === 0;
const skip = canUnshare ? false : 'needs root and unshare -m (bind-mounts its own /etc/passwd and /etc/group)';

const dir = mkdtempSync(path.join(tmpdir(), 'ssm-entrypoint-user-'));
t.teardown(() => rmSync(dir, { recursive: true, force: true }));
const passwd = path.join(dir, 'passwd');
const group = path.join(dir, 'group');
writeFileSync(passwd, 'root:x:0:0:root:/root:/bin/sh\napp:x:1000:1000:App:/home/app:/bin/sh\n');
writeFileSync(group, 'root:x:0:\napp:x:1000:\ndocker:x:999:app\nstaff:x:50:\n');
const sample = { PARAMETER_STORE_PREFIX: 'goecssample/database/sample/master', PARAMETER_STORE_ENV_PREFIX: 'DB_' };
const show = ['sh', '-c', 'echo "$(id -u) $(id -g) [$(id -G)] $HOME $DB_USER"'];

for (const tool of tools) {
  t.test(tool.name, { skip }, async (t) => {
    const as = async (user: string) => {
      const [file, argv] = toolArgv(tool, ['--quiet', '--from-file', EXAMPLE, '--user', user, '--', ...show], cleanEnv({ ...sample, HOME: '/root' }));
      const own = `mount --bind ${passwd} /etc/passwd && mount --bind ${group} /etc/group && exec "$@"`;
      const r = await execa('unshare', ['-m', '/bin/sh', '-c', own, 'sh', file, ...argv], { reject: false });
      t.equal(r.exitCode, 0, `--user ${user}: ${r.stderr}`);
      return r.stdout;
    };
    t.equal(await as('app'), '1000 1000 [1000 999] /home/app sampleuser', 'USER: its primary group and the groups listing it');
    t.equal(await as('app:staff'), '1000 50 [50] /home/app sampleuser', 'USER:GROUP: GROUP only, as gosu and su-exec');
    t.equal(await as('4242'), '4242 4242 [4242] / sampleuser', 'a uid not in /etc/passwd: HOME=/, as su-exec');
    t.equal(await as('4242:50'), '4242 50 [50] / sampleuser');
  });
}
