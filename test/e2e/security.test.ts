// The tool's own Node runtime must not weaken it or leak into the app: SIGUSR1 never opens
// the inspector, and the app's NODE_TLS_REJECT_UNAUTHORIZED=0 never turns off certificate
// checks of the tool's AWS calls (while the command still receives it).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:https';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { execa } from 'execa';
import t from 'tap';
import { putParameters } from '../harness/aws.js';
import { MOTO_MISSING, startMoto } from '../harness/moto.js';
import { startProxy } from '../harness/proxy.js';
import { EXAMPLE, artifacts, cleanEnv, toolArgv } from './artifacts.js';

const dir = mkdtempSync(path.join(tmpdir(), 'ssm-entrypoint-security-'));
t.teardown(() => rmSync(dir, { recursive: true, force: true }));
const tools = artifacts();
const fakeAws = { AWS_REGION: 'us-east-1', AWS_ACCESS_KEY_ID: 'testing', AWS_SECRET_ACCESS_KEY: 'testing' };
const key = path.join(dir, 'key.pem');
const cert = path.join(dir, 'cert.pem');
const openssl = ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', key, '-out', cert, '-days', '1', '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1'];
const selfSigned = spawnSync('openssl', openssl, { stdio: 'ignore' }).status === 0;
const moto = await startMoto();
if (moto) t.teardown(() => moto.stop());

t.test("NODE_TLS_REJECT_UNAUTHORIZED=0 is the app's: the tool still verifies certificates", { skip: selfSigned ? false : 'openssl is needed to make a self-signed certificate' }, async (t) => {
  // Answers like Parameter Store: were the certificate not checked, the command would start.
  let requests = 0;
  const server = createServer({ key: readFileSync(key), cert: readFileSync(cert) }, (_req, res) => {
    requests++;
    res.writeHead(200, { 'content-type': 'application/x-amz-json-1.1' });
    res.end(JSON.stringify({ Parameters: [{ Name: '/app/token', Value: 'from-an-impostor', Type: 'String', Version: 1 }] }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  t.teardown(() => new Promise<void>((resolve) => server.close(() => resolve())));
  const endpoint = `https://127.0.0.1:${(server.address() as { port: number }).port}`;

  for (const tool of tools) {
    const env = cleanEnv({ ...fakeAws, AWS_ENDPOINT_URL: endpoint, NODE_TLS_REJECT_UNAUTHORIZED: '0' });
    const r = await execa(...toolArgv(tool, ['--prefix', '/app', 'sh', '-c', 'echo started'], env), { reject: false });
    t.equal(r.exitCode, 125, `${tool.name}: ${r.stderr}`);
    t.equal(r.stdout, '', `${tool.name}: not started`);
    t.match(r.stderr, /ssm:GetParametersByPath \/app \(us-east-1\) failed: .*self-signed certificate/, tool.name);
    t.notMatch(r.stderr, /NODE_TLS_REJECT_UNAUTHORIZED|insecure/, `${tool.name}: no warning about a setting the tool does not use`);
  }
  t.equal(requests, 0, 'no request got past the TLS handshake');

  for (const tool of tools) {
    const r = await execa(...toolArgv(tool, ['--quiet', '--from-file', EXAMPLE, '--prefix', '/goecssample', 'sh', '-c', 'printf %s "$NODE_TLS_REJECT_UNAUTHORIZED"'], cleanEnv({ NODE_TLS_REJECT_UNAUTHORIZED: '0' })), { reject: false });
    t.equal(r.exitCode, 0, r.stderr);
    t.equal(r.stdout, '0', `${tool.name}: the command still gets it`);
  }
});

t.test('SIGUSR1 while fetching: no inspector, the fetch goes on, the command starts', { skip: moto ? false : MOTO_MISSING }, async (t) => {
  if (!moto) return;
  await putParameters(moto.url, [{ name: '/app/a', value: 'one' }]);
  const proxy = await startProxy(moto.url, moto.env);
  t.teardown(() => proxy.close());
  proxy.latencyMs = 1500;

  for (const tool of tools) {
    proxy.resetCounts();
    const p = execa(...toolArgv(tool, ['--prefix', '/app', 'sh', '-c', 'echo "A=$A"'], cleanEnv(proxy.env)), { reject: false });
    // Once the request is at the proxy, the tool is waiting for AWS.
    for (let i = 0; i < 300 && !proxy.counts().GetParametersByPath; i++) await new Promise((r) => setTimeout(r, 20));
    t.ok(proxy.counts().GetParametersByPath, `${tool.name}: fetching`);
    p.kill('SIGUSR1');
    const r = await p;
    t.equal(r.exitCode, 0, `${tool.name}: ${r.stderr}`);
    t.equal(r.stdout, 'A=one', `${tool.name}: the complete environment`);
    t.notMatch(r.stderr, /Debugger listening|inspector|9229/i, `${tool.name}: no debugger`);
  }
});
