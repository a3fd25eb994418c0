import type Anthropic from '@anthropic-ai/sdk';

import { boundedFetch } from './transport.js';
import type { Endpoint } from './endpoint.js';
import {
  HttpError,
  InvalidResponseError,
  isModelDiscoveryError,
  NetworkError,
  UnauthorizedError,
  UpstreamTimeoutError,
  type ModelDiscoveryError,
} from '../errors/errors.js';
import { ModelCollector } from '../model/normalize.js';
import type { Model } from '../model/schema.js';
import { upstreamPageSchema } from '../model/schema.js';

/** The largest page the Anthropic API serves; other gateways ignore the parameter. */
const PAGE_LIMIT = 1000;

export interface FetchSettings {
  endpoint: Endpoint;
  timeout: number;
  maxBodyBytes: number;
  maxPages: number;
  maxModels: number;
  fetch: typeof globalThis.fetch | undefined;
}

export interface FetchResult {
  models: Model[];
  /** Items dropped for an unusable or duplicate id, and models cut by `maxModels`, for one warning. */
  dropped: number;
  truncated: number;
}

type AnthropicModule = typeof import('@anthropic-ai/sdk');

// Importing the SDK costs noticeable start-up time; hosts that never discover should not pay it.
let sdk: Promise<AnthropicModule> | undefined;
function loadSdk(): Promise<AnthropicModule> {
  sdk ??= import('@anthropic-ai/sdk');
  return sdk;
}

/** Lists every model the gateway serves, or throws a `ModelDiscoveryError` saying why not. */
export async function fetchModelList(settings: FetchSettings): Promise<FetchResult> {
  const { default: AnthropicClient, APIError, APIConnectionTimeoutError } = await loadSdk();
  const deadline = new AbortController();
  const timer = setTimeout(() => deadline.abort(), settings.timeout);
  try {
    // Raced against the deadline as a whole: a custom `fetch` that ignores its signal must not be
    // able to hold a refresh (and every caller waiting on it) past `timeout`.
    const listing = collectPages(createClient(AnthropicClient, settings), settings, deadline.signal);
    listing.catch(() => {});
    return await Promise.race([listing, whenAborted(deadline.signal)]);
  } catch (error) {
    throw classify(error, deadline.signal, settings, { APIError, APIConnectionTimeoutError });
  } finally {
    clearTimeout(timer);
  }
}

function whenAborted(signal: AbortSignal): Promise<never> {
  return new Promise((_, reject) => signal.addEventListener('abort', () => reject(signal.reason), { once: true }));
}

async function collectPages(client: Anthropic, settings: FetchSettings, signal: AbortSignal): Promise<FetchResult> {
  const collector = new ModelCollector(settings.maxModels);
  const cursors = new Set<string>();
  let after: string | undefined;
  for (let page = 1; ; page += 1) {
    if (page > settings.maxPages) {
      throw new InvalidResponseError(
        `The gateway kept reporting more pages after ${settings.maxPages}; the list was not accepted. Raise \`maxPages\` if the gateway really serves this many.`,
      );
    }
    const query = after === undefined ? { limit: PAGE_LIMIT } : { limit: PAGE_LIMIT, after_id: after };
    const response = await client.models.list(query, { signal }).asResponse();
    const parsed = upstreamPageSchema.safeParse(await readJson(response));
    if (!parsed.success) {
      throw new InvalidResponseError(
        'The gateway answered, but not with a model list (expected a JSON object with a "data" array). Check that the base URL points at an OpenAI- or Anthropic-compatible gateway.',
      );
    }
    const { data, has_more, last_id } = parsed.data;
    collector.add(data ?? []);
    if (!has_more) break;
    const cursor = last_id ?? lastItemId(data);
    if (cursor === undefined || cursors.has(cursor)) {
      throw new InvalidResponseError(
        'The gateway said more pages follow but gave no new cursor (last_id), so paging would never end; the list was not accepted.',
      );
    }
    cursors.add(cursor);
    after = cursor;
  }
  return { models: collector.models, dropped: sumOf(collector.dropped), truncated: collector.truncated };
}

function createClient(AnthropicClient: AnthropicModule['default'], settings: FetchSettings): Anthropic {
  // The SDK falls back to credentials it finds on disk when none is passed; this library must send
  // only what it was configured with, so that chain is switched off.
  class GatewayClient extends AnthropicClient {
    protected override _shouldResolveDefaultCredentials(): boolean {
      return false;
    }
  }
  return new GatewayClient({
    baseURL: settings.endpoint.sdkBaseURL,
    // `null`, not `undefined`: undefined makes the SDK read the environment on its own.
    apiKey: null,
    authToken: null,
    defaultHeaders: onlyConfiguredHeaders(settings.endpoint.authHeaders),
    maxRetries: 0,
    timeout: settings.timeout,
    fetch: boundedFetch(settings.fetch ?? globalThis.fetch, settings.maxBodyBytes),
    logLevel: 'off',
  });
}

/**
 * The SDK adds every header named in `ANTHROPIC_CUSTOM_HEADERS`, read from `process.env` whatever
 * this instance's `env` says, and such a header may carry another service's credential. Naming
 * each one as `null` (the SDK's "leave out") keeps the request to what this instance was given.
 */
function onlyConfiguredHeaders(auth: Readonly<Record<string, string | null>>): Record<string, string | null> {
  const custom = (globalThis as { process?: { env?: Record<string, string | undefined> } }).process?.env?.ANTHROPIC_CUSTOM_HEADERS;
  const headers: Record<string, string | null> = { ...auth };
  for (const line of custom?.split('\n') ?? []) {
    const name = line.slice(0, line.indexOf(':')).trim().toLowerCase();
    if (line.includes(':') && name !== '' && !(name in headers)) headers[name] = null;
  }
  return headers;
}

