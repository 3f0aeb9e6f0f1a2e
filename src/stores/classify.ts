// AWS failures → what kind of failure it is and what AWS's message says about it.
// The message shapes, from AWS's documentation and error reports:
// - IAM, no allow: "User: arn:aws:sts::123456789012:assumed-role/R/S is not authorized to
//   perform: ssm:GetParametersByPath on resource: arn:aws:ssm:...:parameter/app because no
//   identity-based policy allows the ssm:GetParametersByPath action" (IAM User Guide,
//   "Troubleshoot access denied error messages").
// - explicit deny: "... with an explicit deny in an identity-based policy"; SCP: "... with
//   an explicit deny in a service control policy"; boundary: "... because no permissions
//   boundary allows the ... action" (same page).
// - KMS through SSM: AccessDeniedException "The ciphertext refers to a customer master key
//   that does not exist, does not exist in this region, or you are not allowed to access.
//   (Service: AWSKMS; ...)"; or "User: ... is not authorized to perform: kms:Decrypt on
//   resource: arn:aws:kms:..." (SSM GetParameter error reports).
// - KMS through Secrets Manager: "Access to KMS is not allowed", DecryptionFailure "Secrets
//   Manager can't decrypt the protected secret text using the provided KMS key", and
//   KMS key state errors ("... is disabled", "is pending deletion").
// - not AWS at all: a wrong AWS_ENDPOINT_URL or a firewall answering for AWS; the SDK
//   throws name "Unknown" / message "UnknownError" for an empty error body (STS, an XML
//   protocol: name from the status, "NotFound", message "Unknown"), a SyntaxError
//   ("... is not valid JSON\n  Deserialization error ...") for HTML (measured with SDK 3.1169).
// - moto: a 403 with an XML body the SDK cannot parse (a deserialization error carrying
//   $metadata.httpStatusCode 403): nothing to parse, the principal comes from STS.

// - a credentials source answering something else: the container endpoint's provider wraps
//   JSON.parse's SyntaxError (whose message quotes the body, i.e. the SecretAccessKey) in a
//   CredentialsProviderError, its fallback throws the SyntaxError as is, without $metadata.
// Only an AWS service answer (an error with $metadata that is not a parse failure) has a
// message worth printing; any other message may quote whatever answered, so it is dropped.

export type FailureKind = 'access-denied' | 'kms' | 'no-credentials' | 'bad-credentials' | 'no-region' | 'bad-endpoint' | 'network' | 'timeout' | 'throttled' | 'not-aws' | 'other';
export type DenyReason = 'no-allow' | 'explicit-deny' | 'scp' | 'boundary' | 'session-policy' | 'unknown';

export interface Diagnosis {
  kind: FailureKind;
  /** AWS's error name (AccessDeniedException, ...), when there is one. */
  name: string;
  /** First line of AWS's message; empty when the error is not an AWS service answer. */
  message: string;
  principal?: string;
  action?: string;
  resource?: string;
  reason?: DenyReason;
  keyId?: string;
  /** For network failures: the system error code (ECONNREFUSED, ENOTFOUND, ...). */
  code?: string;
  /** HTTP status of an answer that is not an AWS response. */
  status?: number;
  /** A region the SDK refused (`AWS_REGION=""`, `eu west`): from the configuration, not an answer. */
  badRegion?: string;
}

const NOT_AUTHORIZED = /User: (arn:\S+) is not authorized to perform: ([\w-]+:\w+)(?: on resource: (\S+))?(?: (because|with) ([^(]*))?/;
const KMS_KEY = /(arn:aws[\w-]*:kms:[\w-]+:\d{12}:key\/[\w-]+|arn:aws[\w-]*:kms:[\w-]+:\d{12}:alias\/[\w/-]+)/;
const KMS_TEXT = /\bkms\b|KMS|customer master key|ciphertext|decrypt/i;
const NETWORK_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'ETIMEDOUT', 'ECONNRESET', 'EHOSTUNREACH', 'ENETUNREACH', 'EPIPE']);

export function isNetworkCode(code: string | undefined): boolean {
  return code !== undefined && NETWORK_CODES.has(code);
}

/** An error that is an AWS service's answer: it came with a response, and its body was parsed. */
export function isAwsAnswer(cause: unknown): boolean {
  const e = (cause ?? {}) as { name?: string; message?: string; $metadata?: unknown };
  if (e.$metadata === undefined || e.name === 'SyntaxError') return false;
  return !(e.name === 'Unknown' || e.message === 'Unknown' || e.message === 'UnknownError' || /Deserialization error/.test(e.message ?? ''));
}

