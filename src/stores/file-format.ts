import { readFileSync } from 'node:fs';
import { UserError } from '../core/errors.js';
import { checkSecretName, checkStoredLabel, checkStoredParameterName, parameterIdentity } from '../sources/identifiers.js';
import type { ParameterType } from './store.js';

// The offline file (--from-file): read, validate, and turn into the model file.ts serves.
// Every shape error names the entry; values are never quoted in messages.

export interface FileParameterVersion {
  version: number;
  value: string;
  labels: string[];
}

export interface FileParameter {
  name: string;
  type: ParameterType;
  /** Oldest first; the last one is the current version. */
  versions: FileParameterVersion[];
}

export interface FileSecretVersion {
  id: string;
  /** undefined: a binary secret. */
  value: string | undefined;
  /** The decoded bytes of a binary secret. */
  binary?: Uint8Array;
  stages: string[];
}

export interface FileSecret {
  name: string;
  versions: FileSecretVersion[];
}

export interface FileData {
  /** By parameterIdentity: `/TestParam1` and `TestParam1` are one parameter. */
  parameters: Map<string, FileParameter>;
  secrets: Map<string, FileSecret>;
}

const TYPES: readonly ParameterType[] = ['String', 'StringList', 'SecureString'];
const CURRENT = 'AWSCURRENT';

export const FILE_FORMAT_HINT =
  'expected {"parameters": {"/name": "value" | {"type": "String|StringList|SecureString", "value": "..." | "versions": [...]}}, ' +
  '"secrets": {"name": "value" | {"value": "..." | {...}} | {"binary": "BASE64"} | {"versions": [...]}}}';

export function loadFile(file: string): FileData {
  const fail = (problem: string) => new UserError(`--from-file ${file}: ${problem}`, { hint: FILE_FORMAT_HINT });
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new UserError(`--from-file ${file}: cannot read the file (${code ?? 'error'})`, {
      hint: 'check the path and that this user may read it',
    });
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    // JSON.parse quotes the text around the error, which may be a secret: give the position only.
    const position = /position (\d+)/.exec((error as Error).message)?.[1];
    throw fail(`not valid JSON${position === undefined ? '' : ` (at character ${position})`}`);
  }
  if (!isObject(data)) throw fail('the top level is not a JSON object');
  for (const key of Object.keys(data)) {
    if (key !== 'parameters' && key !== 'secrets') throw fail(`unknown top-level key ${JSON.stringify(key)}; expected "parameters" and/or "secrets"`);
  }
  const parameters = data.parameters ?? {};
  if (!isObject(parameters)) throw fail('"parameters" is not an object');
  const secrets = data.secrets ?? {};
  if (!isObject(secrets)) throw fail('"secrets" is not an object');

  const byIdentity = new Map<string, FileParameter>();
  for (const [name, entry] of Object.entries(parameters)) {
    const parameter = readParameter(name, entry, fail);
    const other = byIdentity.get(parameterIdentity(name));
    if (other)
      throw fail(
        `parameters ${JSON.stringify(other.name)} and ${JSON.stringify(name)} are one parameter (Parameter Store treats a top-level name with and without its leading / as the same)`,
      );
    byIdentity.set(parameterIdentity(name), parameter);
  }
  return {
    parameters: byIdentity,
    secrets: new Map(Object.entries(secrets).map(([name, entry]) => [name, readSecret(name, entry, fail)])),
  };
}

type Fail = (problem: string) => UserError;

/**
 * "value" | {"type", "value"} | {"type", "versions": ["v1", {"value": "v2", "labels": ["prod"]}]}.
 * Versions are numbered from 1 in order; the last is the current one.
 */
function readParameter(name: string, entry: unknown, fail: Fail): FileParameter {
  const where = `parameter ${name}`;
  // The names Parameter Store lets you create, by the same rules as references.
  if (name.includes('/') && !name.startsWith('/')) throw fail(`parameter ${JSON.stringify(name)} must be a full name starting with /`);
  const problem = checkStoredParameterName(name);
  if (problem) throw fail(`parameter ${JSON.stringify(name)} is not a valid name: it ${problem}`);
  if (typeof entry === 'string') return { name, type: 'String', versions: [{ version: 1, value: entry, labels: [] }] };
  if (!isObject(entry)) throw fail(`${where} must be a string or an object with a string "value"`);
  checkKeys(entry, ['type', 'value', 'versions'], where, fail);
  const type = entry.type ?? 'String';
  if (!TYPES.includes(type as ParameterType)) throw fail(`${where} has unknown type ${JSON.stringify(type)}`);
  if ('value' in entry === 'versions' in entry) throw fail(`${where} must have either "value" or "versions"`);
  if ('value' in entry) {
    if (typeof entry.value !== 'string') throw fail(`${where} must be a string or an object with a string "value"`);
    return { name, type: type as ParameterType, versions: [{ version: 1, value: entry.value, labels: [] }] };
  }
  if (!Array.isArray(entry.versions) || entry.versions.length === 0) throw fail(`${where}: "versions" must be a non-empty array`);
  const seen = new Set<string>();
  const versions = entry.versions.map((item: unknown, index): FileParameterVersion => {
    const version = index + 1;
    const at = `${where} version ${version}`;
    if (typeof item === 'string') return { version, value: item, labels: [] };
    if (!isObject(item)) throw fail(`${at} must be a string or {"value": "...", "labels": [...]}`);
    checkKeys(item, ['value', 'labels'], at, fail);
    if (typeof item.value !== 'string') throw fail(`${at} needs a string "value"`);
    const labels = item.labels ?? [];
    if (!Array.isArray(labels)) throw fail(`${at}: "labels" must be an array of strings`);
    for (const label of labels) {
      const problem = typeof label === 'string' ? checkStoredLabel(label) : 'is not a valid label (a string)';
      if (problem) throw fail(`${at}: ${JSON.stringify(label)} ${problem}`);
      if (seen.has(label)) throw fail(`${where}: label ${JSON.stringify(label)} is on two versions`);
      seen.add(label);
    }
    return { version, value: item.value, labels: labels as string[] };
  });
  return { name, type: type as ParameterType, versions };
}

