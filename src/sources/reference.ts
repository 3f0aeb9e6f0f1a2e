import { UserError } from '../core/errors.js';
import { looksLikeArn, parseParameterArn, parseSecretArn } from './arn.js';
import { checkSecretName, normalizeParameterName, parseSelector, SECRET_ID_MAX } from './identifiers.js';

export const PARAMETER_SCHEME = 'ssm://';
export const SECRET_SCHEME = 'sm://';

/** A parameter named by a reference: `ssm://NAME[:VERSION|:LABEL]` or `ssm://ARN[...]`. */
export interface ParameterRef {
  kind: 'parameter';
  /** `/a/b` or `name`; for an ARN, the name inside it. */
  name: string;
  /** The full ARN (without selector) when the reference was one. */
  arn: string | undefined;
  version: number | undefined;
  label: string | undefined;
  /** The region of the ARN; otherwise undefined (--region or the SDK chain). */
  region: string | undefined;
}

/** A secret named by a reference: `sm://SECRET[:JSON_KEY[:VERSION_STAGE[:VERSION_ID]]]`. */
export interface SecretRef {
  kind: 'secret';
  /** A name, a partial ARN or a full ARN, as written. */
  secretId: string;
  jsonKey: string | undefined;
  versionStage: string | undefined;
  versionId: string | undefined;
  /** The region of the ARN; otherwise undefined. */
  region: string | undefined;
}

/** An environment variable whose value is a reference; its value is replaced. */
export interface ReferenceSource {
  kind: 'reference';
  /** The variable that holds the reference (and receives the value). */
  variable: string;
  /** The reference as written; a pointer, not a secret, so it may be shown. */
  reference: string;
  target: ParameterRef | SecretRef;
}

const SYNTAX =
  'references are ssm://NAME, ssm://NAME:VERSION, ssm://NAME:LABEL, ssm://arn:aws:ssm:REGION:ACCOUNT:parameter/NAME, ' +
  'or sm://SECRET[:JSON_KEY[:VERSION_STAGE[:VERSION_ID]]] with SECRET a name or ARN';

/** Exactly the values this tool replaces: nothing else is ever touched. */
export function isReference(value: string): boolean {
  return value.startsWith(PARAMETER_SCHEME) || value.startsWith(SECRET_SCHEME);
}

/** `variable=value` (a reference, see isReference) → what it points to; malformed: exit 125. */
export function parseReference(variable: string, value: string): ReferenceSource {
  const fail = (problem: string) => new UserError(`${variable}: the reference ${JSON.stringify(value)} ${problem}`, { hint: SYNTAX });
  const target = value.startsWith(PARAMETER_SCHEME)
    ? parseParameterRef(value.slice(PARAMETER_SCHEME.length))
    : parseSecretRef(value.slice(SECRET_SCHEME.length));
  if (typeof target === 'string') throw fail(target);
  return { kind: 'reference', variable, reference: value, target };
}

function parseParameterRef(body: string): ParameterRef | string {
  if (looksLikeArn(body)) {
    const arn = parseParameterArn(body);
    if (!arn.ok) return arn.problem;
    const name = normalizeParameterName(arn.value.name);
    if (!name.ok) return name.problem;
    const selector = arn.value.selector === undefined ? undefined : parseSelector(arn.value.selector);
    if (selector && !selector.ok) return selector.problem;
    return {
      kind: 'parameter',
      name: name.value,
      arn: arn.value.arn,
      version: selector?.value.version,
      label: selector?.value.label,
      region: arn.value.region,
    };
  }
  // Parameter names cannot contain ':', so a second one is a mistake, not part of a name.
  const fields = body.split(':');
  if (fields.length > 2) return "has more than one ':' (parameter names cannot contain ':'; for an ARN write ssm://arn:aws:ssm:...)";
  const name = normalizeParameterName(fields[0]!);
  if (!name.ok) return name.problem;
  const selector = fields[1] === undefined ? undefined : parseSelector(fields[1]);
  if (selector && !selector.ok) return selector.problem;
  return { kind: 'parameter', name: name.value, arn: undefined, version: selector?.value.version, label: selector?.value.label, region: undefined };
}

/**
 * The suffix is ECS `valueFrom` syntax: empty fields mean "the default", and trailing
 * colons are allowed (`sm://prod/db:password::`). A full ARN has colons of its own, so
 * it is read first (seven fields), then the suffix.
 */
function parseSecretRef(body: string): SecretRef | string {
  let secretId: string;
  let region: string | undefined;
  let rest: string[];
  if (looksLikeArn(body)) {
    const arn = parseSecretArn(body);
    if (!arn.ok) return arn.problem;
    const problem = checkSecretName(arn.value.name, true);
    if (problem) return problem;
    ({ arn: secretId, region, rest } = arn.value);
  } else {
    const fields = body.split(':');
    secretId = fields[0]!;
    rest = fields.slice(1);
    const problem = checkSecretName(secretId);
    if (problem) return problem;
  }
  if (rest.length > 3) {
    return "has too many ':' fields: after the secret come at most JSON_KEY, VERSION_STAGE and VERSION_ID";
  }
  if (secretId.length > SECRET_ID_MAX) return `names a secret id of ${secretId.length} characters; Secrets Manager takes at most ${SECRET_ID_MAX}`;
  const [jsonKey, versionStage, versionId] = rest.map((field) => (field === '' ? undefined : field));
  if (versionStage !== undefined && VERSION_ID_LIKE.test(versionStage)) {
    // ECS reads the fields by position: a version id one field too early is a stage that
    // does not exist. Say so here rather than "version stage ... not found" later.
    const key = jsonKey ?? '';
    return (
      `has ${versionStage} in the VERSION_STAGE field, which looks like a version id: the fields are SECRET:JSON_KEY:VERSION_STAGE:VERSION_ID (ECS valueFrom); ` +
      `for that version id write sm://${secretId}:${key}::${versionStage}, for a stage and a version id sm://${secretId}:${key}:STAGE:${versionStage}`
    );
  }
  return { kind: 'secret', secretId, jsonKey, versionStage, versionId, region };
}

/**
 * A version id as Secrets Manager makes them: a UUID (letters allowed where AWS's own
 * examples put them, `a1b2c3d4-5678-90ab-cdef-EXAMPLE11111`). No stage looks like this.
 */
const VERSION_ID_LIKE = /^[0-9A-Za-z]{8}-[0-9A-Za-z]{4}-[0-9A-Za-z]{4}-[0-9A-Za-z]{4}-[0-9A-Za-z]{12}$/;