export function classify(cause: unknown): Diagnosis {
  const e = (cause ?? {}) as { name?: string; message?: string; code?: string; $metadata?: { httpStatusCode?: number } };
  const name = e.name ?? '';
  const text = (e.message ?? '').split('\n')[0] ?? '';
  const aws = isAwsAnswer(cause);
  // EndpointError: the SDK's endpoint rules refusing the configuration (FIPS with a custom endpoint).
  const base = { name, message: aws || name === 'EndpointError' ? text : '' };
  const denied = NOT_AUTHORIZED.exec(text);

  if (name === 'AbortError' || name === 'TimeoutError' || e.code === 'ETIMEDOUT') return { ...base, kind: 'timeout', code: e.code };
  if (e.code && NETWORK_CODES.has(e.code)) return { ...base, kind: 'network', code: e.code };
  const status = e.$metadata?.httpStatusCode;
  if ((name === 'SyntaxError' && status === undefined) || (name === 'CredentialsProviderError' && /SyntaxError|JSON|not of the required format/.test(e.message ?? ''))) {
    return { ...base, kind: 'bad-credentials' };
  }
  if (name === 'CredentialsProviderError' || /Could not load credentials/i.test(text)) return { ...base, kind: 'no-credentials' };
  if (/Region is missing/i.test(text)) return { ...base, kind: 'no-region' };
  // The SDK's own checks of the configuration, before any request.
  const refused = /^Region not accepted: region="(.*)" is not a valid hostname component/.exec(text);
  if (refused) return { ...base, kind: 'no-region', badRegion: refused[1] };
  if (e.code === 'ERR_INVALID_URL') return { ...base, kind: 'bad-endpoint' };
  if (status === 429) return { ...base, kind: 'throttled', message: aws ? text : 'HTTP 429' };
  // 403 stays a denial: moto's XML denials look just like this.
  if (status !== undefined && status !== 403 && !aws) return { name, message: '', kind: 'not-aws', status };
  if (name === 'ThrottlingException' || name === 'TooManyRequestsException' || /Rate exceeded/i.test(base.message)) return { ...base, kind: 'throttled' };

  const kmsByName = /^(KMS|Kms)\w*Exception$|^DecryptionFailure$|^InvalidKeyId$|^DisabledException$/.test(name);
  const kmsAction = denied?.[2]?.startsWith('kms:');
  if (kmsByName || kmsAction || (isDenied(name, e.$metadata?.httpStatusCode) && KMS_TEXT.test(text) && !denied?.[2]?.startsWith('ssm:') && !denied?.[2]?.startsWith('secretsmanager:'))) {
    return { ...base, kind: 'kms', principal: denied?.[1], action: 'kms:Decrypt', keyId: KMS_KEY.exec(text)?.[1] ?? (kmsAction ? denied?.[3] : undefined) };
  }
  if (isDenied(name, e.$metadata?.httpStatusCode) || denied) {
    return { ...base, kind: 'access-denied', principal: denied?.[1], action: denied?.[2], resource: denied?.[3], reason: reasonOf(denied?.[4], denied?.[5]) };
  }
  return { ...base, kind: 'other' };
}

function isDenied(name: string, status: number | undefined): boolean {
  return name === 'AccessDeniedException' || name === 'AccessDenied' || status === 403;
}

function reasonOf(word: string | undefined, rest: string | undefined): DenyReason {
  const text = `${word ?? ''} ${rest ?? ''}`;
  if (/service control policy/i.test(text)) return 'scp';
  if (/permissions boundary/i.test(text)) return 'boundary';
  if (/session policy/i.test(text)) return 'session-policy';
  if (/explicit deny/i.test(text)) return 'explicit-deny';
  if (/no identity-based policy allows/i.test(text)) return 'no-allow';
  return 'unknown';
}

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
      advice: 'code inside the container uses the task role (taskRoleArn); the execution role only serves ECS itself (image pull, logs, secrets:) — set taskRoleArn and grant the permission there',
    };
  }
  if (/^[0-9a-f]{32}$/.test(session)) return { what: `ECS task role ${role} (task ${session})` };
  return { what: `role ${role} (session ${session})` };
}
