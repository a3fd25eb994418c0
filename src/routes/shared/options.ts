/** The option checks both route families share; each runs once, when the routes are built. */

// Plain unreserved characters only: every framework registers the prefix as a route pattern, where
// `:`, `*`, `(`, `{` or `?` would mean something else.
const PREFIX = /^(\/[A-Za-z0-9._~-]+)*$/;

export function failOption(message: string): never {
  throw new TypeError(`model-discovery: ${message}`);
}

/**
 * The one check of a route prefix: `''` or `/segment/...` without a trailing slash, `.` or `..`.
 * @param shape - how the message describes an accepted prefix, e.g. `'' or a path like '/api/v1'`.
 */
export function checkPrefix(prefix: unknown, shape: string): string {
  if (typeof prefix !== 'string' || !PREFIX.test(prefix) || /\/\.\.?(\/|$)/.test(prefix)) {
    failOption(`\`prefix\` must be ${shape} (letters, digits, '.', '_', '~', '-'; no trailing slash), got ${JSON.stringify(prefix)}.`);
  }
  return prefix;
}

/** An options object holding only known keys; `what` names the options in the message. */
export function checkKnownKeys(options: unknown, known: ReadonlySet<string>, what: string): void {
  if (typeof options !== 'object' || options === null) failOption(`${what} must be an object.`);
  for (const key of Object.keys(options)) {
    if (!known.has(key)) failOption(`unknown ${what.replace(/s$/, '')} \`${key}\`. Known options: ${[...known].join(', ')}.`);
  }
}

/** `authorize` and `onError`, when given, are functions. */
export function checkHooks(options: { authorize?: unknown; onError?: unknown }): void {
  for (const name of ['authorize', 'onError'] as const) {
    if (options[name] !== undefined && typeof options[name] !== 'function') failOption(`\`${name}\` must be a function, got ${typeof options[name]}.`);
  }
}
