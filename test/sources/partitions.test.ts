// Every partition and region of the AWS SDK's own partition data is accepted in ARNs,
// and src/sources/partitions.ts is that data (an SDK upgrade that adds one fails here).
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import t from 'tap';
import { parseParameterArn, parseSecretArn } from '../../src/sources/arn.js';
import { dnsSuffixOfRegion, partitionOfRegion, PARTITIONS } from '../../src/sources/partitions.js';

// The SDK's data, read from the file it ships (the package's exports do not expose it).
const core = path.dirname(createRequire(import.meta.url).resolve('@aws-sdk/core/package.json'));
const text = readFileSync(path.join(core, 'dist-es/submodules/client/util-endpoints/lib/aws/partitions.js'), 'utf8');
const sdk = JSON.parse(text.slice(text.indexOf('{'), text.lastIndexOf('}') + 1)) as {
  partitions: Array<{ id: string; regionRegex: string; regions: Record<string, unknown>; outputs: { dnsSuffix: string } }>;
};

/** A region that a regionRegex describes but the data does not list (a newer region). */
const sampleOf = (regex: string) =>
  regex
    .replace(/^\^|\$$/g, '')
    .replace(/\((\w+)(\|[^)]*)?\)/g, '$1')
    .replace(/\\-/g, '-')
    .replace(/\\w\+/g, 'newland')
    .replace(/\\d\+/g, '9');

t.test('partitions.ts is the SDK data', async (t) => {
  t.same(
    PARTITIONS.map((p) => ({ id: p.id, regionRegex: p.regionRegex, regions: [...p.regions], dnsSuffix: p.dnsSuffix })),
    sdk.partitions.map((p) => ({ id: p.id, regionRegex: p.regionRegex, regions: Object.keys(p.regions), dnsSuffix: p.outputs.dnsSuffix })),
  );
});

t.test('every partition and every region of the SDK data is accepted, in both ARN kinds', async (t) => {
  let count = 0;
  for (const partition of sdk.partitions) {
    const regions = Object.keys(partition.regions).filter((r) => !r.endsWith('-global'));
    const sample = sampleOf(partition.regionRegex);
    t.ok(new RegExp(partition.regionRegex).test(sample), `${sample} fits ${partition.regionRegex}`);
    for (const region of [...regions, sample]) {
      const secret = parseSecretArn(`arn:${partition.id}:secretsmanager:${region}:123456789012:secret:prod/db-AbCdEf`);
      t.ok(secret.ok && secret.value.region === region, `${partition.id} ${region}: ${secret.ok ? 'ok' : secret.problem}`);
      const parameter = parseParameterArn(`arn:${partition.id}:ssm:${region}:123456789012:parameter/app/x`);
      t.ok(parameter.ok && parameter.value.region === region, `${partition.id} ${region}: ${parameter.ok ? 'ok' : parameter.problem}`);
      t.equal(partitionOfRegion(region), partition.id);
      count++;
    }
  }
  t.ok(count >= 40, `${count} regions checked`);
});

t.test('every partition other than aws, by one of its regions', async (t) => {
  for (const [partition, region] of [
    ['aws-eusc', 'eusc-de-east-1'],
    ['aws-iso', 'us-iso-east-1'],
    ['aws-iso-b', 'us-isob-east-1'],
    ['aws-iso-e', 'eu-isoe-west-1'],
    ['aws-iso-f', 'us-isof-south-1'],
    ['aws-cn', 'cn-northwest-1'],
    ['aws-us-gov', 'us-gov-west-1'],
  ] as const) {
    const arn = `arn:${partition}:secretsmanager:${region}:123456789012:secret:rds!db-0a1b2c3d-1111-2222-3333-444455556666-AbCdEf`;
    const parsed = parseSecretArn(arn);
    t.ok(parsed.ok, `${arn}: ${parsed.ok ? '' : parsed.problem}`);
  }
});

t.test('a region of another partition, or no region shape at all, is refused', async (t) => {
  const problem = (arn: string) => {
    const parsed = parseSecretArn(arn);
    return parsed.ok ? 'accepted' : parsed.problem;
  };
  t.match(
    problem('arn:aws:secretsmanager:cn-north-1:123456789012:secret:x'),
    'has region cn-north-1 in partition aws, but cn-north-1 is in partition aws-cn (arn:aws-cn:...)',
  );
  t.match(problem('arn:aws-us-gov:secretsmanager:us-east-1:123456789012:secret:x'), 'but us-east-1 is in partition aws');
  t.match(problem('arn:aws-cn:secretsmanager:eusc-de-east-1:123456789012:secret:x'), 'is in partition aws-eusc');
  t.match(problem('arn:aws:secretsmanager:aws-global:123456789012:secret:x'), 'has region "aws-global"');
  t.match(problem('arn:aws:secretsmanager:europe:123456789012:secret:x'), 'has region "europe"');
  t.match(problem('arn:amazon:secretsmanager:us-east-1:123456789012:secret:x'), 'has partition "amazon"; expected one of aws, aws-cn, aws-eusc');
  // A region or partition newer than the data: taken, as the SDK would call it.
  t.equal(problem('arn:aws:secretsmanager:ap-southeast-9:123456789012:secret:x'), 'accepted');
  t.equal(problem('arn:aws-future:secretsmanager:fu-ture-east-1:123456789012:secret:x'), 'accepted');
});

t.test("each region's endpoint domain, as the SDK picks it", async (t) => {
  t.equal(dnsSuffixOfRegion('eu-west-1'), 'amazonaws.com');
  t.equal(dnsSuffixOfRegion('cn-north-1'), 'amazonaws.com.cn');
  t.equal(dnsSuffixOfRegion('eusc-de-east-1'), 'amazonaws.eu');
  t.equal(dnsSuffixOfRegion('us-gov-west-1'), 'amazonaws.com');
  t.equal(dnsSuffixOfRegion('us-isob-east-1'), 'sc2s.sgov.gov');
  t.equal(dnsSuffixOfRegion('xx-newland-9'), 'amazonaws.com', 'a region the data does not know: the aws partition');
});
