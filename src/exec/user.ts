import { readFileSync } from 'node:fs';
import { UserError } from '../core/errors.js';

export interface Identity {
  name: string;
  uid: number;
  gid: number;
  /** Supplementary groups, the primary one included. */
  groups: number[];
  /** From /etc/passwd; `/` for a uid that is not there (as su-exec and gosu). */
  home: string;
}

interface PasswdEntry {
  name: string;
  uid: number;
  gid: number;
  home: string;
}
interface GroupEntry {
  name: string;
  gid: number;
  members: string[];
}

/**
 * `--user USER[:GROUP]` (names or numeric ids) → who to become, read from /etc/passwd
 * and /etc/group as the C library would, with the groups gosu and su-exec give: with
 * GROUP, that group alone; without, USER's primary group and the groups that list USER.
 * A numeric uid need not exist in /etc/passwd (as with `docker run --user 1000`); its
 * group is then the uid, or GROUP, and its HOME `/`.
 */
export function lookupIdentity(spec: string, files = { passwd: '/etc/passwd', group: '/etc/group' }): Identity {
  const [userPart = '', groupPart, extra] = spec.split(':');
  if (userPart === '' || groupPart === '' || extra !== undefined) {
    throw new UserError(`--user ${JSON.stringify(spec)} is not USER[:GROUP]`, { hint: 'e.g. --user app, --user app:app or --user 1000:1000' });
  }
  const users = readTable(files.passwd).map(([name, , uid, gid, , home]): PasswdEntry => ({
    name: name!,
    uid: Number(uid),
    gid: Number(gid),
    home: home ?? '',
  }));
  const groups = readTable(files.group).map(([name, , gid, members]): GroupEntry => ({
    name: name!,
    gid: Number(gid),
    members: members ? members.split(',') : [],
  }));

  const numeric = /^\d+$/.test(userPart);
  const user = users.find((u) => (numeric ? u.uid === Number(userPart) : u.name === userPart));
  if (!user && !numeric) {
    throw new UserError(`--user: no user named ${JSON.stringify(userPart)} in /etc/passwd`, { hint: 'create it in the image (useradd) or give a numeric uid' });
  }
  const uid = user?.uid ?? Number(userPart);

  let gid = user?.gid ?? uid;
  if (groupPart !== undefined) {
    const group = /^\d+$/.test(groupPart) ? { gid: Number(groupPart) } : groups.find((g) => g.name === groupPart);
    if (!group) {
      throw new UserError(`--user: no group named ${JSON.stringify(groupPart)} in /etc/group`, {
        hint: 'create it in the image (groupadd) or give a numeric gid',
      });
    }
    gid = group.gid;
  }
  const supplementary = user && groupPart === undefined ? groups.filter((g) => g.members.includes(user.name)).map((g) => g.gid) : [];
  return { name: user?.name ?? userPart, uid, gid, groups: [...new Set([gid, ...supplementary])], home: user?.home || '/' };
}

/**
 * Becomes `identity`: groups, then gid, then uid (after setuid the others are no longer
 * allowed). Only root may do this.
 */
export function dropPrivileges(identity: Identity): void {
  assertRoot(identity);
  process.setgroups!(identity.groups);
  process.setgid!(identity.gid);
  process.setuid!(identity.uid);
}

export function assertRoot(identity: Identity): void {
  if (process.getuid?.() !== 0) {
    throw new UserError(`--user ${identity.name} needs to start as root (this process runs as uid ${process.getuid?.()})`, {
      hint: 'remove USER from the Dockerfile and let --user switch after fetching, or drop --user',
    });
  }
}

/**
 * HOME for the command: the target user's, unless the environment set HOME to something
 * other than the current user's home (Docker sets HOME=/root for root by default).
 */
export function withHome(identity: Identity, env: Record<string, string>, files = { passwd: '/etc/passwd' }): Record<string, string> {
  const uid = process.getuid?.();
  const current = readTable(files.passwd).find((row) => Number(row[2]) === uid)?.[5];
  if (env.HOME !== undefined && env.HOME !== current) return env;
  return { ...env, HOME: identity.home };
}

function readTable(file: string): string[][] {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return [];
  }
  return text
    .split('\n')
    .filter((line) => line !== '' && !line.startsWith('#'))
    .map((line) => line.split(':'));
}
