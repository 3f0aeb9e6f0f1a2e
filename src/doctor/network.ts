import { lookup } from 'node:dns/promises';
import { connect } from 'node:net';

export interface Reachability {
  host: string;
  ok: boolean;
  detail: string;
}

/** DNS, then a TCP connect, each within `timeoutMs`: is the endpoint reachable at all? */
export async function checkEndpoint(url: string, timeoutMs: number): Promise<Reachability> {
  const { hostname, port, protocol } = new URL(url);
  const host = hostname.replace(/^\[|\]$/g, '');
  let address: string;
  try {
    address = (await withTimeout(lookup(host), timeoutMs, 'DNS lookup timed out')).address;
  } catch (error) {
    return { host, ok: false, detail: `DNS: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}` };
  }
  const target = Number(port) || (protocol === 'http:' ? 80 : 443);
  return new Promise((resolve) => {
    const socket = connect({ host: address, port: target });
    const done = (ok: boolean, detail: string) => {
      socket.destroy();
      resolve({ host, ok, detail });
    };
    socket.setTimeout(timeoutMs, () => done(false, `TCP ${address}:${target}: no answer within ${timeoutMs} ms`));
    socket.once('connect', () => done(true, `${address}:${target} reachable`));
    socket.once('error', (error: NodeJS.ErrnoException) => done(false, `TCP ${address}:${target}: ${error.code ?? error.message}`));
  });
}

function withTimeout<T>(promise: Promise<T>, ms: number, message: string): Promise<T> {
  return Promise.race([promise, new Promise<T>((_, reject) => setTimeout(() => reject(new Error(message)), ms).unref())]);
}