async function readJson(response: Response): Promise<unknown> {
  const text = await response.text();
  try {
    return JSON.parse(text);
  } catch {
    const type = describeContentType(response.headers.get('content-type'));
    throw new InvalidResponseError(
      `The gateway's answer is not JSON (${type}, ${text.length} characters). Check that the base URL points at the gateway itself and not at a proxy's error page.`,
    );
  }
}

// The header is upstream text, and a gateway can echo anything (the key included) in it: only a
// plain `type/subtype` is worth quoting in a message.
function describeContentType(header: string | null): string {
  const type = header?.split(';')[0]?.trim() ?? '';
  if (type === '') return 'no content type';
  return /^[a-z]{1,20}\/[a-z0-9.+-]{1,60}$/.test(type) ? type : 'an unrecognised content type';
}

function lastItemId(data: unknown[] | null): string | undefined {
  const last = data?.at(-1) as { id?: unknown } | undefined;
  return typeof last?.id === 'string' && last.id !== '' ? last.id : undefined;
}

function sumOf(counts: Map<string, number>): number {
  let total = 0;
  for (const count of counts.values()) total += count;
  return total;
}

interface SdkErrors {
  APIError: AnthropicModule['APIError'];
  APIConnectionTimeoutError: AnthropicModule['APIConnectionTimeoutError'];
}

/**
 * Maps whatever was thrown to exactly one error code. No text of the thrown error is reused:
 * the SDK puts the whole upstream body in its messages, and runtimes put URLs in theirs.
 */
function classify(error: unknown, deadline: AbortSignal, settings: FetchSettings, sdkErrors: SdkErrors): ModelDiscoveryError {
  if (deadline.aborted) {
    return new UpstreamTimeoutError(
      `The gateway did not send its whole model list within ${settings.timeout} ms. Check that it is reachable and healthy, or raise \`timeout\`.`,
    );
  }
  const own = findInCauses(error, isModelDiscoveryError);
  if (own) return own;
  if (error instanceof sdkErrors.APIConnectionTimeoutError) {
    return new UpstreamTimeoutError(
      `The gateway did not answer within ${settings.timeout} ms. Check that it is reachable and healthy, or raise \`timeout\`.`,
    );
  }
  if (error instanceof sdkErrors.APIError && typeof error.status === 'number') {
    return fromStatus(error.status, settings.endpoint.modelsURL);
  }
  const code = systemErrorCode(error);
  const where = settings.endpoint.modelsURL;
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') {
    return new NetworkError(`The gateway's host name in ${where} could not be resolved (${code}). Check the base URL.`);
  }
  if (code) {
    const what = SOCKET_FAILURES[code] ?? 'the connection failed';
    return new NetworkError(`Could not get the model list from ${where}: ${what} (${code}). Check that the gateway is running and that the base URL is right.`);
  }
  return new NetworkError(`The connection to the gateway at ${where} failed before the model list was complete. Check that it is running and reachable.`);
}

export function fromStatus(status: number, modelsURL: string): ModelDiscoveryError {
  if (status === 401 || status === 403) {
    return new UnauthorizedError(
      `The gateway refused the credentials (HTTP ${status}). Check ANTHROPIC_API_KEY (sent as x-api-key) or ANTHROPIC_AUTH_TOKEN (sent as a Bearer token).`,
      status,
    );
  }
  if (status === 404) {
    return new HttpError(
      `The gateway has no model list at ${modelsURL} (HTTP 404). Check the base URL: it should be the gateway's root, such as "http://localhost:4000".`,
      status,
    );
  }
  if (status === 429) {
    return new HttpError('The gateway is rate limiting requests (HTTP 429). The held list is served until the next refresh succeeds.', status);
  }
  if (status >= 500) {
    return new HttpError(
      `The gateway failed (HTTP ${status}); it may be down, overloaded or restarting. The held list is served until the next refresh succeeds.`,
      status,
    );
  }
  return new HttpError(`The gateway answered the model list request with HTTP ${status}. Check the gateway's logs and the base URL.`, status);
}

// Plain words for the codes a runtime gives, so the advice reads without a lookup.
const SOCKET_FAILURES: Record<string, string> = {
  ECONNREFUSED: 'the connection was refused',
  ECONNRESET: 'the connection was reset',
  EPIPE: 'the connection was closed',
  ETIMEDOUT: 'the connection timed out',
  EHOSTUNREACH: 'the host is unreachable',
  ENETUNREACH: 'the network is unreachable',
  UND_ERR_SOCKET: 'the gateway closed the connection',
  UND_ERR_CLOSED: 'the gateway closed the connection',
  CERT_HAS_EXPIRED: "the gateway's TLS certificate has expired",
  DEPTH_ZERO_SELF_SIGNED_CERT: "the gateway's TLS certificate is self-signed",
};

function findInCauses<T>(error: unknown, guard: (value: unknown) => value is T): T | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 8 && current; depth += 1) {
    if (guard(current)) return current;
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}

/** The errno-style code (`ECONNREFUSED`, `ENOTFOUND`, `UND_ERR_SOCKET`) somewhere in a cause chain. */
function systemErrorCode(error: unknown): string | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 8 && current; depth += 1) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string' && /^[A-Z][A-Z0-9_]{2,40}$/.test(code)) return code;
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}
