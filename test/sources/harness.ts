// What the sources tests import: the public surface, plus the wire conversion the routes use.
export { ModelDiscovery } from '../../src/index.js';
export { snapshotSchema } from '../../src/schema/index.js';
export type { ModelDiscoveryOptions, RefreshEvent, Snapshot, SourceOptions } from '../../src/index.js';
export { toWireSnapshot as toWireSnapshotForTest } from '../../src/model/wire.js';
