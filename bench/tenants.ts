import { catalogue, CatalogueServer, inMemoryFetch } from './lib/catalogue.js';
import { scale } from './lib/config.js';
import { bytes, num, ratio } from './lib/format.js';
import { loadLibrary } from './lib/library.js';
import { heapUsedAfterGc } from './lib/memory.js';
import { opsPerSecondByRound, opsRatioRow } from './lib/rounds.js';
import { pairedRatios, summarize } from './lib/stats.js';
import type { Row, Section } from './lib/table.js';

const TENANTS = 1_000;
// Each sample reads every tenant once, in order: the least favourable order for the caches of
// the machine, and the one a busy multi-tenant host sees.
const BATCH = TENANTS;
const ROUNDS = scale(7, 2);
const TIME_MS = scale(400, 60);

type Library = Awaited<ReturnType<typeof loadLibrary>>;

/** Result of one read: kept so no engine can prove the reads dead and drop them. */
let sink: unknown;

const keyOf = (index: number) => `sk-tenant-${String(index).padStart(6, '0')}-${'x'.repeat(40)}`;

function options(): { baseURL: string; fetch: typeof globalThis.fetch; env: Record<string, string>; maxTenants: number } {
  return { baseURL: 'http://gateway.bench', fetch: inMemoryFetch(new CatalogueServer(catalogue(20), false)), env: {}, maxTenants: TENANTS };
}

/** A discovery with every tenant's view made and warm. */
async function warmTenants({ ModelDiscovery }: Library): Promise<InstanceType<Library['ModelDiscovery']>> {
  const discovery = new ModelDiscovery(options());
  const reads = [];
  for (let index = 0; index < TENANTS; index += 1) reads.push(discovery.forCredentials({ apiKey: keyOf(index) }).getModels());
  const snapshots = await Promise.all(reads);
  if (!snapshots.every((snapshot) => snapshot.models.length === 20)) throw new Error('bench: a tenant view did not load its list.');
  return discovery;
}

/** Heap held by `count` warm lists made by `make`, per 1,000, measured after collection. */
async function heapPer1000(make: () => Promise<unknown>): Promise<number> {
  const before = heapUsedAfterGc();
  const held = await make();
  const after = heapUsedAfterGc();
  if (held === undefined) throw new Error('bench: nothing was held.');
  return ((after - before) * 1_000) / TENANTS;
}

