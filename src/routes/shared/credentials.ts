/** The `credentials` option both route families take: which tenant's list a request is answered from. */
import type { TenantCredentials } from '../../discovery/credentials.js';
import type { AuthorizeRequest, ModelRoutesRequest } from './http.js';
import { failOption } from './options.js';
import { headerValue, toAuthorizeRequest, toSearchParams } from './request.js';

export type { TenantCredentials };

/**
 * Picks the credential a request is listed with (`discovery.forCredentials()`), from the host's
 * own session or header; `undefined` answers from the instance's own list.
 */
export type CredentialsHook<Native> = (request: AuthorizeRequest<Native>) => TenantCredentials | undefined | Promise<TenantCredentials | undefined>;

/** Anything that makes tenant views: a `ModelDiscovery`. */
export interface TenantLister<View> {
  forCredentials(credentials: TenantCredentials): View;
}

/** A request whose credential is missing or malformed: answered 401 before the upstream is asked. */
export const NO_CREDENTIALS = Symbol('no credentials');

/** Checks the option once, when the routes are built. `forward` is accepted where the family allows it. */
export function checkCredentialsOption(owner: unknown, value: unknown, forward: boolean): void {
  if (value === undefined) return;
  if (typeof value !== 'function' && !(forward && value === 'forward')) {
    failOption(`\`credentials\` must be a function of the request${forward ? " or 'forward'" : ''}.`);
  }
  if (typeof (owner as Partial<TenantLister<unknown>> | null)?.forCredentials !== 'function') {
    failOption('`credentials` needs a ModelDiscovery (an object with forCredentials()) to pick each tenant\'s list from.');
  }
}

/**
 * The view a request is answered from: the tenant's, the owner itself (the hook chose none), or
 * NO_CREDENTIALS. With `'forward'` the client's own `x-api-key` (else `Authorization: Bearer`) is
 * the credential, and a missing or malformed one is NO_CREDENTIALS; a hook's malformed credential
 * is the host's mistake and throws.
 */
export async function tenantOf<View, Native>(
  owner: TenantLister<View>,
  credentials: CredentialsHook<Native> | 'forward',
  request: ModelRoutesRequest<Native>,
  method: string,
): Promise<View | undefined | typeof NO_CREDENTIALS> {
  if (credentials !== 'forward') {
    const chosen = await credentials(toAuthorizeRequest(request, method, toSearchParams(request.query)));
    return chosen === undefined ? undefined : owner.forCredentials(chosen);
  }
  const forwarded = forwardedCredentials(request);
  if (!forwarded) return NO_CREDENTIALS;
  try {
    return owner.forCredentials(forwarded);
  } catch (error) {
    // A malformed key a client sent is a refused key, not a fault of the host.
    if (error instanceof TypeError) return NO_CREDENTIALS;
    throw error;
  }
}

/** The client's own credential, as Claude Code and the SDKs send it: `x-api-key`, else a Bearer token. */
function forwardedCredentials(request: ModelRoutesRequest<unknown>): TenantCredentials | undefined {
  const apiKey = headerValue(request.headers, 'x-api-key')?.trim();
  if (apiKey) return { apiKey };
  const bearer = /^Bearer\s+(\S+)\s*$/i.exec(headerValue(request.headers, 'authorization') ?? '');
  return bearer ? { authToken: bearer[1]! } : undefined;
}
