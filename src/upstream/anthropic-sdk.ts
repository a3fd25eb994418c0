import type { PageRequest, Send, SourceEndpoint } from './dialect.js';

type ClientClass = (typeof import('./anthropic-sdk-parts.js'))['BaseAnthropic'];

// Importing the SDK costs noticeable start-up time; hosts that never discover should not pay it.
// The client class is made once, with the import: a class per source would cost every tenant view
// its own constructor, prototype and shapes (about 3 KiB each, a sixth of an idle view).
let clientClass: Promise<ClientClass> | undefined;
function loadClientClass(): Promise<ClientClass> {
  clientClass ??= import('./anthropic-sdk-parts.js').then(
    ({ BaseAnthropic }) =>
      // The SDK falls back to credentials it finds on disk when none is passed; this library must
      // send only what it was configured with, so that chain is switched off.
      class GatewayClient extends BaseAnthropic {
        protected override _shouldResolveDefaultCredentials(): boolean {
          return false;
        }

        // A request's URL is final (PageRequest): the SDK's own would parse the query into an
        // object and encode it again with its own encoder, a URL parse and a query encode per page
        // for, at best, the same text.
        override buildURL(path: string, query: Record<string, unknown> | null | undefined, defaultBaseURL?: string): string {
          return query == null && /^https?:\/\//i.test(path) ? path : super.buildURL(path, query, defaultBaseURL);
        }
      },
  );
  return clientClass;
}

// Headers the SDK sets on its own; every other header of a request must be one the dialect asked for.
const SDK_HEADERS = new Set(['accept', 'content-type', 'user-agent', 'anthropic-version']);

// The SDK's connect-and-headers timer aborts a controller of its own, whose signal does not reach
// the `fetch` (the request's signal does, see below); it is set to the longest delay anyway, so
// that the refresh's own deadline (one over headers and body, see deadline.ts) always decides.
const SDK_TIMEOUT = 2_147_483_647;

/**
 * Builds, once per source, the Anthropic SDK client that sends the `anthropic` dialect's
 * requests. Everything the SDK would read from the environment or disk is passed explicitly:
 * base URL, credentials (`null`: none of its own), `webhookKey`, `logLevel` (so `ANTHROPIC_LOG`
 * is never read), OpenTelemetry (off, so its variables are never read), retries (off: the cache
 * is the retry policy). One variable it reads whatever it is given, `ANTHROPIC_CUSTOM_HEADERS`:
 * its headers are dropped by the client's `fetch`, which sends only the headers the dialect put
 * on the request and the SDK's own. That read is made with the process environment hidden (see
 * withEnvironmentHidden), so it finds nothing and, where the runtime refuses environment access
 * (Deno without `--allow-env`), does not throw. Should the client still fail to build, this
 * rejects, and the dialect's requests go out through the same bounded `fetch` directly, with the
 * same headers (see `Upstream`).
 */
export async function connectAnthropicSdk(fetch: typeof globalThis.fetch, endpoint: SourceEndpoint): Promise<Send> {
  const GatewayClient = await loadClientClass();
  const requested = requestedNames();
  const client = withEnvironmentHidden(
    () =>
      new GatewayClient({
        baseURL: endpoint.baseURL,
        // `null`, not `undefined`: undefined makes the SDK read the environment on its own.
        apiKey: null,
        authToken: null,
        webhookKey: null,
        // Named as deliberately absent, so the SDK looks for no credential of its own; the
        // request's own headers put the real ones back.
        defaultHeaders: { 'x-api-key': null, authorization: null },
        maxRetries: 0,
        timeout: SDK_TIMEOUT,
        fetch: (input, init) => {
          const { [SIGNAL]: signal, ...sent } = (init ?? {}) as RequestInit & { [SIGNAL]?: AbortSignal };
          return fetch(input, { ...sent, signal: signal ?? sent.signal ?? null, headers: onlyRequested(sent.headers, requested) });
        },
        logLevel: 'off',
        openTelemetry: false,
      }),
  );
  // The request's signal goes to the client's `fetch` as a fetch option of ours, not as the SDK's
  // `signal`: given one, the SDK links it to a controller of its own and registers every response
  // body with a FinalizationRegistry to unlink it later (the body is read here, not by the SDK, so
  // each waits for a collection), which cost a page a quarter of the SDK's time and grew with every
  // page until the next collection. Passed this way, the signal aborts the `fetch` itself. The SDK
  // hands unknown fetch options on as they are (1.12); should a version stop doing so, the `fetch`
  // falls back to the SDK's own signal, the refresh still ends at its deadline (raceAbort) but the
  // request is no longer cancelled, and test/upstream/bounds.test.ts fails.
  return (request: PageRequest, signal: AbortSignal) =>
    client
      .get(request.url, {
        headers: { ...request.headers, [REQUESTED]: Object.keys(request.headers).join(',') },
        // Not a RequestInit member: typed as the empty init the SDK's type allows.
        fetchOptions: { [SIGNAL]: signal } as Record<never, never>,
      })
      .asResponse();
}

// The fetch option that carries a request's signal past the SDK to the client's `fetch`.
const SIGNAL = 'modelDiscoverySignal';

/**
 * The headers of a request the SDK built, less those the dialect did not ask for: the SDK adds
 * every header `ANTHROPIC_CUSTOM_HEADERS` names in the process environment, whatever `env` says,
 * and such a header may carry another service's credential. The names the dialect asked for
 * travel with the request in one marker header, left out here before anything is sent. The SDK
 * hands over a `Headers` (lower-case names) it built for this request alone, so the others are
 * deleted from it, not copied into a new one (each copied header is checked again, every page).
 */
function onlyRequested(headers: RequestInit['headers'], requested: (marker: string) => ReadonlySet<string>): Headers {
  const all = headers instanceof Headers ? headers : new Headers(headers);
  const names = requested(all.get(REQUESTED) ?? '');
  const unasked: string[] = [];
  for (const name of all.keys()) {
    if (name === REQUESTED || !(names.has(name) || SDK_HEADERS.has(name) || name.startsWith('x-stainless-'))) unasked.push(name);
  }
  for (const name of unasked) all.delete(name);
  return all;
}

/**
 * The names a marker lists, as a set, parsed again only when the marker changes: a source asks
 * for the same headers on every page, so a list of many pages parses its marker once.
 */
function requestedNames(): (marker: string) => ReadonlySet<string> {
  let last: string | undefined;
  let names: ReadonlySet<string> = new Set();
  return (marker) => {
    if (marker !== last) {
      last = marker;
      names = new Set(marker.split(',').filter(Boolean));
    }
    return names;
  };
}

const REQUESTED = 'x-model-discovery-requested';

/**
 * Runs `build` (the SDK client's constructor) with `process.env` replaced by an empty object, then
 * puts it back. The constructor reads `ANTHROPIC_CUSTOM_HEADERS` from the process environment
 * whatever it is given, which throws where the runtime refuses environment access (Deno without
 * `--allow-env`); this library's environment is `env`, and the SDK gets everything else
 * explicitly. The constructor is synchronous, so no other code runs while the environment is
 * hidden. A runtime whose `process.env` cannot be replaced builds the client as it is.
 */
function withEnvironmentHidden<T>(build: () => T): T {
  const proc = (globalThis as { process?: { env?: unknown } }).process;
  if (typeof proc !== 'object' || proc === null) return build();
  const env = proc.env;
  try {
    proc.env = {};
  } catch {
    return build();
  }
  try {
    return build();
  } finally {
    proc.env = env;
  }
}
