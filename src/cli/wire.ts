import type { Snapshot } from '../schema.js';

/** The snapshot in the snake_case the HTTP routes send, so `--json` and the API read alike. */
export function toWireSnapshot(snapshot: Snapshot): Record<string, unknown> {
  return {
    models: snapshot.models,
    discovery_available: snapshot.discoveryAvailable,
    stale: snapshot.stale,
    last_refreshed: snapshot.lastRefreshed,
    error: snapshot.error,
  };
}
