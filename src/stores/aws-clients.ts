import type { Logger } from '../core/log.js';
// Shared by the SDK-backed stores: one client per region, and the region a client uses.

/** `region` undefined: the client's own default (--region or the SDK chain). */
export function regionalClients<C>(defaultRegion: string | undefined, create: (region: string | undefined) => C): (region: string | undefined) => C {
  const clients = new Map<string, C>();
  return (region) => {
    const chosen = region ?? defaultRegion;
    const key = chosen ?? '';
    let client = clients.get(key);
    if (!client) {
      client = create(chosen);
      clients.set(key, client);
    }
    return client;
  };
}

/** The region a client resolved, for messages; undefined when it has none. */
export async function regionOf(client: { config: { region: () => Promise<string> } }): Promise<string | undefined> {
  try {
    return await client.config.region();
  } catch {
    return undefined;
  }
}

/** An SDK error's name, and whether it is a denial (AWS's JSON, or moto's HTML 403). */
export function errorName(error: unknown): string {
  return (error as { name?: string } | undefined)?.name ?? '';
}

/** An error AWS sent: a parsed error body, not a parse failure or an empty body. */
function isAwsError(error: unknown): boolean {
  const e = error as { name?: string; message?: string } | undefined;
  return !(e?.name === 'Unknown' || e?.name === 'SyntaxError' || e?.message === 'UnknownError' || e?.message === 'Unknown' || /Deserialization error/.test(e?.message ?? ''));
}

export function isAccessDenied(error: unknown): boolean {
  const e = error as { name?: string; $metadata?: { httpStatusCode?: number } } | undefined;
  return e?.name === 'AccessDeniedException' || e?.$metadata?.httpStatusCode === 403;
}

/**
 * Client settings shared by every service. Throttling, 5xx and resets are retried by the
 * SDK's adaptive mode (backoff with jitter, client-side rate limiting) up to 8 attempts;
 * the run's --timeout deadline (an AbortSignal) bounds them all. Each attempt has its own
 * connect and response timeouts, so one stuck connection does not eat the deadline.
 */
export function clientConfig(region: string | undefined) {
  return {
    ...(region ? { region } : {}),
    maxAttempts: 8,
    retryMode: 'adaptive' as const,
    // Without throwOnRequestTimeout the SDK only warns when requestTimeout passes.
    // rejectUnauthorized: certificates are always verified, whatever NODE_TLS_REJECT_UNAUTHORIZED
    // the app's environment holds (main.ts also removes it from this process).
    requestHandler: { connectionTimeout: 3000, requestTimeout: 10_000, throwOnRequestTimeout: true, httpsAgent: { rejectUnauthorized: true } },
  };
}

// The error of each failed attempt, by operation: when the deadline ends the retries, the
// abort hides why they were retried (throttling reads differently from no answer).
const lastAttemptErrors = new Map<string, string>();

export function lastAttemptError(operation: string): string | undefined {
  return lastAttemptErrors.get(operation);
}

const attempts = new WeakMap<object, number>();

type Stack = { add: (middleware: unknown, options: { step: string; priority: string; name: string }) => void };

/** Records, and logs with --verbose, every failed attempt of `client`'s calls: placed inside the retry middleware (same step, lower priority). */
export function watchAttempts<C extends { middlewareStack: unknown }>(client: C, service: string, log: Logger | undefined): C {
  (client.middlewareStack as Stack).add(
    (next: (args: unknown) => Promise<unknown>, context: { commandName?: string }) => async (args: unknown) => {
      // One context per call, through all of its attempts.
      const attempt = (attempts.get(context) ?? 0) + 1;
      attempts.set(context, attempt);
      const started = Date.now();
      try {
        return await next(args);
      } catch (error) {
        const operation = `${service}:${(context.commandName ?? '').replace(/Command$/, '')}`;
        // A system error says more by its code (ECONNREFUSED) than by its name (Error), an
        // answer without an AWS error body (empty, or a gateway's HTML page: "Unknown",
        // SyntaxError) by its status (HTTP 429) than by its name.
        const { code, $metadata } = error as { code?: unknown; $metadata?: { httpStatusCode?: number } };
        const status = $metadata?.httpStatusCode;
        const name =
          typeof code === 'string' && /^E[A-Z_]+$/.test(code)
            ? code
            : status && !isAwsError(error)
              ? `HTTP ${status}`
              : errorName(error) || 'Error';
        lastAttemptErrors.set(operation, name);
        log?.debug('attempt failed (retried if the error is retryable and time is left)', { operation, attempt, ms: Date.now() - started, error: name });
        throw error;
      }
    },
    { step: 'finalizeRequest', priority: 'low', name: 'ssmEntrypointAttempts' },
  );
  return client;
}
