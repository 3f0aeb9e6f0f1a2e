// Run by build.mjs with the Node (and V8 flags) the executable embeds:
//   node sdk-warmup.cjs SDK_SOURCE STORE_MODULE FILENAME OUT
// Writes V8's code cache for the AWS SDK string *after* it has served one request of each
// kind against a local stand-in for the AWS endpoints. A cache made right after compiling
// holds only the functions V8 compiles eagerly; the ones a first request needs (client
// set-up, middleware, signing, the JSON protocol) would otherwise be compiled at every
// start (npm run bench). Answers are minimal valid JSON; failures only warm other paths.
'use strict';
const fs = require('node:fs');
const http = require('node:http');
const { Script } = require('node:vm');

const args = process.argv.slice(2);
if (args.length !== 4) fail('usage: node sdk-warmup.cjs SDK_SOURCE STORE_MODULE FILENAME OUT');
const [sdkSource, storeModule, filename, out] = /** @type {[string, string, string, string]} */ (args);

/** @type {Record<string, object>} */
const ANSWERS = {
  'AmazonSSM.GetParametersByPath': { Parameters: [{ Name: '/warm/a', Type: 'String', Value: 'v', Version: 1 }] },
  'AmazonSSM.GetParameters': { Parameters: [{ Name: '/warm/a', Type: 'String', Value: 'v', Version: 1 }], InvalidParameters: ['/warm/missing'] },
  'AmazonSSM.GetParameter': { Parameter: { Name: '/warm/a', Type: 'String', Value: 'v', Version: 1 } },
  'secretsmanager.GetSecretValue': {
    Name: 'warm',
    ARN: 'arn:aws:secretsmanager:us-east-1:123456789012:secret:warm-AbCdEf',
    SecretString: '{"k":"v"}',
    VersionId: 'v1',
  },
  'secretsmanager.BatchGetSecretValue': {
    SecretValues: [{ Name: 'warm', ARN: 'arn:aws:secretsmanager:us-east-1:123456789012:secret:warm-AbCdEf', SecretString: '{"k":"v"}', VersionId: 'v1' }],
    Errors: [],
  },
};

const server = http.createServer((req, res) => {
  req.resume();
  req.on('end', () => {
    const answer = ANSWERS[String(req.headers['x-amz-target'])];
    res.writeHead(answer ? 200 : 400, { 'content-type': 'application/x-amz-json-1.1' });
    res.end(JSON.stringify(answer ?? { __type: 'ValidationException', message: 'not served by the warm-up' }));
  });
});

server.listen(0, '127.0.0.1', () => {
  warmUp().catch((error) => fail(`the warm-up failed: ${error instanceof Error ? error.message : String(error)}`));
});

async function warmUp() {
  Object.assign(process.env, {
    AWS_ENDPOINT_URL: `http://127.0.0.1:${/** @type {import('node:net').AddressInfo} */ (server.address()).port}`,
    AWS_ACCESS_KEY_ID: 'AKIAWARMUP',
    AWS_SECRET_ACCESS_KEY: 'warm-up',
    AWS_REGION: 'us-east-1',
  });
  const store = { exports: {} };
  new Script(fs.readFileSync(storeModule, 'utf8'), { filename: 'store.cjs' }).runInThisContext()(store.exports, require, store);
  const script = new Script(fs.readFileSync(sdkSource, 'utf8'), { filename });
  /** @type {{ exports: Pick<import('../src/stores/aws.js'), 'createAwsStore'> }} */
  const sdk = { exports: { createAwsStore: () => fail('the SDK string exports no createAwsStore') } };
  script.runInThisContext()(sdk.exports, (/** @type {string} */ id) => (id === 'ssm-entrypoint:store' ? store.exports : require(id)), sdk);
  const noop = () => {};
  const log = { debug: noop, info: noop, warn: noop, error: noop, verbose: false };
  const ctx = { signal: AbortSignal.timeout(20_000), log };
  const aws = sdk.exports.createAwsStore({ region: undefined, log });
  /** @type {(name: string) => import('../src/stores/store.js').ParameterQuery} */
  const parameter = (name) => ({ name, arn: undefined, version: undefined, label: undefined, region: undefined });
  /** @type {(secretId: string) => import('../src/stores/store.js').SecretQuery} */
  const secret = (secretId) => ({ secretId, versionStage: undefined, versionId: undefined, region: undefined });
  const attempts = [
    () => aws.getParametersByPath('/warm', ctx),
    () => aws.getParameters([parameter('/warm/a'), parameter('/warm/missing')], ctx),
    () => aws.getSecrets([secret('warm')], ctx),
    () => aws.getSecrets([secret('warm'), secret('warm2')], ctx),
  ];
  for (const attempt of attempts) {
    try {
      await attempt();
    } catch {
      // a path that failed is warmed too
    }
  }
  fs.writeFileSync(out, script.createCachedData());
  process.exit(0);
}

/**
 * @param {string} message
 * @returns {never}
 */
function fail(message) {
  throw new Error(message);
}
