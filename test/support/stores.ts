import type { Store } from '../../src/fleet/store.js';

/** A plain in-memory store that keeps what it was given as JSON, so a test can search it. */
export function jsonStore(): Store & { data: Map<string, string>; broken: boolean; hang: boolean; check(): Promise<void> } {
  const data = new Map<string, string>();
  const store = {
    data,
    broken: false,
    hang: false,
    async get(key: string) {
      await store.check();
      const text = data.get(key);
      return text === undefined ? undefined : JSON.parse(text);
    },
    async set(key: string, value: unknown) {
      await store.check();
      data.set(key, JSON.stringify(value));
      return true;
    },
    async delete(key: string) {
      await store.check();
      return data.delete(key);
    },
    async check() {
      if (store.hang) await new Promise(() => {});
      if (store.broken) throw new Error('connect ECONNREFUSED 127.0.0.1:6379');
    },
  };
  return store;
}

/** A store that answers fixed values by the kind of key (`list`, `stamp`, `lease`) and accepts every write. */
export function answering(values: Partial<Record<'list' | 'stamp' | 'lease', unknown>>): Store {
  const kind = (key: string) => key.slice(key.lastIndexOf(':') + 1) as 'list' | 'stamp' | 'lease';
  return { get: async (key: string) => values[kind(key)], set: async () => true, delete: async () => true };
}

/**
 * A jsonStore shaped like Keyv over `@keyv/redis`, so that the lease takes the atomic `SET NX`
 * path with its compare-and-delete release (shared-list.ts, `redisClientOf`). Expiry is not
 * played: a lease nobody handed back stays in `data`.
 */
export function redisShaped(): ReturnType<typeof jsonStore> {
  const store = jsonStore();
  const client = {
    async set(key: string, value: string) {
      await store.check();
      if (store.data.has(key)) return null;
      store.data.set(key, JSON.stringify(value));
      return 'OK';
    },
    async eval(_script: string, { keys, arguments: args }: { keys: string[]; arguments: string[] }) {
      await store.check();
      if (store.data.get(keys[0]!) !== JSON.stringify(args[0])) return 0;
      store.data.delete(keys[0]!);
      return 1;
    },
  };
  return Object.assign(store, { store: { opts: { dialect: 'redis' }, getClient: async () => client } });
}
