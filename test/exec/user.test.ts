import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import t from 'tap';
import { lookupIdentity, withHome } from '../../src/exec/user.js';

const dir = mkdtempSync(path.join(tmpdir(), 'ssm-entrypoint-user-'));
t.teardown(() => rmSync(dir, { recursive: true, force: true }));
const files = { passwd: path.join(dir, 'passwd'), group: path.join(dir, 'group') };
writeFileSync(files.passwd, 'root:x:0:0:root:/root:/bin/sh\napp:x:1000:1000:App:/home/app:/bin/sh\n');
writeFileSync(files.group, 'root:x:0:\napp:x:1000:\ndocker:x:999:app,other\nstaff:x:50:\n');

t.test('groups as gosu and su-exec: USER gets its primary and supplementary groups, USER:GROUP only GROUP', async (t) => {
  t.same(lookupIdentity('app', files), { name: 'app', uid: 1000, gid: 1000, groups: [1000, 999], home: '/home/app' });
  t.same(lookupIdentity('1000', files), { name: 'app', uid: 1000, gid: 1000, groups: [1000, 999], home: '/home/app' }, 'a uid in passwd is that user');
  t.same(lookupIdentity('1000:staff', files), { name: 'app', uid: 1000, gid: 50, groups: [50], home: '/home/app' }, 'no supplementary groups with GROUP');
  t.same(lookupIdentity('app:app', files).groups, [1000], 'not even when GROUP is the primary one');
  t.same(
    lookupIdentity('4242', files),
    { name: '4242', uid: 4242, gid: 4242, groups: [4242], home: '/' },
    'a uid not in passwd, as docker --user allows; HOME / as su-exec',
  );
  t.same(lookupIdentity('4242:7', files), { name: '4242', uid: 4242, gid: 7, groups: [7], home: '/' });
});

t.test('unknown user or group, malformed spec: named in the error', async (t) => {
  t.throws(() => lookupIdentity('ghost', files), { message: '--user: no user named "ghost" in /etc/passwd' });
  t.throws(() => lookupIdentity('app:ghosts', files), { message: '--user: no group named "ghosts" in /etc/group' });
  t.throws(() => lookupIdentity('app:', files), { message: '--user "app:" is not USER[:GROUP]' });
  t.throws(() => lookupIdentity('a:b:c', files), { message: '--user "a:b:c" is not USER[:GROUP]' });
});

t.test('HOME follows the target user unless the environment chose another', async (t) => {
  const app = lookupIdentity('app', files);
  // withHome compares HOME with the home of the user running it (root in a container):
  // here whoever runs the tests, given /root as home, so this passes for any uid.
  const self = { passwd: path.join(dir, 'passwd-self') };
  writeFileSync(self.passwd, `self:x:${process.getuid!()}:${process.getgid!()}:self:/root:/bin/sh\n`);
  t.equal(withHome(app, { HOME: '/root' }, self).HOME, '/home/app', 'the home of the user who started it is replaced');
  t.equal(withHome(app, {}, self).HOME, '/home/app');
  t.equal(withHome(app, { HOME: '/data' }, self).HOME, '/data', 'an explicit HOME stays');
  t.equal(withHome(lookupIdentity('4242', files), { HOME: '/root' }, self).HOME, '/', "a uid not in passwd: / (not root's home)");
});
