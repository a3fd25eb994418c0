import { credentialsInURL, safeDecode } from './base-url.js';

/** Everything that identifies a caller to an upstream; each value is a secret. */
export interface Credentials {
  readonly baseURL?: string | undefined;
  readonly apiKey?: string | undefined;
  readonly authToken?: string | undefined;
  /** Extra request headers: every value counts as a secret (gateways put keys in their own headers). */
  readonly headers?: Readonly<Record<string, string>> | undefined;
}

/**
 * The one list of secrets a redactor must know for a set of credentials: the key, the token, every
 * header value, the user and password of the base URL (raw and decoded) and their HTTP Basic form.
 */
export function secretsOf(credentials: Credentials): string[] {
  const fromURL = credentialsInURL(credentials.baseURL);
  const secrets = [credentials.apiKey, credentials.authToken, ...Object.values(credentials.headers ?? {}), ...fromURL];
  const basic = basicCredentials(credentials.baseURL);
  if (basic) secrets.push(basic);
  return secrets.filter((value): value is string => typeof value === 'string' && value !== '');
}

/** The base64 of `user:password` as HTTP Basic sends it, or undefined without credentials in the URL. */
export function basicCredentials(baseURL: string | undefined): string | undefined {
  if (!baseURL) return undefined;
  let url: URL;
  try {
    url = new URL(baseURL);
  } catch {
    return undefined;
  }
  if (!url.username && !url.password) return undefined;
  return basicToken(safeDecode(url.username), safeDecode(url.password));
}

/** `base64(user:password)` as HTTP Basic sends it. */
export function basicToken(user: string, password: string): string {
  return base64(`${user}:${password}`);
}

// `btoa` takes Latin-1 only; HTTP Basic credentials are UTF-8 (RFC 7617), so a password with `€`
// must be encoded first rather than throw out of the constructor.
function base64(text: string): string {
  let binary = '';
  for (const byte of new TextEncoder().encode(text)) binary += String.fromCharCode(byte);
  return btoa(binary);
}
