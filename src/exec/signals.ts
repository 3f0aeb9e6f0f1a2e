// Signal dispositions of this Node process that must not reach the command, or open a debugger.

/**
 * Node ignores SIGPIPE and SIGXFSZ, and execve keeps ignored signals ignored: the command
 * would start with them ignored (`yes | head` in a script would behave differently than
 * without the entrypoint). Adding and removing a listener makes libuv restore SIG_DFL.
 * Called last before execve: from here on a write to a closed pipe ends this process.
 */
export function restoreDefaultSignals(): void {
  const listener = () => {};
  for (const signal of ['SIGPIPE', 'SIGXFSZ'] as const) {
    process.on(signal, listener);
    process.off(signal, listener);
  }
}

let inspectorGuard: (() => void) | undefined;

/**
 * SIGUSR1 makes Node open its inspector on 127.0.0.1:9229, where any local process could read
 * the credentials and values this process holds. A listener replaces Node's handler: until
 * the command runs, SIGUSR1 is ignored (it is an app's signal, not a stop signal). Installed
 * when this module loads, which main.ts does first. (Node's --disable-sigusr1 would instead
 * block SIGUSR1, a mask execve hands on to the command.)
 */
function guardInspectorSignal(): void {
  if (inspectorGuard) return;
  inspectorGuard = () => {};
  process.on('SIGUSR1', inspectorGuard);
}
guardInspectorSignal();

/** Once the command runs as a child, SIGUSR1 is forwarded to it instead (spawn.ts installs that listener first, so SIGUSR1 stays caught). */
export function releaseInspectorGuard(): void {
  if (inspectorGuard) process.off('SIGUSR1', inspectorGuard);
  inspectorGuard = undefined;
}
