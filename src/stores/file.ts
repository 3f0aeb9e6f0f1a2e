import { readFileSync } from 'node:fs';
import { UserError } from '../report/errors.js';
import type { Parameter, ParameterType, Store } from './store.js';

const TYPES: readonly ParameterType[] = ['String', 'StringList', 'SecureString'];

/**
 * The offline store: a JSON file that stands in for Parameter Store.
 *   { "parameters": { "/app/db/user": "admin",
 *                     "/app/db/password": { "type": "SecureString", "value": "..." } } }
 */
export function createFileStore(file: string): Store {
  const parameters = loadParameters(file);
  return {
    async getParametersByPath(path) {
      const below = `${path}/`;
      return parameters.filter((p) => p.name.startsWith(below)).sort((a, b) => a.name.localeCompare(b.name));
    },
  };
}

function loadParameters(file: string): Parameter[] {
  const fail = (problem: string) =>
    new UserError(`--from-file ${file}: ${problem}`, {
      hint: 'expected {"parameters": {"/name": "value" | {"type": "String|StringList|SecureString", "value": "..."}}}',
    });
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
    throw fail(`not valid JSON (${(error as Error).message})`);
  }
  if (!isObject(data)) throw fail('the top level is not a JSON object');
  const entries = data.parameters ?? {};
  if (!isObject(entries)) throw fail('"parameters" is not an object');
  return Object.entries(entries).map(([name, entry]): Parameter => {
    if (!name.startsWith('/')) throw fail(`parameter ${JSON.stringify(name)} must be a full name starting with /`);
    if (typeof entry === 'string') return { name, value: entry, type: 'String', version: 1 };
    if (!isObject(entry) || typeof entry.value !== 'string') {
      throw fail(`parameter ${name} must be a string or an object with a string "value"`);
    }
    const type = entry.type ?? 'String';
    if (!TYPES.includes(type as ParameterType)) throw fail(`parameter ${name} has unknown type ${JSON.stringify(type)}`);
    return { name, value: entry.value, type: type as ParameterType, version: 1 };
  });
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
