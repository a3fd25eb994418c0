// What the sources tests import: the public surface, plus the wire conversion the routes use.
export { ModelDiscovery, snapshotSchema } from '../../src/index.js';
export type { ModelDiscoveryOptions, RefreshEvent, Snapshot, SourceOptions } from '../../src/index.js';
export { toWireSnapshot as toWireSnapshotForTest } from '../../src/model/schema.js';
