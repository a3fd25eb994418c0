import type { ResolvedOptions } from './options.js';

/**
 * One tenant's credential for `forCredentials()`: an API key (sent as the dialect sends
 * `apiKey`, `x-api-key` for `anthropic`) or a token (sent as `Authorization: Bearer`), never both.
 */
export type TenantCredentials = { apiKey: string; authToken?: undefined } | { authToken: string; apiKey?: undefined };

// Keys and tokens are printable ASCII; anything else would be refused by fetch (non-Latin-1) or
// split a request (CR, LF), and 4 KiB is past any real credential.
const CREDENTIAL = /^[\x21-\x7e]{1,4096}$/;

/**
 * Checks what was handed to `forCredentials()` and returns the credential with its kind. The
 * message names the rule, never the value: it is a secret.
 */
export function checkTenantCredentials(value: unknown): { kind: 'apiKey' | 'authToken'; secret: string } {
  const fail = (rule: string): never => {
    throw new TypeError(`model-discovery: forCredentials() takes { apiKey } or { authToken }: ${rule}`);
  };
  if (typeof value !== 'object' || value === null) return fail('got no object.');
  const { apiKey, authToken } = value as { apiKey?: unknown; authToken?: unknown };
  if (apiKey !== undefined && authToken !== undefined) return fail('give one of them, not both.');
  for (const key of Object.keys(value)) if (key !== 'apiKey' && key !== 'authToken') fail('it has another property.');
  const kind = apiKey !== undefined ? 'apiKey' : 'authToken';
  const secret = apiKey ?? authToken;
  if (secret === undefined) return fail('neither was given.');
  if (typeof secret !== 'string' || !CREDENTIAL.test(secret)) return fail(`\`${kind}\` must be 1-4096 printable ASCII characters without spaces.`);
  return { kind, secret };
}

/**
 * A tenant view's options: the instance's own, with the tenant's credential in place of the
 * credentials of every source that takes it (`perTenant`), as a set (a tenant's key never travels
 * with the instance's token). The other sources keep theirs, so the tenant's key reaches no
 * upstream it was not meant for.
 */
export function tenantOptions(resolved: ResolvedOptions, credential: { kind: 'apiKey' | 'authToken'; secret: string }): ResolvedOptions {
  return {
    ...resolved,
    sources: resolved.sources.map((source) =>
      source.perTenant
        ? {
            ...source,
            endpoint: {
              ...source.endpoint,
              apiKey: credential.kind === 'apiKey' ? credential.secret : undefined,
              authToken: credential.kind === 'authToken' ? credential.secret : undefined,
            },
          }
        : source,
    ),
  };
}
