/**
 * What users write without this library: fetch the gateway's list and parse it, nothing more.
 * The alternatives (lru-cache, p-memoize, a naive cache) wrap this same loader, so the
 * comparison is about the caching around it.
 */
export function plainLoader(gatewayURL: string, fetchImpl: typeof globalThis.fetch = globalThis.fetch): () => Promise<unknown> {
  const url = `${gatewayURL}/v1/models`;
  return async () => {
    const response = await fetchImpl(url);
    return (await response.json()) as unknown;
  };
}

/** A `fetch` that never touches a socket: answers a small list after `delayMs`, counting calls. */
export function countingFetch(delayMs: number): { fetch: typeof globalThis.fetch; readonly calls: number } {
  let calls = 0;
  const body = JSON.stringify({ data: [{ id: 'model-a' }, { id: 'model-b' }] });
  return {
    fetch: async () => {
      calls += 1;
      await new Promise((resolve) => setTimeout(resolve, delayMs));
      return new Response(body, { headers: { 'content-type': 'application/json' } });
    },
    get calls() {
      return calls;
    },
  };
}
