import { NotConfiguredError } from '../errors/errors.js';
import { describeBaseURLProblem, parseBaseURL } from '../security/base-url.js';
import { basicToken } from '../security/secrets.js';
import type { SourceEndpoint } from './dialect.js';

/** What one source was configured with, after the options were checked. */
export interface EndpointConfig {
  baseURL: string | undefined;
  /** Where the base URL came from (`ANTHROPIC_BASE_URL`, `` `baseURL` ``), for a message that says what to change. */
  baseURLFrom: string;
  /** What to do when it is missing or malformed. */
  hint: string;
  apiKey: string | undefined;
  authToken: string | undefined;
  headers: Readonly<Record<string, string>>;
  modelsPath: string | undefined;
  /** Variables the runtime refused to read (Deno without `--allow-env`); they counted as unset. */
  refused?: readonly string[];
}

/**
 * Builds a source's endpoint, or the `not_configured` error that explains what is missing. A base
 * URL from the environment that is malformed is reported this way instead of throwing (options
 * given in code were checked already), so a typo in a deployment's variables degrades discovery
 * rather than crashing the host.
 */
export function resolveEndpoint(config: EndpointConfig): SourceEndpoint | NotConfiguredError {
  if (config.baseURL === undefined) {
    if (config.refused?.includes('ANTHROPIC_BASE_URL')) return new NotConfiguredError(`No gateway is configured: ${describeRefusal(config.refused)}`);
    return new NotConfiguredError(`No gateway is configured. ${config.hint}`);
  }
  const parsed = parseBaseURL(config.baseURL);
  if ('problem' in parsed) return new NotConfiguredError(`${describeBaseURLProblem(config.baseURLFrom, parsed.problem)} ${config.hint}`);
  const endpoint: { -readonly [K in keyof SourceEndpoint]: SourceEndpoint[K] } = { baseURL: parsed.url, headers: config.headers };
  if (config.apiKey !== undefined) endpoint.apiKey = config.apiKey;
  if (config.authToken !== undefined) endpoint.authToken = config.authToken;
  if (parsed.username || parsed.password) endpoint.basic = { user: parsed.username, password: parsed.password };
  if (config.modelsPath !== undefined) endpoint.modelsPath = config.modelsPath;
  return endpoint;
}

/**
 * What to say when the runtime refused to read environment variables: a configuration problem
 * (the gateway was never asked), with both ways out.
 */
export function describeRefusal(names: readonly string[]): string {
  return (
    `the runtime refused to read ${names.join(', ')} from the environment (Deno without --allow-env), so they count as unset. ` +
    `Pass their values as options (\`baseURL\`, \`apiKey\`, \`authToken\`, \`headers\`) with \`env: {}\`, or allow reading them: deno run --allow-net --allow-env=${names.join(',')}.`
  );
}

/** `{base}{path}`, where `path` starts with `/`. */
export function joinURL(base: string, path: string): string {
  return `${base}${path}`;
}

/** The base URL without a trailing `/v1`, for dialects whose paths start with `/v1` themselves. */
export function withoutV1(baseURL: string): string {
  return baseURL.replace(/\/v1$/, '');
}

/**
 * The URL of the list: `modelsPath` when set, else `{base}/v1/models` (a base that already ends
 * in `/v1` does not become `/v1/v1/models`).
 */
export function modelsURL(endpoint: SourceEndpoint, dialectPath = '/v1/models'): string {
  if (endpoint.modelsPath !== undefined) return joinURL(endpoint.baseURL, endpoint.modelsPath);
  return joinURL(dialectPath.startsWith('/v1/') ? withoutV1(endpoint.baseURL) : endpoint.baseURL, dialectPath);
}

/** The `Authorization: Basic` value of the base URL's `user:password`, UTF-8 as RFC 7617 says. */
export function basicAuthorization(endpoint: SourceEndpoint): string | undefined {
  if (!endpoint.basic) return undefined;
  const { user, password } = endpoint.basic;
  return `Basic ${basicToken(user, password)}`;
}

/**
 * The headers of a request: the source's custom headers, then the dialect's own and the
 * credentials, which win over a custom header of the same name. Names are lower case.
 */
export function requestHeaders(endpoint: SourceEndpoint, own: Readonly<Record<string, string | undefined>>): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(endpoint.headers)) headers[name.toLowerCase()] = value;
  for (const [name, value] of Object.entries(own)) if (value !== undefined) headers[name.toLowerCase()] = value;
  return headers;
}