/**
 * "value" | {"value": "..." | {...}} | {"binary": "BASE64"} |
 * {"versions": ["old", {"id": "v2", "value": {...}, "stages": ["AWSCURRENT"]}]}.
 * A JSON value is stored as its JSON text. Version ids default to v1, v2, ...; without an
 * AWSCURRENT stage anywhere, the last version gets it.
 */
function readSecret(name: string, entry: unknown, fail: Fail): FileSecret {
  const where = `secret ${name}`;
  const problem = checkSecretName(name);
  if (problem) throw fail(`secret ${JSON.stringify(name)} ${problem}`);
  const version = (item: unknown, index: number, at: string, allowed: string[]): FileSecretVersion => {
    const id = `v${index + 1}`;
    if (typeof item === 'string') return { id, value: item, stages: [] };
    if (!isObject(item)) throw fail(`${at} must be a string or an object`);
    checkKeys(item, allowed, at, fail);
    if ('value' in item === 'binary' in item) throw fail(`${at} must have either "value" or "binary"`);
    let value: string | undefined;
    let binary: Uint8Array | undefined;
    if ('binary' in item) {
      // Strict: Buffer.from(..., 'base64') would silently skip anything that is not base64.
      if (typeof item.binary !== 'string' || !/^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/.test(item.binary)) {
        throw fail(`${at}: "binary" must be a base64 string`);
      }
      value = undefined;
      binary = Buffer.from(item.binary, 'base64');
    } else if (typeof item.value === 'string') {
      value = item.value;
    } else if (typeof item.value === 'object' && item.value !== null) {
      value = JSON.stringify(item.value);
    } else {
      throw fail(`${at}: "value" must be a string or a JSON object`);
    }
    const ownId = item.id ?? id;
    if (typeof ownId !== 'string' || ownId === '') throw fail(`${at}: "id" must be a non-empty string`);
    const stages = item.stages ?? [];
    if (!Array.isArray(stages) || stages.some((s) => typeof s !== 'string' || s === '')) throw fail(`${at}: "stages" must be an array of non-empty strings`);
    if (stages.some((s: string) => s.length > 256)) throw fail(`${at}: a stage has more than 256 characters (Secrets Manager's limit)`);
    return { id: ownId, value, ...(binary && { binary }), stages: stages as string[] };
  };

  let versions: FileSecretVersion[];
  if (isObject(entry) && 'versions' in entry) {
    checkKeys(entry, ['versions'], where, fail);
    if (!Array.isArray(entry.versions) || entry.versions.length === 0) throw fail(`${where}: "versions" must be a non-empty array`);
    versions = entry.versions.map((item: unknown, index) => version(item, index, `${where} version ${index + 1}`, ['id', 'value', 'binary', 'stages']));
  } else {
    if (!(typeof entry === 'string' || isObject(entry))) throw fail(`${where} must be a string or an object`);
    versions = [version(entry, 0, where, ['value', 'binary'])];
  }

  const ids = new Set<string>();
  const stages = new Set<string>();
  for (const v of versions) {
    if (ids.has(v.id)) throw fail(`${where}: version id ${JSON.stringify(v.id)} is used twice`);
    ids.add(v.id);
    for (const stage of v.stages) {
      if (stages.has(stage)) throw fail(`${where}: stage ${JSON.stringify(stage)} is on two versions`);
      stages.add(stage);
    }
  }
  if (!stages.has(CURRENT)) versions.at(-1)!.stages.push(CURRENT);
  return { name, versions };
}

function checkKeys(entry: Record<string, unknown>, allowed: string[], where: string, fail: Fail): void {
  for (const key of Object.keys(entry)) {
    if (!allowed.includes(key)) throw fail(`${where} has unknown field ${JSON.stringify(key)} (allowed: ${allowed.join(', ')})`);
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
