import t from 'tap';
import { kmsDecrypt, parameterPathResources, parameterResource, secretResource } from '../../src/diagnose/iam.js';

t.test('IAM resources carry the partition of their region (aws-cn, aws-us-gov, aws-eusc, iso), aws when unknown', async (t) => {
  const at = (region: string | undefined) => ({ region, account: '123456789012' });
  t.equal(parameterResource('/app/x:3', at('cn-north-1')), 'arn:aws-cn:ssm:cn-north-1:123456789012:parameter/app/x');
  t.same(parameterPathResources('/app', at('us-gov-west-1')), [
    'arn:aws-us-gov:ssm:us-gov-west-1:123456789012:parameter/app',
    'arn:aws-us-gov:ssm:us-gov-west-1:123456789012:parameter/app/*',
  ]);
  t.equal(
    secretResource('rds!db-0a1b2c3d-1111-2222-3333-444455556666', at('eusc-de-east-1')),
    'arn:aws-eusc:secretsmanager:eusc-de-east-1:123456789012:secret:rds!db-0a1b2c3d-1111-2222-3333-444455556666-??????',
  );
  t.equal(kmsDecrypt('ssm', 'k', at('us-isob-east-1')).Resource, 'arn:aws-iso-b:kms:us-isob-east-1:123456789012:key/k');
  t.equal(parameterResource('flag', at('eu-west-1')), 'arn:aws:ssm:eu-west-1:123456789012:parameter/flag');
  t.equal(parameterResource('flag', at(undefined)), 'arn:aws:ssm:REGION:123456789012:parameter/flag');
});

t.test("kms:ViaService names the service's endpoint in the region's own domain", async (t) => {
  const at = (region: string) => ({ region, account: '123456789012' });
  t.same(kmsDecrypt('ssm', 'k', at('eu-west-1')).Condition, { StringEquals: { 'kms:ViaService': 'ssm.eu-west-1.amazonaws.com' } });
  t.same(kmsDecrypt('secretsmanager', 'k', at('cn-north-1')).Condition, {
    StringEquals: { 'kms:ViaService': 'secretsmanager.cn-north-1.amazonaws.com.cn' },
  });
  t.same(kmsDecrypt('ssm', 'k', at('eusc-de-east-1')).Condition, { StringEquals: { 'kms:ViaService': 'ssm.eusc-de-east-1.amazonaws.eu' } });
});
