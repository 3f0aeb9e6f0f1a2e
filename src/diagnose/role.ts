// Who a principal ARN is, guessed from AWS's and ECS's naming conventions.

export interface RoleGuess {
  /** What the principal is, in words. */
  what: string;
  /** What to do about it, when the principal looks like the wrong one. */
  advice?: string;
}

/**
 * `arn:aws:sts::A:assumed-role/NAME/SESSION` says a lot about where credentials came
 * from. These are guesses from naming conventions and say so.
 */
export function guessRole(principal: string | undefined): RoleGuess | undefined {
  if (!principal) return undefined;
  const assumed = /:assumed-role\/([^/]+)\/(.+)$/.exec(principal);
  if (!assumed) {
    if (/:user\//.test(principal)) return { what: `IAM user ${principal.split(':user/')[1]}` };
    if (/:root$/.test(principal)) return { what: 'the account root user' };
    return undefined;
  }
  const [, role, session] = assumed as unknown as [string, string, string];
  if (/^i-[0-9a-f]{8,17}$/.test(session)) {
    return {
      what: `EC2 instance role ${role} (session ${session})`,
      advice:
        'no task role is set on the task definition, or this process lost the ECS credentials variables (AWS_CONTAINER_CREDENTIALS_RELATIVE_URI) and fell back to the instance metadata',
    };
  }
  if (/execution/i.test(role)) {
    return {
      what: `role ${role}, which looks like the ECS task execution role (a guess from its name)`,
      advice:
        'code inside the container uses the task role (taskRoleArn); the execution role only serves ECS itself (image pull, logs, secrets:) — set taskRoleArn and grant the permission there',
    };
  }
  if (/^[0-9a-f]{32}$/.test(session)) return { what: `ECS task role ${role} (task ${session})` };
  return { what: `role ${role} (session ${session})` };
}
