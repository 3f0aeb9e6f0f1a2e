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

export type FailureKind =
  | 'access-denied'
  | 'kms'
  | 'no-credentials'
  | 'bad-credentials'
  | 'no-region'
  | 'bad-endpoint'
  | 'network'
  | 'tls'
  | 'timeout'
  | 'throttled'
  | 'not-aws'
  | 'other';
export type DenyReason = 'no-allow' | 'explicit-deny' | 'scp' | 'boundary' | 'session-policy' | 'unknown';

/** What one failed call or attempt was, and what AWS's message says about it. Frozen. */
export interface Diagnosis {
  readonly kind: FailureKind;
  /** AWS's error name (AccessDeniedException, ...), when there is one. */
  readonly name: string;
  /** First line of AWS's message; empty when the error is not an AWS service answer. */
  readonly message: string;
  readonly principal?: string | undefined;
  readonly action?: string | undefined;
  readonly resource?: string | undefined;
  readonly reason?: DenyReason | undefined;
  readonly keyId?: string | undefined;
  /** kms: the key is disabled or pending deletion, not merely denied. */
  readonly keyUnusable?: boolean;
  /** The system or TLS error code (ECONNREFUSED, ENOTFOUND, DEPTH_ZERO_SELF_SIGNED_CERT, ...). */
  readonly code?: string | undefined;
  /** HTTP status of an answer that is not an AWS response (a gateway's 429, a portal's 200). */
  readonly status?: number | undefined;
  /** A region the SDK refused (`AWS_REGION=""`, `eu west`): from the configuration, not an answer. */
  readonly badRegion?: string | undefined;
}

const NOT_AUTHORIZED = /User: (arn:\S+) is not authorized to perform: ([\w-]+:\w+)(?: on resource: (\S+))?(?: (because|with) ([^(]*))?/;
const KMS_KEY = /(arn:aws[\w-]*:kms:[\w-]+:\d{12}:key\/[\w-]+|arn:aws[\w-]*:kms:[\w-]+:\d{12}:alias\/[\w/-]+)/;
const KMS_TEXT = /\bkms\b|KMS|customer master key|ciphertext|decrypt/i;
const KMS_UNUSABLE = /disabled|pending deletion|KMSInvalidState|DisabledException/i;
// The system errors of a connection that did not get an answer (retried by the SDK).
const NETWORK_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'ETIMEDOUT', 'ECONNRESET', 'EHOSTUNREACH', 'ENETUNREACH', 'EPIPE']);
// The SDK's throttling errors (THROTTLING_ERROR_CODES of @smithy/core's retry), which it
// retries with the throttling backoff; plus HTTP 429, whatever the body.
const THROTTLING_NAMES = new Set([
  'BandwidthLimitExceeded',
  'EC2ThrottledException',
  'LimitExceededException',
  'PriorRequestNotComplete',
  'ProvisionedThroughputExceededException',
  'RequestLimitExceeded',
  'RequestThrottled',
  'RequestThrottledException',
  'SlowDown',
  'ThrottledException',
  'Throttling',
  'ThrottlingException',
  'TooManyRequestsException',
  'TransactionInProgressException',
]);
// Node's certificate verification codes (OpenSSL's X509_V_ERR_* names, Node's "X509
// certificate error codes"), and its own host name check.
const CERTIFICATE_CODES = new Set([
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_CRL',
  'UNABLE_TO_DECRYPT_CERT_SIGNATURE',
  'UNABLE_TO_DECRYPT_CRL_SIGNATURE',
  'UNABLE_TO_DECODE_ISSUER_PUBLIC_KEY',
  'CERT_SIGNATURE_FAILURE',
  'CRL_SIGNATURE_FAILURE',
  'CERT_NOT_YET_VALID',
  'CERT_HAS_EXPIRED',
  'CRL_NOT_YET_VALID',
  'CRL_HAS_EXPIRED',
  'ERROR_IN_CERT_NOT_BEFORE_FIELD',
  'ERROR_IN_CERT_NOT_AFTER_FIELD',
  'ERROR_IN_CRL_LAST_UPDATE_FIELD',
  'ERROR_IN_CRL_NEXT_UPDATE_FIELD',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'CERT_CHAIN_TOO_LONG',
  'CERT_REVOKED',
  'INVALID_CA',
  'PATH_LENGTH_EXCEEDED',
  'INVALID_PURPOSE',
  'CERT_UNTRUSTED',
  'CERT_REJECTED',
  'HOSTNAME_MISMATCH',
  'ERR_TLS_CERT_ALTNAME_INVALID',
  'ERR_TLS_CERT_ALTNAME_FORMAT',
]);

type ErrorShape = { name?: unknown; message?: unknown; code?: unknown; $metadata?: { httpStatusCode?: number } };
const shape = (error: unknown): ErrorShape => (error !== null && typeof error === 'object' ? (error as ErrorShape) : {});
const str = (value: unknown): string => (typeof value === 'string' ? value : '');

export function isNetworkCode(code: string | undefined): boolean {
  return code !== undefined && NETWORK_CODES.has(code);
}

/** A certificate the TLS client refused. */
export function isCertificateCode(code: string | undefined): boolean {
  return code !== undefined && CERTIFICATE_CODES.has(code);
}

/**
 * A TLS failure: a refused certificate, or a handshake that failed (an https:// URL to a
 * port that speaks plain HTTP: ERR_SSL_WRONG_VERSION_NUMBER, or EPROTO on older Nodes).
 */
function isTlsCode(code: string): boolean {
  return isCertificateCode(code) || code.startsWith('ERR_SSL_') || code === 'EPROTO' || code === 'ERR_TLS_HANDSHAKE_TIMEOUT';
}