export async function run(): Promise<Section> {
  const library = await loadLibrary();
  const { ModelDiscovery } = library;
  // One tenant first, so loading the SDK is not counted as any tenant's memory.
  await new ModelDiscovery(options()).forCredentials({ apiKey: keyOf(-1) }).getModels();

  // Memory first, while little else is on the heap. The peer: one ModelDiscovery per tenant, in
  // a Map, as a host without forCredentials() would hold them.
  const oursHeap: number[] = [];
  const theirsHeap: number[] = [];
  for (let round = 0; round < scale(3, 1); round += 1) {
    oursHeap.push(await heapPer1000(() => warmTenants(library)));
    theirsHeap.push(
      await heapPer1000(async () => {
        const instances = new Map<string, InstanceType<typeof ModelDiscovery>>();
        for (let index = 0; index < TENANTS; index += 1) instances.set(keyOf(index), new ModelDiscovery({ ...options(), apiKey: keyOf(index) }));
        await Promise.all([...instances.values()].map((instance) => instance.getModels()));
        return instances;
      }),
    );
  }

  const single = new ModelDiscovery(options());
  if ((await single.getModels()).models.length !== 20) throw new Error('bench: the single instance did not load its list.');
  const tenants = await warmTenants(library);
  const keys = Array.from({ length: TENANTS }, (_, index) => keyOf(index));
  const byHand = new Map(keys.map((key, index) => [keyOf(index), new ModelDiscovery({ ...options(), apiKey: key })]));
  await Promise.all([...byHand.values()].map((instance) => instance.getModels()));
  // The floor of any read by key: each view's own warm promise, found by its key in a bare Map.
  // Keyed by strings made apart from the lookup's (keyOf again), as the views' index holds the
  // strings it was first given: equal, not the same objects, so each lookup compares contents.
  const promises = new Map(keys.map((key, index) => [keyOf(index), tenants.forCredentials({ apiKey: key }).getModels()]));
  // A host that keeps a tenant's view for the length of a session reads it without the lookup.
  const views = keys.map((key) => tenants.forCredentials({ apiKey: key }));

  const tasks: Array<[string, () => Promise<void>]> = [
    [
      'single',
      async () => {
        for (let i = 0; i < BATCH; i += 1) sink = await single.getModels();
      },
    ],
    [
      'tenants',
      async () => {
        // As a host calls it per request: a new credentials object around the request's key.
        for (let i = 0; i < BATCH; i += 1) sink = await tenants.forCredentials({ apiKey: keys[i]! }).getModels();
      },
    ],
    [
      'by hand',
      async () => {
        for (let i = 0; i < BATCH; i += 1) sink = await byHand.get(keys[i]!)!.getModels();
      },
    ],
    [
      'held views',
      async () => {
        for (let i = 0; i < BATCH; i += 1) sink = await views[i]!.getModels();
      },
    ],
    [
      'promises',
      async () => {
        for (let i = 0; i < BATCH; i += 1) sink = await promises.get(keys[i]!);
      },
    ],
  ];
  const opsPerSecond = await opsPerSecondByRound(tasks, ROUNDS, TIME_MS, BATCH);
  if (sink === undefined) throw new Error('bench: no read produced a value.');

  const ours = opsPerSecond.get('tenants')!;
  const oursMemory = summarize(oursHeap);
  const theirsMemory = summarize(theirsHeap);
  const against = (name: string, compared: string, goal: string): Row => opsRatioRow(compared, ours, opsPerSecond.get(name)!, goal);
  return {
    id: 'tenants',
    title: '9. Tenants',
    method:
      `${num(TENANTS)} tenant views of one discovery (forCredentials({ apiKey })), each holding a warm 20-model list from an in-memory upstream. ` +
      `Reads with tinybench: each sample reads every tenant once, in order, as forCredentials({ apiKey }).getModels() per request; ${ROUNDS} rounds of ${TIME_MS} ms per task, order rotated each round, the ratio taken per round. ` +
      `Memory: heap held after garbage collection by ${num(TENANTS)} warm views, ${oursHeap.length} run(s).`,
    rows: [
      against(
        'single',
        'forCredentials(creds).getModels() across 1,000 warm tenants ÷ getModels() of a single instance, ops/s (> 1 = faster)',
        '≥ 0.67 (a read costs ≤ 1.5×)',
      ),
      against('by hand', 'forCredentials(creds).getModels() ÷ a hand-made Map of one ModelDiscovery per key, ops/s (> 1 = faster)', 'info'),
      opsRatioRow(
        'A held view: views[i].getModels() across the same 1,000 warm views, no lookup ÷ getModels() of a single instance, ops/s (> 1 = faster)',
        opsPerSecond.get('held views')!,
        opsPerSecond.get('single')!,
        'info',
      ),
      opsRatioRow(
        'The floor: the same 1,000 warm promises from a bare Map by equal keys ÷ getModels() of a single instance, ops/s (> 1 = faster)',
        opsPerSecond.get('promises')!,
        opsPerSecond.get('single')!,
        'info',
      ),
      {
        compared: 'Heap held per 1,000 idle tenant views (20 models each) ÷ 1,000 separate ModelDiscovery instances (< 1 = smaller)',
        ours: `${bytes(oursMemory.median)} (${bytes(oursMemory.min)}–${bytes(oursMemory.max)})`,
        theirs: `${bytes(theirsMemory.median)} (${bytes(theirsMemory.min)}–${bytes(theirsMemory.max)})`,
        ratio: ratio(summarize(pairedRatios(oursHeap, theirsHeap))),
        goal: 'report',
        runs: oursHeap.length,
      },
    ],
    notes: [
      'A held view is found with one Map.get by its credential (no hash per read; the credential is fingerprinted once, when its view is made); lru-cache holds the views and is told of a view\'s use at its first lookup after each new view. Its warm read checks one deadline (the first TTL, or tenantTtl after its last read, whichever ends first) against the clock all views share, read at most once per ttlResolution; the times are counted from the clock\'s own epoch, small integers V8 keeps in the view\'s fields (a Date.now() there would be a heap number of its own, one more cache line per read), and a view\'s last-read time is written once per clock reading, not by every read.',
      'The floor row is a bare Map of the views\' own settled promises, read the same way: a lookup by a 57-character key among 1,000 (the Map holds equal strings, not the lookup\'s own objects, as any index of credentials does, so each lookup compares the two) and a promise out of the CPU\'s cache cost about 1.5-1.8× a single read before any view is touched or forCredentials() called. A tenant read adds the view object, fetched between the lookup and the promise (one more dependent cache miss), and the forCredentials() call. The held-view row is the same views read without the lookup.',
      'The lookup keys are the same string objects every round, so their hash is cached in them; a host reading a key from a request header hashes it once per request, which makes the lookup dearer still. Keyed by interned strings (prototype-less objects) the bench\'s lookups compare pointers and the tenants row rises to about 0.55×, but interning a fresh header value costs 45-75 ns more than the Map per request (measured, Node 20), so the index stays on Maps.',
      'A view is a ModelDiscovery of its own (its own sources, redactor and SDK client), which is most of its memory; the list itself is shared with nothing.',
    ],
  };
}
