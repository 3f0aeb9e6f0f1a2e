// Preloaded with `node --require` by the tests (test/e2e/artifacts.ts): hides
// process.execve, so the tool takes the spawn fallback it uses on Node < 22.15.
delete (/** @type {{ execve?: unknown }} */ (/** @type {unknown} */ (process)).execve); // @types/node 20 has no execve
