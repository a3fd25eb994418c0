import {
  HttpError,
  isModelDiscoveryError,
  NetworkError,
  UnauthorizedError,
  UpstreamTimeoutError,
  type ModelDiscoveryError,
} from '../errors/errors.js';

/**
 * The one table from an HTTP status to an error. `detail` is the upstream's own words, already
 * scrubbed; the message is ours and says what to do next.
 */
export function statusError(status: number, url: string, detail: string | undefined): ModelDiscoveryError {
  const options = detail === undefined ? {} : { detail };
  if (status === 401 || status === 403) {
    return new UnauthorizedError(
      `The gateway refused the credentials (HTTP ${status}). Check ANTHROPIC_API_KEY (sent as x-api-key) or ANTHROPIC_AUTH_TOKEN (sent as a Bearer token), or the source's \`apiKey\` / \`authToken\` / \`headers\`.`,
      status,
      options,
    );
  }
  if (status === 404) {
    return new HttpError(
      `The gateway has no model list at ${url} (HTTP 404). Check the base URL: it should be the gateway's root, such as "http://localhost:4000", or set \`modelsPath\` or \`dialect\` for a gateway that lists its models elsewhere.`,
      status,
      options,
    );
  }
  if (status === 429) {
    return new HttpError('The gateway is rate limiting requests (HTTP 429). The held list is served until the next refresh succeeds.', status, options);
  }
  if (status === 502 || status === 503 || status === 504) {
    // These come from a proxy or load balancer in front of the gateway, or from a gateway about
    // its own upstream: something behind the address that answered is not answering.
    return new HttpError(
      `The gateway, or the service behind it, is unavailable (HTTP ${status}); it may be down, overloaded or restarting. The held list is served until the next refresh succeeds.`,
      status,
      options,
    );
  }
  if (status >= 500) {
    return new HttpError(
      `The gateway answered the model list request with a server error (HTTP ${status}). See \`detail\` for its own words and the gateway's logs; the held list is served until the next refresh succeeds.`,
      status,
      options,
    );
  }
  return new HttpError(
    `The gateway answered the model list request with HTTP ${status}. See \`detail\` for its own words; check the base URL and the headers the gateway needs (\`headers\`, ANTHROPIC_CUSTOM_HEADERS).`,
    status,
    options,
  );
}

/**
 * Maps whatever a refresh threw to exactly one error. No text of a foreign error is reused: SDKs
 * put whole response bodies in their messages, and runtimes put URLs in theirs.
 */
export function classifyFailure(error: unknown, deadline: AbortSignal, timeout: number, url: string): ModelDiscoveryError {
  if (deadline.aborted) {
    return new UpstreamTimeoutError(
      `The gateway did not send its whole model list within ${timeout} ms. Check that it is reachable and healthy, or raise \`timeout\`.`,
    );
  }
  const own = findInCauses(error, isModelDiscoveryError);
  if (own) return own;
  if (findInCauses(error, isTimeoutError)) {
    return new UpstreamTimeoutError(`The gateway did not answer within ${timeout} ms. Check that it is reachable and healthy, or raise \`timeout\`.`);
  }
  const code = systemErrorCode(error);
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') {
    return new NetworkError(`The gateway's host name in ${url} could not be resolved (${code}). Check the base URL.`);
  }
  if (code) {
    const what = SOCKET_FAILURES[code] ?? 'the connection failed';
    return new NetworkError(`Could not get the model list from ${url}: ${what} (${code}). Check that the gateway is running and that the base URL is right.`);
  }
  return new NetworkError(`The connection to the gateway at ${url} failed before the model list was complete. Check that it is running and reachable.`);
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

// The SDK's own connection timeout (`APIConnectionTimeoutError`) and a runtime's `TimeoutError`.
function isTimeoutError(value: unknown): value is Error {
  const error = value as { name?: unknown; constructor?: { _errorName?: unknown } } | null;
  return error?.name === 'TimeoutError' || error?.constructor?._errorName === 'APIConnectionTimeoutError';
}

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
