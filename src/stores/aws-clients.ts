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

export function isAccessDenied(error: unknown): boolean {
  const e = error as { name?: string; $metadata?: { httpStatusCode?: number } } | undefined;
  return e?.name === 'AccessDeniedException' || e?.$metadata?.httpStatusCode === 403;
}