/** An error that is an AWS service's answer: it came with an HTTP response, and its body was parsed. */
export function isAwsAnswer(cause: unknown): boolean {
  const e = shape(cause);
  // The SDK's retry adds $metadata ({ attempts }) to any error, socket errors too.
  if (e.$metadata?.httpStatusCode === undefined || e.name === 'SyntaxError') return false;
  const message = str(e.message);
  return !(e.name === 'Unknown' || message === 'Unknown' || message === 'UnknownError' || /Deserialization error/.test(message));
}

/** The one access-denied predicate: AWS's JSON (AccessDeniedException), XML (AccessDenied) or any 403. */
export function isAccessDenied(error: unknown): boolean {
  const e = shape(error);
  return e.name === 'AccessDeniedException' || e.name === 'AccessDenied' || e.$metadata?.httpStatusCode === 403;
}

/** The one throttling predicate: the SDK's throttling names, HTTP 429, or AWS's "Rate exceeded". */
export function isThrottling(error: unknown): boolean {
  const e = shape(error);
  return e.$metadata?.httpStatusCode === 429 || THROTTLING_NAMES.has(str(e.name)) || (isAwsAnswer(error) && /Rate exceeded/i.test(str(e.message)));
}

/**
 * The one timeout predicate: the run's deadline (AbortError: the AbortSignal ended the
 * call), or an attempt's own connect/response timeout (TimeoutError, ETIMEDOUT). The SDK
 * also names refused and reset connections TimeoutError: those are network failures.
 */
export function isTimeout(error: unknown): boolean {
  const e = shape(error);
  const code = str(e.code);
  if (e.name === 'AbortError' || code === 'ETIMEDOUT') return true;
  return e.name === 'TimeoutError' && !isNetworkCode(code);
}

/** The deadline (the call's AbortSignal) ended the call: its last attempt says more. */
export function isAbort(error: unknown): boolean {
  return shape(error).name === 'AbortError';
}

/** Any failure from the AWS SDK → its kind and the evidence; never throws. Frozen. */
export function classify(cause: unknown): Diagnosis {
  return Object.freeze(diagnose(cause));
}

function diagnose(cause: unknown): Diagnosis {
  const e = shape(cause);
  const name = str(e.name);
  const full = str(e.message);
  const text = full.split('\n')[0] ?? '';
  const aws = isAwsAnswer(cause);
  const status = e.$metadata?.httpStatusCode;
  const code = str(e.code) || undefined;
  // EndpointError: the SDK's endpoint rules refusing the configuration (FIPS with a custom endpoint).
  const base = { name, message: aws || name === 'EndpointError' ? text : '' };
  const denied = aws ? NOT_AUTHORIZED.exec(text) : null;

  if (isTimeout(cause)) return { ...base, kind: 'timeout', code };
  if (code && isNetworkCode(code)) return { ...base, kind: 'network', code };
  // Node's own text for these may quote a flag of its CLI (--use-system-ca): the code says it.
  if (code && isTlsCode(code) && status === undefined) return { name, message: '', kind: 'tls', code };
  if ((name === 'SyntaxError' && status === undefined) || (name === 'CredentialsProviderError' && /SyntaxError|JSON|not of the required format/.test(full))) {
    return { ...base, kind: 'bad-credentials' };
  }
  if (name === 'CredentialsProviderError' || /Could not load credentials/i.test(text)) return { ...base, kind: 'no-credentials' };
  if (/Region is missing/i.test(text)) return { ...base, kind: 'no-region' };
  // The SDK's own checks of the configuration, before any request.
  const refused = /^Region not accepted: region="(.*)" is not a valid hostname component/.exec(text);
  if (refused) return { ...base, kind: 'no-region', badRegion: refused[1] };
  if (code === 'ERR_INVALID_URL') return { ...base, kind: 'bad-endpoint' };
  // A status without an AWS body: whatever answered is not AWS (403 stays a denial: moto's
  // XML denials look just like this; 429 stays throttling, as the SDK retries it).
  const foreign = status !== undefined && !aws ? status : undefined;
  if (isThrottling(cause)) return { ...base, kind: 'throttled', status: foreign };
  if (foreign !== undefined && foreign !== 403) return { name, message: '', kind: 'not-aws', status: foreign };

  const kmsByName = /^(KMS|Kms)\w*Exception$|^DecryptionFailure$|^InvalidKeyId$|^DisabledException$/.test(name);
  const kmsAction = denied?.[2]?.startsWith('kms:');
  const deniedCall = isAccessDenied(cause);
  if (kmsByName || kmsAction || (deniedCall && aws && KMS_TEXT.test(text) && !denied?.[2]?.startsWith('ssm:') && !denied?.[2]?.startsWith('secretsmanager:'))) {
    return {
      ...base,
      kind: 'kms',
      principal: denied?.[1],
      action: 'kms:Decrypt',
      keyId: KMS_KEY.exec(text)?.[1] ?? (kmsAction ? denied?.[3] : undefined),
      keyUnusable: KMS_UNUSABLE.test(`${name} ${text}`),
    };
  }
  if (deniedCall || denied) {
    return {
      ...base,
      kind: 'access-denied',
      status: foreign,
      principal: denied?.[1],
      action: denied?.[2],
      resource: denied?.[3],
      reason: reasonOf(denied?.[4], denied?.[5]),
    };
  }
  return { ...base, kind: 'other' };
}

/**
 * One word for a failed attempt (--verbose, messages): a system error by its code
 * (ECONNREFUSED), an answer without an AWS error body by its status (HTTP 429), else the
 * error's name (ThrottlingException).
 */
export function attemptLabel(d: Diagnosis): string {
  if (d.code) return d.code;
  if (d.status !== undefined) return `HTTP ${d.status}`;
  return d.name || 'Error';
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
