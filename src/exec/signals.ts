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
