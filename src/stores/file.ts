import { parseSecretArn } from '../sources/arn.js';
import { loadFile, type FileData, type FileParameter, type FileSecret } from './file-format.js';
import type { Outcome, Parameter, ParameterQuery, Secret, SecretQuery, Store } from './store.js';

/**
 * The offline store: a JSON file that stands in for Parameter Store and Secrets Manager
 * (format: file-format.ts and the README). It has no regions or accounts: an ARN is read
 * for the name inside it.
 */
export function createFileStore(file: string): Store {
  const data = loadFile(file);
  return {
    async getParametersByPath(path) {
      const below = `${path}/`;
      return [...data.parameters.values()]
        .filter((p) => p.name.startsWith(below))
        // Code-unit order: localeCompare would start ICU's collator, 10-15 ms of start-up.
        .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
        .map((p) => toParameter(p, p.versions.at(-1)!));
    },
    async getParameters(queries) {
      return queries.map((query) => parameterOutcome(data, query));
    },
    async getSecrets(queries) {
      return queries.map((query) => secretOutcome(data, query));
    },
  };
}

const MISSING = { status: 'missing', region: undefined } as const;

function parameterOutcome(data: FileData, query: ParameterQuery): Outcome<Parameter> {
  // An ARN writes `parameter/name` for both `name` and `/name`.
  const parameter = data.parameters.get(query.name) ?? (query.arn && !query.name.startsWith('/') ? data.parameters.get(`/${query.name}`) : undefined);
  if (!parameter) return MISSING;
  const version =
    query.version !== undefined
      ? parameter.versions.find((v) => v.version === query.version)
      : query.label !== undefined
        ? parameter.versions.find((v) => v.labels.includes(query.label!))
        : parameter.versions.at(-1);
  return version ? { status: 'found', value: toParameter(parameter, version) } : MISSING;
}

function toParameter(p: FileParameter, v: FileParameter['versions'][number]): Parameter {
  return { name: p.name, value: v.value, type: p.type, version: v.version };
}

function secretOutcome(data: FileData, query: SecretQuery): Outcome<Secret> {
  const secret = findSecret(data, query.secretId);
  if (!secret) return MISSING;
  const stage = query.versionStage ?? (query.versionId === undefined ? 'AWSCURRENT' : undefined);
  const version = secret.versions.find(
    (v) => (query.versionId === undefined || v.id === query.versionId) && (stage === undefined || v.stages.includes(stage)),
  );
  if (!version) return MISSING;
  return { status: 'found', value: { name: secret.name, arn: undefined, versionId: version.id, value: version.value } };
}

/** By name, or by the name inside a full ARN (`name-AbCdEf`) or a partial one (`name`). */
function findSecret(data: FileData, secretId: string): FileSecret | undefined {
  if (!secretId.startsWith('arn:')) return data.secrets.get(secretId);
  const arn = parseSecretArn(secretId);
  if (!arn.ok) return undefined;
  return data.secrets.get(arn.value.name) ?? data.secrets.get(arn.value.name.replace(/-[A-Za-z0-9]{6}$/, ''));
}
