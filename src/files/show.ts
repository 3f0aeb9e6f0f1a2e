import { userInfo } from 'node:os';
import type { Identity } from '../exec/user.js';
import type { Owner } from './dir.js';
import type { PlannedFile } from './plan.js';
import { FILE_MODE } from './write.js';

/** What --dry-run shows of a file: never its content unless --show-values. */
export interface FileRow {
  path: string;
  variable: string;
  mode: string;
  owner: string;
  value: string;
}

/** The --user target, or undefined: the files then belong to this process. */
export function ownerOf(identity: Identity | undefined): Owner | undefined {
  return identity && { uid: identity.uid, gid: identity.gid, label: `${identity.name} (${identity.uid}:${identity.gid})` };
}

export function fileRows(files: readonly PlannedFile[], owner: Owner | undefined, showValues: boolean): FileRow[] {
  const label = owner?.label ?? selfLabel();
  return files.map((f) => ({
    path: f.path,
    variable: f.variable,
    mode: `0${FILE_MODE.toString(8)}`,
    owner: label,
    value: showValues ? shown(f.bytes) : `*** (${f.bytes.length} bytes)`,
  }));
}

/** Text as is when it is UTF-8; other bytes as base64, marked. */
function shown(bytes: Uint8Array): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return `base64:${Buffer.from(bytes).toString('base64')}`;
  }
}

function selfLabel(): string {
  const uid = process.geteuid?.() ?? -1;
  const gid = process.getegid?.() ?? -1;
  let name = String(uid);
  try {
    name = userInfo().username;
  } catch {
    // a uid without a passwd entry
  }
  return `${name} (${uid}:${gid})`;
}
