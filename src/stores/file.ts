import { parseSecretArn } from '../sources/arn.js';
import { parameterIdentity, SECRET_ARN_SUFFIX } from '../sources/identifiers.js';
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
      return (
        [...data.parameters.values()]
          .filter((p) => p.name.startsWith(below))
          // Code-unit order: localeCompare would start ICU's collator, 10-15 ms of start-up.
          .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
          .map((p) => toParameter(p, p.versions.at(-1)!))
      );
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
  // As Parameter Store: `name` and `/name` are one parameter (an ARN writes `parameter/name` for both).
  const parameter = data.parameters.get(parameterIdentity(query.name));
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
  const version = secret.versions.find((v) => (query.versionId === undefined || v.id === query.versionId) && (stage === undefined || v.stages.includes(stage)));
  if (!version) return MISSING;
  return {
    status: 'found',
    value: { name: secret.name, arn: undefined, versionId: version.id, value: version.value, ...(version.binary && { binary: version.binary }) },
  };
}

/**
 * By name, or by the name inside an ARN. As Secrets Manager does, an ARN whose name ends
 * in `-` and 6 letters or digits is a full ARN (`prod/db-AbCdEf` is secret `prod/db`);
 * any other is a partial ARN, the name itself.
 */
function findSecret(data: FileData, secretId: string): FileSecret | undefined {
  if (!secretId.startsWith('arn:')) return data.secrets.get(secretId);
  const arn = parseSecretArn(secretId);
  if (!arn.ok) return undefined;
  const name = arn.value.name;
  return SECRET_ARN_SUFFIX.test(name) ? data.secrets.get(name.replace(SECRET_ARN_SUFFIX, '')) : data.secrets.get(name);
}
