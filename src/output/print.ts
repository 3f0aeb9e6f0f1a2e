import type { PrintFormat } from '../cli/config.js';
import type { Variable } from '../env/build.js';
import { compareNames } from '../env/names.js';
import { FailureList, UserError } from '../core/errors.js';
import { singleQuote } from './quote.js';

/**
 * --print: the variables this tool set (not those --no-overwrite kept), in a format
 * another program reads back exactly.
 */
export function formatVariables(variables: readonly Variable[], format: PrintFormat): string {
  const set = variables.filter((v) => !v.kept).sort((a, b) => compareNames(a.name, b.name));
  switch (format) {
    case 'json':
      return `${JSON.stringify(Object.fromEntries(set.map((v) => [v.name, v.value])), null, 2)}\n`;
    case 'env':
      return envFile(set);
    case 'shell':
      // Always quoted: `export A='x'` reads the same for every value; eval restores it byte for byte.
      return set.map((v) => `export ${v.name}=${singleQuote(v.value)}\n`).join('');
  }
}

/** `docker run --env-file` reads one NAME=value a line, literally: no quoting, no newlines. */
function envFile(variables: readonly Variable[]): string {
  const bad = variables.filter((v) => /[\r\n]/.test(v.value));
  if (bad.length > 0) {
    throw new FailureList(
      bad.map(
        (v) =>
          new UserError(`the value of ${v.name} contains a line break, which an env file cannot hold`, {
            hint: 'use --format shell or --format json for this value',
          }),
      ),
    );
  }
  return variables.map((v) => `${v.name}=${v.value}\n`).join('');
}
