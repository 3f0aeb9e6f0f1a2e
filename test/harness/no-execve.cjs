// Preloaded with `node --require` by the tests (test/e2e/artifacts.ts): hides
// process.execve, so the tool takes the spawn fallback it uses on Node < 22.15.
delete process.execve;
