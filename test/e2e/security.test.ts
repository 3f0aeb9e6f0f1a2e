// The tool's own Node runtime must not weaken it or leak into the app: SIGUSR1 never opens
// the inspector, and the app's NODE_TLS_REJECT_UNAUTHORIZED=0 never turns off certificate
// checks of the tool's AWS calls (while the command still receives it). A refused
// certificate is said as such, with the endpoint and what to do (NODE_EXTRA_CA_CERTS).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer as createHttpServer } from 'node:http';
import { createServer } from 'node:https';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { execa } from 'execa';
import t, { type Test } from 'tap';
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
const otherKey = path.join(dir, 'other-key.pem');
const otherCert = path.join(dir, 'other-cert.pem');
const openssl = (keyFile: string, certFile: string, name: string, san: string) =>
  spawnSync(
    'openssl',
    [
      'req',
      '-x509',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-keyout',
      keyFile,
      '-out',
      certFile,
      '-days',
      '1',
      '-subj',
      `/CN=${name}`,
      '-addext',
      `subjectAltName=${san}`,
    ],
    { stdio: 'ignore' },
  ).status === 0;
const selfSigned = openssl(key, cert, '127.0.0.1', 'IP:127.0.0.1') && openssl(otherKey, otherCert, 'other.example', 'DNS:other.example');
const moto = await startMoto();
if (moto) t.teardown(() => moto.stop());

