import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Logger } from '../core/log.js';

// The reaper addon (reaper.c) for each architecture, deflated, base64, put in the bundle by
// build/reaper.mjs. Undefined when the sources run unbundled (unit tests).
declare const __SSM_ENTRYPOINT_REAPER__: Record<string, string> | undefined;

// <sys/wait.h>
const P_ALL = 0;
const P_PID = 1;
const WNOHANG = 1;
const WEXITED = 4;
const WNOWAIT = 0x01000000;

interface Addon {
  waitid(idtype: number, id: number, options: number): number;
}

export interface Reaper {
  /** How many orphans were reaped so far. */
  readonly reaped: number;
  stop(): void;
}

/**
 * As PID 1, processes whose parent died are re-parented to this process; unless it waits
 * for them they stay zombies (tini's job). Node waits only for the children libuv spawned,
 * and libuv waits for each of them by pid: reaping one of those here would steal its exit
 * status (libuv then never reports the exit). So on SIGCHLD this peeks (WNOWAIT) at the next
 * child that has exited and reaps it only if libuv did not spawn it; when the next one is
 * libuv's, libuv reaps it, and the pass runs again on that child's exit.
 *
 * Not PID 1 (ECS initProcessEnabled, docker --init, a shell above): nothing to do.
 */
export function startReaper(log: Logger): Reaper | undefined {
  if (process.pid !== 1) return undefined;
  const addon = loadAddon();
  if (typeof addon === 'string') {
    log.warn(`running as PID 1 but cannot reap orphaned processes: ${addon}`, {
      hint: 'zombies of processes that your command leaves behind will accumulate; set TMPDIR to a writable directory that allows executables, or use ECS initProcessEnabled (docker run --init)',
    });
    return undefined;
  }

  const known = new Set<number>();
  let reaped = 0;
  const pass = () => {
    for (;;) {
      const pid = addon.waitid(P_ALL, 0, WEXITED | WNOHANG | WNOWAIT);
      if (pid <= 0 || known.has(pid)) return; // none ready, no children, or libuv's to reap
      if (addon.waitid(P_PID, pid, WEXITED | WNOHANG) !== pid) return;
      reaped++;
      log.debug(`reaped orphaned process ${pid}`);
    }
  };
  // Every child Node spawns goes through ChildProcess.prototype.spawn (spawn, exec, fork,
  // the SDK's credential_process): note its pid so that only libuv reaps it.
  const proto = process.getBuiltinModule('node:child_process').ChildProcess.prototype as unknown as {
    spawn: (this: ChildProcess, ...args: unknown[]) => unknown;
  };
  const original = proto.spawn;
  proto.spawn = function (this: ChildProcess, ...args: unknown[]) {
    const result = original.apply(this, args);
    const pid = this.pid;
    if (pid !== undefined) {
      known.add(pid);
      this.once('exit', () => {
        known.delete(pid);
        setImmediate(pass);
      });
    }
    return result;
  };
  process.on('SIGCHLD', pass);
  pass();
  return {
    get reaped() {
      return reaped;
    },
    stop() {
      process.off('SIGCHLD', pass);
      proto.spawn = original;
    },
  };
}

/** Writes the addon to a private directory, loads it, removes the file (the mapping stays). */
function loadAddon(): Addon | string {
  const encoded = typeof __SSM_ENTRYPOINT_REAPER__ === 'undefined' ? undefined : __SSM_ENTRYPOINT_REAPER__[process.arch];
  if (encoded === undefined) return `this build has no reaper for linux-${process.arch}`;
  const bytes = process.getBuiltinModule('node:zlib').inflateRawSync(Buffer.from(encoded, 'base64'));
  const tried: string[] = [];
  for (const dir of [...new Set([tmpdir(), '/dev/shm', '/var/tmp', '/run'])]) {
    let own: string | undefined;
    try {
      own = mkdtempSync(path.join(dir, 'ssm-entrypoint-')); // mode 0700
      const file = path.join(own, 'reaper.node');
      writeFileSync(file, bytes, { mode: 0o500 });
      const module = { exports: {} as Addon };
      process.dlopen(module, file);
      if (typeof module.exports.waitid === 'function') return module.exports;
      tried.push(`${dir}: not the reaper`);
    } catch (error) {
      // A read-only directory (EROFS, EACCES), or one mounted noexec (dlopen's "failed to map segment").
      const e = error as NodeJS.ErrnoException;
      tried.push(`${dir}: ${e.code && e.code !== 'ERR_DLOPEN_FAILED' ? e.code : String(e.message).split('\n')[0]}`);
    } finally {
      if (own !== undefined) rmSync(own, { recursive: true, force: true });
    }
  }
  return `no temporary directory could hold and load its helper (${tried.join('; ')})`;
}
