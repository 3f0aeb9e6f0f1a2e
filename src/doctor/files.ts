import { accessSync, constants, lstatSync, statfsSync } from 'node:fs';
import path from 'node:path';
import type { BuildOptions } from '../cli/config.js';
import type { Check } from '../output/doctor.js';
import type { Plan } from '../sources/plan.js';
import { baseOfFileVariable } from '../files/names.js';
import { fileSelector } from '../files/plan.js';

// statfs f_type of the file systems that keep files in memory only (linux/magic.h).
const MEMORY = new Map([
  [0x01021994, 'tmpfs'],
  [0x858458f6, 'ramfs'],
]);
const KNOWN = new Map([
  [0x794c7630, 'overlay'],
  [0xef53, 'ext4'],
  [0x58465342, 'xfs'],
  [0x9123683e, 'btrfs'],
  [0x6969, 'nfs'],
]);

/**
 * --doctor, when files are asked for (a NAME_FILE reference, --file-vars, --secrets-dir):
 * the directory can be written, and it is on a memory file system (a secret written to a
 * disk-backed one may outlive the container).
 */
export function secretsDirCheck(config: Pick<BuildOptions, 'fileVars' | 'secretsDir'>, plan: Plan): Check | undefined {
  const wanted = config.fileVars.length > 0 || config.secretsDir !== undefined || plan.references.some((r) => baseOfFileVariable(r.variable) !== undefined);
  if (!wanted) return undefined;
  const name = 'secrets directory';
  const { dir } = fileSelector({ dir: config.secretsDir, patterns: [] });
  let existing = dir;
  while (!exists(existing) && existing !== path.dirname(existing)) existing = path.dirname(existing);
  const st = lstatSync(existing);
  if (existing === dir && st.isSymbolicLink())
    return { name, status: 'fail', detail: `${dir} is a symbolic link`, fix: 'remove it: the tool refuses to follow it' };
  try {
    accessSync(existing, constants.W_OK);
  } catch {
    return {
      name,
      status: 'fail',
      detail: `${existing} is not writable by this user`,
      fix: 'run as root (with --user to drop privileges) or choose a writable --secrets-dir',
    };
  }
  const type = statfsSync(existing).type;
  const where = existing === dir ? dir : `${dir} (to be created in ${existing})`;
  const fs = MEMORY.get(type);
  if (fs) return { name, status: 'pass', detail: `${where}: writable, in memory (${fs})` };
  return {
    name,
    status: 'warn',
    detail: `${where}: writable, but on a disk-backed file system (${KNOWN.get(type) ?? `type 0x${type.toString(16)}`})`,
    fix: 'secrets written there can reach the disk: use /dev/shm (the default) or a tmpfs mount for --secrets-dir',
  };
}

function exists(file: string): boolean {
  try {
    lstatSync(file);
    return true;
  } catch {
    return false;
  }
}
