// The harness itself: a fault the proxy injects must reach the SDK as AWS would send it,
// or the tests built on it prove nothing.
import { GetParametersByPathCommand, SSMClient } from '@aws-sdk/client-ssm';
import t from 'tap';
import { SAMPLE, putParameters } from './harness/aws.js';
import { MOTO_MISSING, startMoto } from './harness/moto.js';
import { blackHole, startProxy, throttlingError } from './harness/proxy.js';

const moto = await startMoto();
if (!moto) {
  t.plan(0, MOTO_MISSING);
} else {
  t.teardown(() => moto.stop());
  const proxy = await startProxy(moto.url, moto.env);
  t.teardown(() => proxy.close());
  await putParameters(moto.url, SAMPLE);
  const client = (endpoint: string) =>
    new SSMClient({ endpoint, region: 'us-east-1', credentials: { accessKeyId: 'x', secretAccessKey: 'y' }, maxAttempts: 1 });
  const byPath = new GetParametersByPathCommand({ Path: '/goecssample', Recursive: true, WithDecryption: true });

  t.test('forwards, counts, adds latency', async (t) => {
    const ssm = client(proxy.url);
    proxy.resetCounts();
    const out = await ssm.send(byPath);
    t.equal(out.Parameters?.length, SAMPLE.length);
    t.same(proxy.counts(), { GetParametersByPath: 1 });
    proxy.latencyMs = 300;
    const started = Date.now();
    await ssm.send(byPath);
    t.ok(Date.now() - started >= 290, 'latency added');
    proxy.latencyMs = 0;
  });

  t.test('an injected throttle reaches the SDK as ThrottlingException', async (t) => {
    proxy.inject({ operation: 'GetParametersByPath', times: 1, answer: throttlingError() });
    await t.rejects(client(proxy.url).send(byPath), { name: 'ThrottlingException', message: 'Rate exceeded', $metadata: { httpStatusCode: 400 } });
    await t.resolves(client(proxy.url).send(byPath), 'only once');
  });

  t.test('the black hole never answers', async (t) => {
    const hole = await blackHole();
    t.teardown(() => hole.close());
    await t.rejects(client(hole.url).send(byPath, { abortSignal: AbortSignal.timeout(300) }), { name: 'AbortError' });
  });
}
