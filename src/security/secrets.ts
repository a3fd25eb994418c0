import { safeDecode, splitURLCredentials } from './base-url.js';

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
  const secrets = [credentials.apiKey, credentials.authToken, ...Object.values(credentials.headers ?? {})];
  const inURL = splitURLCredentials(credentials.baseURL);
  if (inURL) {
    const user = safeDecode(inURL.user);
    const password = safeDecode(inURL.password);
    secrets.push(inURL.user, inURL.password, user, password, basicToken(user, password));
  }
  return secrets.filter((value): value is string => typeof value === 'string' && value !== '');
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
