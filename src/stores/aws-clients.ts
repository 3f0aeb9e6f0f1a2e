import type { Logger } from '../core/log.js';
import { attemptLabel, classify, isAbort, type Diagnosis } from './classify.js';
import { StoreError, type Service } from './store.js';
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

/** An SDK error's name (ParameterNotFound, ...). */
export function errorName(error: unknown): string {
  return (error as { name?: string } | undefined)?.name ?? '';
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

type Stack = { add: (middleware: unknown, options: { step: string; priority: string; name: string }) => void };

/**
 * One store call (all its pages and retries): what it asks for, and its failed attempts,
 * each logged (--verbose), the last one kept. When the deadline ends the retries, the
 * abort hides why they were retried (throttling reads differently from no answer): the
 * last attempt says it. One per call, so concurrent calls of one operation, or in several
 * regions, each keep their own.
 */
export class StoreCall {
  #last: Diagnosis | undefined;
  readonly #log: Logger | undefined;

  constructor(
    readonly service: Service,
    readonly action: string,
    readonly targets: readonly string[],
    log: Logger | undefined,
  ) {
    this.#log = log;
  }

  /** The call failed with `cause` (its final error): the facts, for diagnose/. */
  async failed(client: { config: { region: () => Promise<string> } }, cause: unknown): Promise<StoreError> {
    return new StoreError({
      service: this.service,
      action: this.action,
      targets: this.targets,
      region: await regionOf(client),
      cause,
      lastAttempt: this.#last,
    });
  }

  /**
   * Watches `command` (one request and its retries): a middleware on the command's own
   * stack, inside the client's retry middleware (same step, lower priority). Also the
   * `withCommand` of a paginator, which makes a command per page.
   */
  readonly watch = <C extends { middlewareStack: unknown }>(command: C): C => {
    (command.middlewareStack as Stack).add(
      (next: (args: unknown) => Promise<unknown>) => {
        // Once per send: the attempts of this request.
        let attempt = 0;
        return async (args: unknown) => {
          attempt++;
          const started = Date.now();
          try {
            return await next(args);
          } catch (error) {
            // An abort is the deadline, not the endpoint: it says nothing about the attempt.
            if (!isAbort(error)) {
              this.#last = classify(error);
              this.#log?.debug('attempt failed (retried if the error is retryable and time is left)', {
                operation: `${this.service}:${this.action}`,
                attempt,
                ms: Date.now() - started,
                error: attemptLabel(this.#last),
              });
            }
            throw error;
          }
        };
      },
      { step: 'finalizeRequest', priority: 'low', name: 'ssmEntrypointAttempts' },
    );
    return command;
  };
}
