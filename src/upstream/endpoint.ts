import { NotConfiguredError } from '../errors/errors.js';
import type { ResolvedOptions } from '../discovery/options.js';

/** Where and how to reach the upstream, with credentials taken out of the URL. */
export interface Endpoint {
  /** Base URL for the SDK: no credentials, no trailing slash, no trailing `/v1`. */
  sdkBaseURL: string;
  /** The models URL, safe to show: it never holds credentials. */
  modelsURL: string;
  /** Headers carrying the credentials, set explicitly so the SDK picks none of its own. */
  authHeaders: Record<string, string | null>;
  /** Every secret value this endpoint uses, for the redactor. */
  secrets: string[];
}

const ENV_HINT =
  'Set ANTHROPIC_BASE_URL (for example "http://localhost:4000" for a local LiteLLM) or pass `baseURL` to new ModelDiscovery().';

/**
 * Builds the endpoint, or the `not_configured` error that explains what is missing. A base URL
 * that comes from the environment and is malformed is reported the same way instead of throwing,
 * so a typo in a deployment's variables degrades discovery rather than crashing the host.
 */
export function resolveEndpoint(options: ResolvedOptions): Endpoint | NotConfiguredError {
  if (options.baseURL === undefined) return new NotConfiguredError(`No gateway is configured. ${ENV_HINT}`);
  let url: URL;
  try {
    url = new URL(options.baseURL);
  } catch {
    return new NotConfiguredError(`ANTHROPIC_BASE_URL is not a valid URL. ${ENV_HINT}`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    return new NotConfiguredError(`ANTHROPIC_BASE_URL must use http or https. ${ENV_HINT}`);
  }
  if (url.search || url.hash) {
    return new NotConfiguredError(`ANTHROPIC_BASE_URL must not contain a query string or a fragment. ${ENV_HINT}`);
  }

  const username = safeDecode(url.username);
  const password = safeDecode(url.password);
  url.username = '';
  url.password = '';

  // `/v1` is stripped because the SDK appends `/v1/models` itself.
  const path = url.pathname.replace(/\/+$/, '').replace(/\/v1$/, '');
  const sdkBaseURL = `${url.origin}${path}`;

  const secrets = [options.apiKey, options.authToken, username, password, url.username, url.password].filter(
    (value): value is string => typeof value === 'string' && value !== '',
  );

  // `null` tells the SDK that a header is deliberately absent, so it does not go looking for one.
  const authHeaders: Record<string, string | null> = { 'x-api-key': options.apiKey ?? null, authorization: null };
  // The Basic form is a secret even when a token wins over it: it is the password, encoded.
  const basic = username || password ? base64(`${username}:${password}`) : undefined;
  if (basic) secrets.push(basic);
  if (options.authToken) {
    authHeaders.authorization = `Bearer ${options.authToken}`;
  } else if (basic) {
    authHeaders.authorization = `Basic ${basic}`;
  }

  return { sdkBaseURL, modelsURL: `${sdkBaseURL}/v1/models`, authHeaders, secrets };
}

function safeDecode(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}

// `btoa` takes Latin-1 only; HTTP Basic credentials are UTF-8 (RFC 7617), so a password with `€`
// must be encoded first rather than throw out of the constructor.
function base64(text: string): string {
  let binary = '';
  for (const byte of new TextEncoder().encode(text)) binary += String.fromCharCode(byte);
  return btoa(binary);
}
