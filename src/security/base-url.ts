/** Why a base URL cannot be used, in words every caller (options, environment, CLI) can put in its own message. */
export type BaseURLProblem = 'not a valid URL' | 'not http or https' | 'has a query string or a fragment';

export interface ParsedBaseURL {
  /** Origin and path, without credentials, query or trailing slash. */
  readonly url: string;
  readonly origin: string;
  /** The path without a trailing slash (`''` for the root). */
  readonly path: string;
  /** `user:password@` decoded; empty strings when absent. */
  readonly username: string;
  readonly password: string;
}

/**
 * The one place a base URL is checked and taken apart. The result never holds the credentials in
 * the URL string, and a problem never echoes the value (a malformed URL may still hold a password).
 */
export function parseBaseURL(value: string): ParsedBaseURL | { problem: BaseURLProblem } {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return { problem: 'not a valid URL' };
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return { problem: 'not http or https' };
  if (url.search || url.hash || value.includes('?') || value.includes('#')) return { problem: 'has a query string or a fragment' };
  const { user, password: rawPassword } = splitURLCredentials(value) ?? { user: '', password: '' };
  const username = safeDecode(user);
  const password = safeDecode(rawPassword);
  const path = url.pathname.replace(/\/+$/, '');
  return { url: `${url.origin}${path}`, origin: url.origin, path, username, password };
}

/** A problem as the words that follow the value's name: `is not a valid URL`. */
export function baseURLProblemWords(problem: BaseURLProblem): string {
  switch (problem) {
    case 'not a valid URL':
      return 'is not a valid URL';
    case 'not http or https':
      return 'must use http or https';
    case 'has a query string or a fragment':
      return 'must not contain a query string or a fragment';
  }
}

/** Words for a problem, naming where the value came from (`baseURL`, `ANTHROPIC_BASE_URL`, `--base-url`). */
export function describeBaseURLProblem(where: string, problem: BaseURLProblem): string {
  const sentence = `${where} ${baseURLProblemWords(problem)}.`;
  return problem === 'not a valid URL' ? `${sentence} Expected something like "http://localhost:4000".` : sentence;
}

/** The `user:password@` of a base URL as written (still percent-encoded), or undefined without one. */
export interface URLCredentials {
  readonly user: string;
  readonly password: string;
}

/**
 * The one place credentials are taken out of a URL. Uses the URL parser, so it finds exactly
 * what would be sent; a value the parser refuses is split at its last `@` before the path, so
 * even a malformed URL's password is known as a secret.
 */
export function splitURLCredentials(value: string | undefined): URLCredentials | undefined {
  if (!value) return undefined;
  try {
    const url = new URL(value);
    return url.username || url.password ? { user: url.username, password: url.password } : undefined;
  } catch {
    const start = value.indexOf('://');
    if (start < 0) return undefined;
    const authorityEnd = value.slice(start + 3).search(/[/?#]/);
    const authority = authorityEnd < 0 ? value.slice(start + 3) : value.slice(start + 3, start + 3 + authorityEnd);
    const at = authority.lastIndexOf('@');
    if (at < 0) return undefined;
    const userinfo = authority.slice(0, at);
    const colon = userinfo.indexOf(':');
    return { user: colon < 0 ? userinfo : userinfo.slice(0, colon), password: colon < 0 ? '' : userinfo.slice(colon + 1) };
  }
}

/** `decodeURIComponent` that keeps a malformed escape as it is instead of throwing. */
export function safeDecode(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}
