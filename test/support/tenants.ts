import { http, HttpResponse } from 'msw';

import { anthropicPage, GATEWAY, upstream } from './upstream.js';

/** Tenant canaries: three valid keys that list differently, and one the gateway refuses. */
export const TENANT_KEYS = {
  alice: 'sk-tenant-ALICE-3c9e1f5a7b2d4e60',
  bob: 'sk-tenant-BOB-8d2f6a1c4e7b9053',
  carol: 'tok-tenant-CAROL-5b7d9f1e3a6c8024',
  mallory: 'sk-tenant-MALLORY-0a1b2c3d4e5f6071',
} as const;

/** Each valid credential's own list: no id is in two lists, so a list served to the wrong tenant shows. */
export const TENANT_LISTS: Readonly<Record<string, readonly string[]>> = {
  [TENANT_KEYS.alice]: ['claude-alice-1', 'claude-alice-2'],
  [TENANT_KEYS.bob]: ['claude-bob-1'],
  [TENANT_KEYS.carol]: ['claude-carol-1', 'claude-carol-2', 'claude-carol-3'],
};

export const EVERY_TENANT_SECRET: readonly string[] = Object.values(TENANT_KEYS);

/** One request the per-key gateway got: the credential it carried and how. */
export interface KeyedCall {
  credential: string | undefined;
  via: 'x-api-key' | 'bearer' | 'none';
}

/**
 * A gateway that lists per credential (LiteLLM virtual keys, a multi-tenant proxy): `x-api-key`
 * or `Authorization: Bearer`, each with its own list; any other credential gets a 401 that echoes
 * it, as LiteLLM's does. Served by msw at `base`, recording every request.
 */
export function servePerKey(base = GATEWAY): KeyedCall[] {
  const calls: KeyedCall[] = [];
  upstream.use(
    http.get(`${base}/v1/models`, ({ request }) => {
      const key = request.headers.get('x-api-key');
      const bearer = request.headers.get('authorization')?.replace(/^Bearer /, '');
      const credential = key ?? bearer ?? undefined;
      calls.push({ credential, via: key ? 'x-api-key' : bearer ? 'bearer' : 'none' });
      const ids = credential === undefined ? undefined : TENANT_LISTS[credential];
      if (!ids) return HttpResponse.json({ error: { message: `Authentication Error, invalid key: ${credential}` } }, { status: 401 });
      return HttpResponse.json(anthropicPage([...ids]));
    }),
  );
  return calls;
}

/** Everything in `text` that is any tenant's credential (except `allowed`), for an expectation that it is empty. */
export function tenantSecretsIn(text: string, allowed: readonly string[] = []): string[] {
  return EVERY_TENANT_SECRET.filter((secret) => !allowed.includes(secret) && text.includes(secret));
}
