// Minimal root file systems from Debian packages, and running a program in one as PID 1
// of a new PID namespace (unshare + chroot): what a container runtime does, without one.
// Packages come from `apt-get download` (the machine's apt sources) and are cached in
// .cache/debs/; the roots are temporary directories.
import { spawnSync } from 'node:child_process';
import { chmodSync, copyFileSync, existsSync, linkSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { execa, type ResultPromise } from 'execa';
import { ROOT } from '../e2e/artifacts.js';

const DEBS = path.join(ROOT, '.cache/debs');

/** Why root file system tests cannot run here, or undefined if they can. */
export function rootfsUnavailable(): string | undefined {
  if (process.platform !== 'linux') return 'not Linux';
  if (process.getuid?.() !== 0) return 'needs root (unshare --pid and chroot); run the tests as root, as CI does';
  for (const tool of ['/usr/bin/unshare', '/usr/sbin/chroot', '/usr/bin/dpkg-deb', '/usr/bin/apt-get']) {
    if (!existsSync(tool)) return `${tool} not found (util-linux, coreutils, dpkg, apt)`;
  }
  return undefined;
}

/**
 * The .deb files of `names` for this machine's architecture, downloaded once. Returns a
 * reason instead when they cannot be fetched. apt-get download needs only apt's package
 * lists, not root; when they are missing or stale (a 404), root refreshes them once.
 */
export function debianPackages(names: readonly string[]): { debs: string[] } | { unavailable: string } {
  const arch = spawnSync('dpkg', ['--print-architecture'], { encoding: 'utf8' }).stdout?.trim();
  if (!arch) return { unavailable: 'dpkg --print-architecture failed' };
  mkdirSync(DEBS, { recursive: true });
  const cached = () => names.map((name) => readdirSync(DEBS).find((f) => f.startsWith(`${name}_`) && f.endsWith(`_${arch}.deb`)));
  const missing = names.filter((_, i) => cached()[i] === undefined);
  if (missing.length > 0) {
    // Into a directory of its own first, so that a failed or concurrent download leaves no half file.
    const tmp = mkdtempSync(path.join(DEBS, '.download-'));
    chmodSync(tmp, 0o755); // apt's _apt user writes there when apt-get runs as root
    try {
      const download = () => spawnSync('apt-get', ['download', ...missing.map((name) => `${name}:${arch}`)], { cwd: tmp, encoding: 'utf8' });
      let r = download();
      if (r.status !== 0 && process.getuid?.() === 0) {
        const update = spawnSync('apt-get', ['update'], { encoding: 'utf8' });
        if (update.status === 0) r = download();
      }
      if (r.status !== 0) {
        const why =
          (r.stderr || r.error?.message || '')
            .trim()
            .split('\n')
            .filter((l) => l.startsWith('E:'))
            .join(' ') || `exit ${r.status}`;
        return { unavailable: `apt-get download ${missing.join(' ')} failed: ${why}` };
      }
      for (const file of readdirSync(tmp)) renameSync(path.join(tmp, file), path.join(DEBS, file));
    } finally {
      rmSync(tmp, { recursive: true, force: true });
    }
  }
  const found = cached();
  const absent = names.filter((_, i) => found[i] === undefined);
  if (absent.length > 0) return { unavailable: `apt-get download did not produce ${absent.join(', ')}` };
  return { debs: found.map((f) => path.join(DEBS, f!)) };
}

export interface RootFile {
  /** Copied (hard-linked when possible) from this host path... */
  from?: string;
  /** ...or written with this content. */
  text?: string;
  mode?: number;
}

/** A temporary root: the packages unpacked (no maintainer scripts, as in a distroless image), plus files. */
export function makeRoot(debs: readonly string[], files: Record<string, RootFile> = {}): { dir: string; remove(): void } {
  const dir = mkdtempSync(path.join(tmpdir(), 'ssm-entrypoint-rootfs-'));
  for (const deb of debs) {
    const r = spawnSync('dpkg-deb', ['-x', deb, dir], { encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`dpkg-deb -x ${deb}: ${r.stderr}`);
  }
  mkdirSync(path.join(dir, 'proc'), { recursive: true });
  mkdirSync(path.join(dir, 'tmp'), { recursive: true, mode: 0o1777 });
  for (const [name, file] of Object.entries(files)) {
    const target = path.join(dir, name);
    mkdirSync(path.dirname(target), { recursive: true });
    if (file.from !== undefined) {
      try {
        linkSync(file.from, target);
      } catch {
        copyFileSync(file.from, target);
      }
    } else {
      writeFileSync(target, file.text ?? '');
    }
    if (file.mode !== undefined) chmodSync(target, file.mode);
  }
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/**
 * Runs argv inside `root` as PID 1 of a new PID namespace, with /proc of that namespace
 * mounted in the root and exactly `env` (through `env -i`: tap adds its loader to the
 * NODE_OPTIONS of every child it sees).
 */
export function runInRoot(root: string, argv: readonly string[], env: Record<string, string>): ResultPromise<{ reject: false; stripFinalNewline: false }> {
  const assignments = Object.entries(env).map(([key, value]) => `${key}=${value}`);
  return execa(
    '/usr/bin/env',
    ['-i', ...assignments, '/usr/bin/unshare', '--pid', '--fork', `--mount-proc=${path.join(root, 'proc')}`, '/usr/sbin/chroot', root, ...argv],
    {
      reject: false,
      stripFinalNewline: false,
    },
  );
}

/** The host PID of the namespace's PID 1 (the child `unshare --fork` made), once it exists. */
export async function pidOne(unsharePid: number): Promise<number> {
  for (let i = 0; i < 500; i++) {
    try {
      const child = readFileSync(`/proc/${unsharePid}/task/${unsharePid}/children`, 'utf8').trim().split(' ')[0];
      if (child) return Number(child);
    } catch {
      // not yet
    }
    await new Promise((r) => setTimeout(r, 10));
  }
  throw new Error(`unshare (pid ${unsharePid}) started no child`);
}