/** An HTTPS server that answers like Parameter Store: were its certificate not checked, the command would start. */
async function impostor(t: Test, keyFile: string, certFile: string): Promise<{ endpoint: string; requests: () => number }> {
  let requests = 0;
  const server = createServer({ key: readFileSync(keyFile), cert: readFileSync(certFile) }, (_req, res) => {
    requests++;
    res.writeHead(200, { 'content-type': 'application/x-amz-json-1.1' });
    res.end(JSON.stringify({ Parameters: [{ Name: '/app/token', Value: 'from-an-impostor', Type: 'String', Version: 1 }] }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  t.teardown(() => new Promise<void>((resolve) => server.close(() => resolve())));
  return { endpoint: `https://127.0.0.1:${(server.address() as { port: number }).port}`, requests: () => requests };
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');

t.test(
  "NODE_TLS_REJECT_UNAUTHORIZED=0 is the app's: the tool still verifies certificates",
  { skip: selfSigned ? false : 'openssl is needed to make a self-signed certificate' },
  async (t) => {
    const { endpoint, requests } = await impostor(t, key, cert);
    const host = new URL(endpoint).host;

    for (const tool of tools) {
      const env = cleanEnv({ ...fakeAws, AWS_ENDPOINT_URL: endpoint, NODE_TLS_REJECT_UNAUTHORIZED: '0' });
      const r = await execa(...toolArgv(tool, ['--prefix', '/app', 'sh', '-c', 'echo started'], env), { reject: false });
      t.equal(r.exitCode, 125, `${tool.name}: ${r.stderr}`);
      t.equal(r.stdout, '', `${tool.name}: not started`);
      // One line: the endpoint, what its certificate is, the code; the hint names the setting and NODE_EXTRA_CA_CERTS.
      t.equal(
        r.stderr,
        `ssm-entrypoint: error: TLS: ${host} presented a self-signed certificate (DEPTH_ZERO_SELF_SIGNED_CERT) for ssm:GetParametersByPath /app (us-east-1); ` +
          `check AWS_ENDPOINT_URL=${endpoint}: if it is right (a proxy that inspects TLS, a local endpoint with its own CA), give this process its certificate authority with NODE_EXTRA_CA_CERTS=/path/to/ca.pem\n` +
          'ssm-entrypoint: error: the command was not started',
        tool.name,
      );
      t.notMatch(r.stderr, /NODE_TLS_REJECT_UNAUTHORIZED|insecure/, `${tool.name}: no warning about a setting the tool does not use`);
      t.notMatch(r.stderr, /use-system-ca|Node\.js/, `${tool.name}: not Node's advice about its own command line`);
    }
    t.equal(requests(), 0, 'no request got past the TLS handshake');

    for (const tool of tools) {
      const r = await execa(
        ...toolArgv(
          tool,
          ['--quiet', '--from-file', EXAMPLE, '--prefix', '/goecssample', 'sh', '-c', 'printf %s "$NODE_TLS_REJECT_UNAUTHORIZED"'],
          cleanEnv({ NODE_TLS_REJECT_UNAUTHORIZED: '0' }),
        ),
        { reject: false },
      );
      t.equal(r.exitCode, 0, r.stderr);
      t.equal(r.stdout, '0', `${tool.name}: the command still gets it`);
    }
  },
);

t.test(
  'TLS refused: the hint works (NODE_EXTRA_CA_CERTS), another host name, a file that lacks the CA, a plain-HTTP port',
  { skip: selfSigned ? false : 'openssl is needed to make a self-signed certificate' },
  async (t) => {
    const right = await impostor(t, key, cert);
    const wrongName = await impostor(t, otherKey, otherCert);
    const plain = createHttpServer((_req, res) => res.end('{}'));
    await new Promise<void>((resolve) => plain.listen(0, '127.0.0.1', resolve));
    t.teardown(() => new Promise<void>((resolve) => plain.close(() => resolve())));
    const plainHttps = `https://127.0.0.1:${(plain.address() as { port: number }).port}`;
    const run = (tool: (typeof tools)[number], env: Record<string, string>) =>
      execa(...toolArgv(tool, ['--prefix', '/app', 'sh', '-c', 'printf %s "$TOKEN"'], cleanEnv({ ...fakeAws, ...env })), { reject: false });

    for (const tool of tools) {
      // As the hint says: the endpoint's CA given with NODE_EXTRA_CA_CERTS is trusted.
      const trusted = await run(tool, { AWS_ENDPOINT_URL: right.endpoint, NODE_EXTRA_CA_CERTS: cert });
      t.equal(trusted.exitCode, 0, `${tool.name}: ${trusted.stderr}`);
      t.equal(trusted.stdout, 'from-an-impostor', `${tool.name}: trusted as asked`);

      // Trusted, but issued for another name: the host named.
      const other = await run(tool, {
        AWS_ENDPOINT_URL: right.endpoint.replace(/:\d+$/, `:${new URL(wrongName.endpoint).port}`),
        NODE_EXTRA_CA_CERTS: otherCert,
      });
      t.equal(other.exitCode, 125, other.stderr);
      t.match(
        other.stderr,
        `error: TLS: ${new URL(wrongName.endpoint).host} presented a certificate for another host name (ERR_TLS_CERT_ALTNAME_INVALID) for ssm:GetParametersByPath /app (us-east-1); the certificate does not name 127.0.0.1;`,
      );

      // NODE_EXTRA_CA_CERTS set, but without this CA; the service's own endpoint variable named; AWS_CA_BUNDLE is the CLI's.
      const lacking = await run(tool, { AWS_ENDPOINT_URL_SSM: right.endpoint, NODE_EXTRA_CA_CERTS: otherCert, AWS_CA_BUNDLE: cert });
      t.equal(lacking.exitCode, 125, lacking.stderr);
      t.match(
        lacking.stderr,
        `error: TLS: ${new URL(right.endpoint).host} presented a self-signed certificate (DEPTH_ZERO_SELF_SIGNED_CERT) for ssm:GetParametersByPath /app (us-east-1); check AWS_ENDPOINT_URL_SSM=${right.endpoint}: if it is right (a proxy that inspects TLS, a local endpoint with its own CA), NODE_EXTRA_CA_CERTS=${otherCert} is set but does not hold the certificate authority that signed it; AWS_CA_BUNDLE is read by the AWS CLI, not by the AWS SDK for JavaScript\n`,
      );

      // https:// to a port that speaks plain HTTP.
      const handshake = await run(tool, { AWS_ENDPOINT_URL: plainHttps });
      t.equal(handshake.exitCode, 125, handshake.stderr);
      t.match(
        handshake.stderr,
        new RegExp(
          `error: TLS handshake with ${escape(new URL(plainHttps).host)} failed \\((EPROTO|ERR_SSL_[A-Z_]+)\\) for ssm:GetParametersByPath /app \\(us-east-1\\); check AWS_ENDPOINT_URL=${escape(plainHttps)}: an https:// URL must point at a TLS port \\(a plain-HTTP endpoint takes http://\\)\n`,
        ),
      );
      t.notMatch(handshake.stderr, /SSL routines|openssl|use-system-ca/, `${tool.name}: not OpenSSL's text`);
    }
    t.equal(wrongName.requests(), 0, 'no request got past a refused handshake');
  },
);

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
