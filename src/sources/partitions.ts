// AWS partitions and their regions, as the AWS SDK knows them (the `partitionsInfo` of
// @aws-sdk/core's util-endpoints, which the SDK uses to pick an endpoint). Copied here so
// that reading an ARN does not load the SDK; test/sources/partitions.test.ts fails when
// the SDK's data differs, so an SDK upgrade that adds a partition or region updates this.

export interface PartitionInfo {
  id: string;
  regionRegex: string;
  /** Listed regions, including the SDK's `*-global` pseudo-regions. */
  regions: readonly string[];
  /** The domain of its endpoints (`amazonaws.com.cn`): also in `kms:ViaService` values. */
  dnsSuffix: string;
}

export const PARTITIONS: readonly PartitionInfo[] = [
  {
    id: 'aws',
    dnsSuffix: 'amazonaws.com',
    regionRegex: '^(us|eu|ap|sa|ca|me|af|il|mx)\\-\\w+\\-\\d+$',
    regions: [
      'af-south-1',
      'ap-east-1',
      'ap-east-2',
      'ap-northeast-1',
      'ap-northeast-2',
      'ap-northeast-3',
      'ap-south-1',
      'ap-south-2',
      'ap-southeast-1',
      'ap-southeast-2',
      'ap-southeast-3',
      'ap-southeast-4',
      'ap-southeast-5',
      'ap-southeast-6',
      'ap-southeast-7',
      'aws-global',
      'ca-central-1',
      'ca-west-1',
      'eu-central-1',
      'eu-central-2',
      'eu-north-1',
      'eu-south-1',
      'eu-south-2',
      'eu-west-1',
      'eu-west-2',
      'eu-west-3',
      'il-central-1',
      'me-central-1',
      'me-south-1',
      'me-west-1',
      'mx-central-1',
      'sa-east-1',
      'sa-west-1',
      'us-east-1',
      'us-east-2',
      'us-west-1',
      'us-west-2',
    ],
  },
  { id: 'aws-cn', dnsSuffix: 'amazonaws.com.cn', regionRegex: '^cn\\-\\w+\\-\\d+$', regions: ['aws-cn-global', 'cn-north-1', 'cn-northwest-1'] },
  { id: 'aws-eusc', dnsSuffix: 'amazonaws.eu', regionRegex: '^eusc\\-(de)\\-\\w+\\-\\d+$', regions: ['eusc-de-east-1'] },
  { id: 'aws-iso', dnsSuffix: 'c2s.ic.gov', regionRegex: '^us\\-iso\\-\\w+\\-\\d+$', regions: ['aws-iso-global', 'us-iso-east-1', 'us-iso-west-1'] },
  { id: 'aws-iso-b', dnsSuffix: 'sc2s.sgov.gov', regionRegex: '^us\\-isob\\-\\w+\\-\\d+$', regions: ['aws-iso-b-global', 'us-isob-east-1', 'us-isob-west-1'] },
  { id: 'aws-iso-e', dnsSuffix: 'cloud.adc-e.uk', regionRegex: '^eu\\-isoe\\-\\w+\\-\\d+$', regions: ['aws-iso-e-global', 'eu-isoe-west-1'] },
  {
    id: 'aws-iso-f',
    dnsSuffix: 'csp.hci.ic.gov',
    regionRegex: '^us\\-isof\\-\\w+\\-\\d+$',
    regions: ['aws-iso-f-global', 'us-isof-east-1', 'us-isof-south-1'],
  },
  { id: 'aws-us-gov', dnsSuffix: 'amazonaws.com', regionRegex: '^us\\-gov\\-\\w+\\-\\d+$', regions: ['aws-us-gov-global', 'us-gov-east-1', 'us-gov-west-1'] },
];

const COMPILED = PARTITIONS.map((p) => ({ id: p.id, dnsSuffix: p.dnsSuffix, regex: new RegExp(p.regionRegex), regions: new Set(p.regions) }));

/**
 * The partition a region belongs to, the way the SDK decides it: a listed region first,
 * then each partition's regionRegex. undefined: a region the data does not know (a newer
 * one); the SDK then uses the `aws` partition's endpoints.
 */
export function partitionOfRegion(region: string): string | undefined {
  return compiledOf(region)?.id;
}

/** The endpoints' domain for a region (`amazonaws.com.cn` in cn-north-1); `amazonaws.com`, as the SDK, for an unknown one. */
export function dnsSuffixOfRegion(region: string): string {
  return compiledOf(region)?.dnsSuffix ?? 'amazonaws.com';
}

function compiledOf(region: string) {
  return COMPILED.find((p) => p.regions.has(region)) ?? COMPILED.find((p) => p.regex.test(region));
}
