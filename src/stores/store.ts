import type { Logger } from '../core/log.js';
import { classify, type Diagnosis } from './classify.js';

export type ParameterType = 'String' | 'StringList' | 'SecureString';

export interface Parameter {
  /** Full name, `/a/b/c`. */
  name: string;
  value: string;
  type: ParameterType;
  version: number | undefined;
}

export interface FetchContext {
  signal: AbortSignal;
  log: Logger;
}

/** GetParameters takes at most 10 names a call. */
export const PARAMETERS_PER_CALL = 10;
/** BatchGetSecretValue takes at most 20 secret ids a call. */
export const SECRETS_PER_CALL = 20;

/** One parameter to read: its current version, a version, or the version with a label. */
export interface ParameterQuery {
  /** `/a/b` or `name`; for an ARN, the name inside it. */
  name: string;
  /** The full ARN (without selector): ask by ARN (cross-account, cross-region). */
  arn: string | undefined;
  version: number | undefined;
  label: string | undefined;
  /** undefined: --region or the SDK chain. */
  region: string | undefined;
}

/** One secret to read: AWSCURRENT, or a version stage and/or version id. */
export interface SecretQuery {
  /** A name, a partial ARN or a full ARN. */
  secretId: string;
  versionStage: string | undefined;
  versionId: string | undefined;
  /** undefined: --region or the SDK chain. */
  region: string | undefined;
}

/** A query for a version stage or id, not AWSCURRENT: only GetSecretValue can ask for one (BatchGetSecretValue cannot). */
export function isVersioned(query: Pick<SecretQuery, 'versionStage' | 'versionId'>): boolean {
  return query.versionStage !== undefined || query.versionId !== undefined;
}

export interface Secret {
  name: string;
  arn: string | undefined;
  versionId: string | undefined;
  /** SecretString; undefined when the secret holds SecretBinary instead. */
  value: string | undefined;
  /** SecretBinary, the bytes as stored; only a file (NAME_FILE, --file-vars) can take them. */
  binary?: Uint8Array | undefined;
}

export interface CallerIdentity {
  arn: string;
  account: string;
  region: string | undefined;
  /** The SDK's record of the credential provider that answered (its `$source` feature names). */
  credentialFeatures?: string[];
}

/** The region the SDK uses, and where it found it ('--region', 'AWS_REGION', a profile, instance metadata). */
export interface RegionAnswer {
  region: string | undefined;
  source: string | undefined;
  /** The SDK refuses it (`AWS_REGION=""` is taken as is, not as unset). */
  invalid?: boolean;
}

/** The answer for one query of a call. */
export type Outcome<T> =
  | { status: 'found'; value: T }
  /** The store says it does not exist (name, version, label, stage or version id). */
  | { status: 'missing'; region: string | undefined }
  /** This item failed on its own (e.g. an entry of BatchGetSecretValue's Errors). */
  | { status: 'failed'; error: StoreError };

/**
 * What the rest of the tool needs from Parameter Store / Secrets Manager. The AWS SDK
 * lives only behind this interface (stores/aws-*.ts); the offline JSON file is another
 * implementation (stores/file.ts). Failures are thrown as UserError/StoreError.
 */
export interface Store {
  /** Every parameter below `path` (`/a/b`), recursively, decrypted, all pages. */
  getParametersByPath(path: string, ctx: FetchContext): Promise<Parameter[]>;
  /**
   * The parameters of one call, decrypted; one Outcome per query, in order. The caller
   * (resolve/batch.ts) keeps a call to one region, at most PARAMETERS_PER_CALL queries
   * and one query per parameter name. A failure of the whole call is thrown.
   */
  getParameters(queries: readonly ParameterQuery[], ctx: FetchContext): Promise<Outcome<Parameter>[]>;
  /**
   * The secrets of one call; one Outcome per query, in order. The caller keeps a call to
   * one region and at most SECRETS_PER_CALL queries; queries with a version stage or id
   * come alone. A failure of the whole call is thrown.
   */
  getSecrets(queries: readonly SecretQuery[], ctx: FetchContext): Promise<Outcome<Secret>[]>;
  /** Who this store reads as (sts:GetCallerIdentity); undefined offline. Throws StoreError. */
  identity?(ctx: FetchContext): Promise<CallerIdentity>;
  /** The default region as the SDK resolves it; undefined offline. */
  region?(): Promise<RegionAnswer>;
}

/** The AWS service of a store call, as IAM names it (the prefix of its actions). */
export type Service = 'ssm' | 'secretsmanager' | 'sts';

/**
 * A store call that failed, as facts: which call (service and action, on which targets,
 * in which region), what its error was (classified), and, when the deadline ended its
 * retries, what its last attempt was. `diagnose/` turns it into a message with the fix.
 * Immutable: what is learnt later (the principal, from STS) makes a new one.
 */
export class StoreError extends Error {
  readonly service: Service;
  /** The API action, `GetParametersByPath`. */
  readonly action: string;
  /** What the call asked for: the path, the names (with `:version`/`:label`), the secret ids. */
  readonly targets: readonly string[];
  readonly region: string | undefined;
  /** The error the call ended with. */
  readonly diagnosis: Diagnosis;
  /** The last attempt that failed before the call ended (throttled, refused, ...); undefined if none did. */
  readonly lastAttempt: Diagnosis | undefined;
  /** Who was denied: from AWS's message, or else (moto's 403s) from sts:GetCallerIdentity. */
  readonly principal: string | undefined;

  constructor(details: {
    service: Service;
    action: string;
    targets: readonly string[];
    region?: string | undefined;
    cause: unknown;
    lastAttempt?: Diagnosis | undefined;
    principal?: string | undefined;
  }) {
    super(`${details.service}:${details.action} ${details.targets.join(', ')} failed`, { cause: details.cause });
    this.name = 'StoreError';
    this.service = details.service;
    this.action = details.action;
    this.targets = Object.freeze([...details.targets]);
    this.region = details.region;
    this.diagnosis = classify(details.cause);
    this.lastAttempt = details.lastAttempt;
    this.principal = this.diagnosis.principal ?? details.principal;
  }

  /** `ssm:GetParametersByPath`, as IAM writes the action. */
  get operation(): string {
    return `${this.service}:${this.action}`;
  }

  /** The same failure, with the principal found by other means (AWS's message wins). */
  withPrincipal(principal: string | undefined): StoreError {
    const { service, action, targets, region, cause, lastAttempt } = this;
    return new StoreError({ service, action, targets, region, cause, lastAttempt, principal });
  }
}
