import { allowedNames } from '../env/dangerous.js';
import { buildEnv, type Env } from '../env/build.js';
import type { Fetched } from '../resolve/resolve.js';
import { placeFiles, takeBinaries, type FileSelector, type Placed } from './plan.js';

export interface AssembleOptions {
  overwrite: boolean;
  /** --allow-name entries. */
  allowNames: readonly string[];
  files: FileSelector;
}

/**
 * Fetched values → the command's environment and the files to write. The one way a run, a
 * refresh under --watch and --doctor build it, so the doctor passes where a run starts.
 */
export function assemble(base: Env, fetched: Fetched, options: AssembleOptions): Placed {
  const { fetched: forEnv, binaries } = takeBinaries(fetched, options.files);
  const built = buildEnv(base, forEnv, { overwrite: options.overwrite, allowName: allowedNames(options.allowNames) });
  return placeFiles(built, options.files, binaries);
}
