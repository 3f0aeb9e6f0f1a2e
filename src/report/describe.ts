import { StoreError } from '../stores/store.js';
import { UserError, describeUnexpected } from './errors.js';

const TASK_ROLE_REMINDER =
  "this tool runs inside the container, so it uses the task role (taskRoleArn), not the task execution role that ECS 'secrets' use";

/**
 * Any failure from fetching → one UserError whose message says what failed and why,
 * and whose hint says what to do.
 */
export function describeFailure(error: unknown, context: { timeoutMs: number }): UserError {
  if (error instanceof UserError) return error;
  if (!(error instanceof StoreError)) return new UserError(describeUnexpected(error));
  const cause = error.cause as { name?: string; message?: string; $metadata?: { httpStatusCode?: number } } | undefined;
  const name = cause?.name ?? '';
  const message = (cause?.message ?? '').split('\n')[0] ?? '';
  const where = `${error.operation} ${error.target}${error.region ? ` (${error.region})` : ''}`;

  if (name === 'AbortError' || name === 'TimeoutError') {
    return new UserError(`${where}: no answer within ${context.timeoutMs / 1000} s`, {
      hint: 'in a private subnet, add VPC endpoints for ssm, secretsmanager and kms, or a NAT route; or raise --timeout',
    });
  }
  if (name === 'CredentialsProviderError' || /Could not load credentials/i.test(message)) {
    return new UserError(`${where}: no AWS credentials found`, {
      hint: 'on ECS set a task role (taskRoleArn); locally set AWS_PROFILE or AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY',
    });
  }
  if (/Region is missing/i.test(message)) {
    return new UserError(`${where}: no AWS region configured`, { hint: 'set AWS_REGION or pass --region' });
  }
  if (name === 'AccessDeniedException' || cause?.$metadata?.httpStatusCode === 403) {
    return new UserError(`${where}: access denied${message && name === 'AccessDeniedException' ? `: ${message}` : ''}`, {
      hint: `allow ${error.operation} on this resource; ${TASK_ROLE_REMINDER}`,
    });
  }
  return new UserError(`${where} failed: ${name ? `${name}: ` : ''}${message}`);
}
