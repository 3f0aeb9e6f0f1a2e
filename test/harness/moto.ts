// Starts a real moto_server (the AWS emulator) on a free port for a test file.
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';

export const MOTO_MISSING = 'moto_server not installed: pip install "moto[server]" to run the AWS integration tests';

export interface Moto {
  url: string;
  port: number;
  /** What a child process needs to talk to this moto, and nothing from the host. */
  env: Record<string, string>;
  reset(): Promise<void>;
  /** Turns IAM enforcement on from the next request (moto checks actions, not resources). */
  enableAuth(): Promise<void>;
  stop(): void;
}

let warned = false;

export async function startMoto(): Promise<Moto | undefined> {
  if (spawnSync('sh', ['-c', 'command -v moto_server'], { stdio: 'ignore' }).status !== 0) {
    if (process.env.SSM_ENTRYPOINT_REQUIRE_MOTO === '1') throw new Error(`SSM_ENTRYPOINT_REQUIRE_MOTO=1 but ${MOTO_MISSING}`);
    if (!warned) process.stderr.write(`\n*** SKIPPING AWS TESTS: ${MOTO_MISSING} ***\n\n`);
    warned = true;
    return undefined;
  }
  const port = await freePort();
  const child = spawn('moto_server', ['-H', '127.0.0.1', '-p', String(port)], { detached: true, stdio: 'ignore' });
  const dir = mkdtempSync(path.join(tmpdir(), 'ssm-entrypoint-moto-'));
  const emptyConfig = path.join(dir, 'empty');
  writeFileSync(emptyConfig, '');
  let stopped = false;
  const stop = () => {
    if (stopped) return;
    stopped = true;
    try {
      process.kill(-child.pid!, 'SIGKILL');
    } catch {
      // already gone
    }
    rmSync(dir, { recursive: true, force: true });
  };
  process.once('exit', stop);
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 15_000;
  for (;;) {
    try {
      if ((await fetch(`${url}/moto-api/`)).ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline || child.exitCode !== null) {
      stop();
      throw new Error(`moto_server did not start on port ${port} within 15 s`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    url,
    port,
    env: {
      AWS_ENDPOINT_URL: url,
      AWS_ACCESS_KEY_ID: 'testing',
      AWS_SECRET_ACCESS_KEY: 'testing',
      AWS_REGION: 'us-east-1',
      AWS_CONFIG_FILE: emptyConfig,
      AWS_SHARED_CREDENTIALS_FILE: emptyConfig,
      AWS_EC2_METADATA_DISABLED: 'true',
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
      NODE_NO_WARNINGS: '1',
    },
    reset: async () => {
      await fetch(`${url}/moto-api/reset`, { method: 'POST' });
    },
    enableAuth: async () => {
      await fetch(`${url}/moto-api/reset-auth`, { method: 'POST', headers: { 'Content-Type': 'text/plain' }, body: '0' });
    },
    stop,
  };
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}
