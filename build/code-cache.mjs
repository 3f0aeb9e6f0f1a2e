// Whether V8 accepts a code cache: the build's check of the SDK's cache in the single
// executable (README, Development). V8 silently compiles from scratch when the cache was
// made by another V8 version, with other flags, or for another source; the executable
// then still works, only each start with a source is about 25 ms slower. So the build asks
// the Node the executable embeds, run with the executable's own flags.
import { execFileSync } from 'node:child_process';

// Compiles the source with the cache as the single executable does, and prints what V8 said.
const PROBE = `
const { readFileSync } = require('node:fs');
const { Script } = require('node:vm');
const [source, cache, filename] = process.argv.slice(1);
const script = new Script(readFileSync(source, 'utf8'), { filename, cachedData: readFileSync(cache) });
process.stdout.write(script.cachedDataRejected ? 'rejected' : 'accepted');
`;

/**
 * @param {{ node: string, execArgv: string[], source: string, cache: string, filename: string }} options
 *   `node` run with `execArgv` (the executable's flags) compiles the file `source` with the file `cache`.
 * @returns {boolean} true when V8 rejected the cache
 */
export function codeCacheRejected({ node, execArgv, source, cache, filename }) {
  const answer = execFileSync(node, [...execArgv, '-e', PROBE, source, cache, filename], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  if (answer !== 'accepted' && answer !== 'rejected') throw new Error(`the code cache probe printed ${JSON.stringify(answer)}`);
  return answer === 'rejected';
}
