// node bench/idle.mjs (after npm run build): what a watching supervisor costs while idle.
// The single executable with --watch against a local moto_server, the sample (5 parameters)
// and 1000 parameters: private (anonymous) memory after several refreshes, CPU between
// refreshes (after the start-up has settled), CPU per refresh, and CPU per hour at a 30 s interval.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const SEA = path.join(ROOT, 'dist/ssm-entrypoint');
const harnessDir = path.join(ROOT, '.cache/bench-harness');
await esbuild.build({
  entryPoints: ['moto', 'aws'].map((f) => path.join(ROOT, `test/harness/${f}.ts`)),
  outdir: harnessDir,
  format: 'esm',
  platform: 'node',
  logLevel: 'warning',
});
const { startMoto } = /** @type {typeof import('../test/harness/moto.js')} */ (await import(path.join(harnessDir, 'moto.js')));
const { putParameters, SAMPLE } = /** @type {typeof import('../test/harness/aws.js')} */ (await import(path.join(harnessDir, 'aws.js')));

const moto = (await startMoto()) ?? fail('bench: moto_server is needed (pip install "moto[server]")');
await putParameters(moto.url, SAMPLE);
await putParameters(
  moto.url,
  Array.from({ length: 1000 }, (_, i) => ({ name: `/big/p${i}`, value: `value-${i}-${'x'.repeat(40)}` })),
);

const sleep = (/** @type {number} */ ms) => new Promise((r) => setTimeout(r, ms));
const cpu = (/** @type {number} */ pid) => {
  const f = String(readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]).split(' ');
  return (Number(f[11]) + Number(f[12])) / 100; // utime + stime, in clock ticks of 10 ms
};
const memory = (/** @type {number} */ pid) => {
  const fields = Object.fromEntries(
    readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8')
      .split('\n')
      .filter(Boolean)
      .slice(1)
      .map((l) => [l.split(':')[0], Number(l.split(/\s+/)[1]) / 1024]),
  );
  return { rss: fields.Rss, anonymous: fields.Anonymous };
};

/**
 * Starts a watching supervisor, waits `settleS` after its start-up, measures over `windowS` seconds.
 * @param {string} name
 * @param {string} prefix
 * @param {string} watch
 * @param {number} settleS
 * @param {number} windowS
 */
async function measure(name, prefix, watch, settleS, windowS) {
  const env = { ...moto.env, PATH: process.env.PATH, PARAMETER_STORE_PREFIX: prefix };
  const child = spawn(SEA, ['--verbose', '--watch', watch, 'sleep', '100000'], { env, stdio: ['ignore', 'ignore', 'pipe'] });
  const pid = child.pid ?? fail(`${SEA} did not start`);
  let refreshes = 0;
  let started = false;
  child.stderr.on('data', (chunk) => {
    const text = chunk.toString();
    refreshes += text.split('refreshed: no change').length - 1;
    if (text.includes('watching ')) started = true;
  });
  while (!started) await sleep(100);
  await sleep(settleS * 1000);
  const before = { cpu: cpu(pid), refreshes };
  await sleep(windowS * 1000);
  const after = { cpu: cpu(pid), refreshes, memory: memory(pid) };
  child.kill('SIGTERM');
  const ticks = after.refreshes - before.refreshes;
  return { name, watch, windowS, ticks, cpuS: +(after.cpu - before.cpu).toFixed(2), ...after.memory };
}

const results = await Promise.all([
  // V8 and the SDK finish some work of the start-up in the first ~20 s: measured after it.
  measure('sample, between refreshes', '/goecssample/database/sample/master', '120s', 30, 60),
  measure('1000 parameters, between refreshes', '/big', '120s', 30, 60),
  measure('sample, refreshing', '/goecssample/database/sample/master', '10s', 2, 60),
  measure('1000 parameters, refreshing', '/big', '10s', 2, 60),
]);
moto.stop();
console.log('| what | refreshes in window | CPU in window | CPU per refresh | CPU per hour at --watch 30s | private (anonymous) | RSS |');
console.log('|---|---|---|---|---|---|---|');
for (const r of results) {
  const perTick = r.ticks > 0 ? r.cpuS / r.ticks : undefined;
  console.log(
    `| ${r.name} | ${r.ticks} in ${r.windowS} s | ${r.cpuS} s | ${perTick === undefined ? '-' : `${(perTick * 1000).toFixed(0)} ms`} | ${perTick === undefined ? '-' : `${(perTick * 120).toFixed(1)} s`} | ${r.anonymous.toFixed(1)} MiB | ${r.rss.toFixed(1)} MiB |`,
  );
}

/**
 * @param {string} message
 * @returns {never}
 */
function fail(message) {
  throw new Error(message);
}
