// A fault-injecting HTTP proxy in front of moto: counts requests per operation, adds
// latency, and answers what moto cannot produce (AWS's JSON errors, throttling, resets,
// truncated bodies, hangs).
import { createServer as createHttpServer, request, type IncomingMessage, type ServerResponse } from 'node:http';
import { createServer as createTcpServer, type Socket } from 'node:net';

export interface ErrorAnswer {
  status: number;
  body: { __type: string; message: string };
}
/** An answer that is not from AWS: a wrong endpoint, a firewall's page. */
export interface RawAnswer {
  status: number;
  raw: string;
  contentType: string;
}
export type Fault = ErrorAnswer | RawAnswer | 'reset' | 'truncate' | 'hang';

export interface Rule {
  /** Operation name, e.g. `GetParametersByPath`, `BatchGetSecretValue`; '*' for all. */
  operation: string;
  /** Further condition on the parsed JSON request body. */
  when?: (body: Record<string, unknown>) => boolean;
  /** How many matching requests to answer this way (default: all). */
  times?: number;
  answer: Fault;
}

// AWS's own bodies (AWS JSON 1.1 protocol: status 400 with __type for client errors).
export const throttlingError = (): ErrorAnswer => ({ status: 400, body: { __type: 'ThrottlingException', message: 'Rate exceeded' } });
export const accessDenied = (message: string): ErrorAnswer => ({ status: 400, body: { __type: 'AccessDeniedException', message } });
export const serverError = (): ErrorAnswer => ({ status: 500, body: { __type: 'InternalServerError', message: 'Internal error' } });

export interface Proxy {
  url: string;
  env: Record<string, string>;
  latencyMs: number;
  counts(): Record<string, number>;
  resetCounts(): void;
  inject(rule: Rule): void;
  clearRules(): void;
  /** Token bucket: more than `perSecond` requests a second are answered with throttling. */
  rateLimit(perSecond: number | undefined): void;
  close(): Promise<void>;
}

export async function startProxy(target: string, baseEnv: Record<string, string> = {}): Promise<Proxy> {
  const counts: Record<string, number> = {};
  let rules: Rule[] = [];
  let bucket: { perSecond: number; tokens: number; at: number } | undefined;
  const sockets = new Set<Socket>();

  const takeToken = () => {
    if (!bucket) return true;
    const now = Date.now();
    bucket.tokens = Math.min(bucket.perSecond, bucket.tokens + ((now - bucket.at) / 1000) * bucket.perSecond);
    bucket.at = now;
    if (bucket.tokens < 1) return false;
    bucket.tokens -= 1;
    return true;
  };

  // eslint-disable-next-line @typescript-eslint/no-misused-promises -- a handler that throws should crash the test loudly
  const server = createHttpServer(async (req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks);
    const operation =
      String(req.headers['x-amz-target'] ?? '')
        .split('.')
        .at(-1) || 'unknown';
    counts[operation] = (counts[operation] ?? 0) + 1;
    if (proxy.latencyMs > 0) await new Promise((r) => setTimeout(r, proxy.latencyMs));

    let json: Record<string, unknown> = {};
    try {
      json = JSON.parse(body.toString() || '{}');
    } catch {
      // not JSON: rules with `when` do not match
    }
    const rule = rules.find((r) => (r.operation === '*' || r.operation === operation) && (!r.when || r.when(json)) && r.times !== 0);
    if (rule && rule.times !== undefined) rule.times--;
    const answer: Fault | undefined = rule?.answer ?? (takeToken() ? undefined : throttlingError());
    if (answer === 'hang') return;
    if (answer === 'reset') {
      req.socket.destroy();
      return;
    }
    if (answer && typeof answer === 'object' && 'raw' in answer) {
      res.writeHead(answer.status, { 'content-type': answer.contentType, 'content-length': Buffer.byteLength(answer.raw) });
      res.end(answer.raw);
      return;
    }
    if (answer && typeof answer === 'object') {
      const text = JSON.stringify(answer.body);
      res.writeHead(answer.status, {
        'content-type': 'application/x-amz-json-1.1',
        'x-amzn-errortype': answer.body.__type,
        'x-amzn-requestid': '00000000-0000-0000-0000-000000000000',
        'content-length': Buffer.byteLength(text),
      });
      res.end(text);
      return;
    }
    const upstream = request(new URL(req.url ?? '/', target), { method: req.method, headers: req.headers }, (up) => {
      if (answer === 'truncate') {
        const parts: Buffer[] = [];
        up.on('data', (c: Buffer) => parts.push(c));
        up.on('end', () => {
          const full = Buffer.concat(parts);
          res.writeHead(up.statusCode ?? 502, { ...up.headers, 'content-length': full.length });
          res.write(full.subarray(0, Math.floor(full.length / 2)));
          req.socket.destroy();
        });
        return;
      }
      res.writeHead(up.statusCode ?? 502, up.headers);
      up.pipe(res);
    });
    upstream.on('error', () => req.socket.destroy());
    upstream.end(body);
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as { port: number }).port}`;

  const proxy: Proxy = {
    url,
    env: { ...baseEnv, AWS_ENDPOINT_URL: url },
    latencyMs: 0,
    counts: () => ({ ...counts }),
    resetCounts: () => {
      for (const key of Object.keys(counts)) delete counts[key];
    },
    inject: (rule) => {
      rules.push(rule);
    },
    clearRules: () => {
      rules = [];
    },
    rateLimit: (perSecond) => {
      bucket = perSecond ? { perSecond, tokens: perSecond, at: Date.now() } : undefined;
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
  return proxy;
}

export interface BlackHole {
  url: string;
  /** Resolves when the first client connects: its request is under way (a readiness signal, not a sleep). */
  connected: Promise<void>;
  close(): Promise<void>;
}

/** Accepts TCP connections and never answers: a private subnet without a route. */
export async function blackHole(): Promise<BlackHole> {
  const sockets = new Set<Socket>();
  let onConnect: () => void = () => {};
  const connected = new Promise<void>((resolve) => (onConnect = resolve));
  const server = createTcpServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    onConnect();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as { port: number }).port}`,
    connected,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
