// With no source configured the AWS SDK is never evaluated: the shipped bundle starts the
// command without loading Node's http/https/http2/tls/crypto, which the SDK pulls in at once.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { execa } from 'execa';
import t from 'tap';
import { SHIPPED_BUNDLE, artifacts, cleanEnv, toolArgv, withoutExecve } from './artifacts.js';

artifacts();
const dir = mkdtempSync(path.join(tmpdir(), 'ssm-entrypoint-lazy-'));
t.teardown(() => rmSync(dir, { recursive: true, force: true }));
const probe = path.join(dir, 'probe.cjs');
writeFileSync(
  probe,
  `process.on('exit', () => require('fs').writeFileSync(process.env.PROBE_OUT,
     process.moduleLoadList.filter((m) => /^NativeModule (https?|http2|tls|crypto)$/.test(m)).join(',')));`,
);

// The probe reads the module list when Node exits, which it does not after execve: on a
// Node with execve the bundle runs with execve hidden (its spawn fallback), so the probe
// runs on every Node.
const tool = withoutExecve(SHIPPED_BUNDLE);
const loaded = async (args: string[], env: Record<string, string> = {}) => {
  const out = path.join(dir, `out-${Math.random()}`);
  const r = await execa(...toolArgv(tool, args, cleanEnv({ NODE_OPTIONS: `--require ${probe}`, PROBE_OUT: out, ...env })), { reject: false });
  return { exitCode: r.exitCode, modules: readFileSync(out, 'utf8') };
};

t.test(`${tool.name}, no source: no SDK code evaluated`, async (t) => {
  const none = await loaded(['true']);
  t.equal(none.exitCode, 0);
  t.equal(none.modules, '', 'no network or crypto module loaded');
  const aws = { AWS_REGION: 'us-east-1', AWS_ACCESS_KEY_ID: 'x', AWS_SECRET_ACCESS_KEY: 'y', AWS_ENDPOINT_URL: 'http://127.0.0.1:9' };
  const withPrefix = await loaded(['--timeout', '2', '--prefix', '/x', 'true'], aws);
  t.equal(withPrefix.exitCode, 125);
  t.match(withPrefix.modules, /NativeModule https?/, 'the probe does see the SDK when a source is configured');
});
