import type { ErrorCode, ModelDiscoveryError } from '../errors/errors.js';

/** What `onRefresh` receives after every upstream refresh. Holds nothing secret. */
export interface RefreshEvent {
  /** The source's name; present when the instance was built with `sources`. */
  source?: string;
  /** A tenant view's refresh: the first 12 hex digits of the SHA-256 fingerprint of its credential. */
  tenant?: string;
  outcome: 'success' | 'failure';
  /** The failure's code; absent on success. */
  code?: ErrorCode;
  /** The failure itself, already scrubbed of secrets; absent on success. */
  error?: ModelDiscoveryError;
  /** Wall time of the refresh, in milliseconds. */
  durationMs: number;
  /** Models kept on success; models still held on failure. */
  count: number;
  /** True when the refresh was asked for explicitly (`refresh()` or `getModels({ refresh: true })`). */
  forced: boolean;
}

/**
 * How one `getModels()` / `refresh()` was answered, in lru-cache's `fetch()` status words, for
 * `onRead`: `hit` every list fresh; `stale` answered at once with a list past its TTL (or whose
 * last refresh failed), a refresh started behind it if due; `miss` waited for a refresh it
 * started, or had no list to serve; `inflight` waited for a refresh another caller started;
 * `refresh` asked for one explicitly.
 */
export type ReadStatus = 'hit' | 'stale' | 'miss' | 'inflight' | 'refresh';
