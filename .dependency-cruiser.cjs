// The layers of src/, checked in CI by `npm run lint:deps` (dependency-cruiser).
//
// Data flows one way:
//   adapters → routes → discovery → fleet → upstream (→ upstream/dialects → upstream/transport)
//   → foundation (errors, security, model)
// and cli → discovery and below. A module may import its own layer and any layer below it, never
// one above. `src/index.ts` is the public surface: it may import anything, nothing imports it;
// `src/schema/index.ts` is the `model-discovery/schema` entry, the same.
// Type-only imports count (tsPreCompilationDeps): a type imported upward still ties the layers.

/** Each layer with the layers it must never import. */
const LAYERS = [
  { name: 'foundation', path: '^src/(errors|security|model)/', above: '^src/(upstream|fleet|discovery|routes|adapters|cli)/' },
  { name: 'upstream', path: '^src/upstream/', above: '^src/(fleet|discovery|routes|adapters|cli)/' },
  { name: 'fleet', path: '^src/fleet/', above: '^src/(discovery|routes|adapters|cli)/' },
  { name: 'discovery', path: '^src/discovery/', above: '^src/(routes|adapters|cli)/' },
  { name: 'routes', path: '^src/routes/', above: '^src/(adapters|cli)/' },
  { name: 'cli', path: '^src/cli/', above: '^src/(routes|adapters)/' },
];

/** The only modules that import zod: the public schemas and the OpenAPI document built from them. */
const ZOD_FILES = '^src/(model/schema|model/metadata-schema|routes/shared/error-schema|routes/available/openapi)\\.ts$';

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    ...LAYERS.map((layer) => ({
      name: `no-upward-from-${layer.name}`,
      comment: `${layer.name} imports a layer above it; move the shared piece down instead.`,
      severity: 'error',
      from: { path: layer.path },
      to: { path: layer.above },
    })),
    {
      name: 'no-public-surface-inside',
      comment: 'src/index.ts is the public surface; inside src/, import the module itself.',
      severity: 'error',
      from: { path: '^src/', pathNot: '^src/index\\.ts$' },
      to: { path: '^src/index\\.ts$' },
    },
    {
      name: 'schema-entry-outside',
      comment: 'src/schema/ is the `model-discovery/schema` entry (zod and the OpenAPI document): nothing inside src/ imports it, or zod would load with the main entry.',
      severity: 'error',
      from: { path: '^src/', pathNot: '^src/schema/' },
      to: { path: '^src/schema/' },
    },
    {
      name: 'zod-only-in-the-schema-files',
      comment: 'zod costs ~45 ms at import: only the schema files use it; the runtime checks by hand (model/check.ts, model/wire.ts).',
      severity: 'error',
      from: { path: '^src/', pathNot: ZOD_FILES },
      to: { path: '(^|/)node_modules/zod/', dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'schema-files-type-only',
      comment: 'The zod schema files are imported for their types only (outside the schema entry and each other), so the main entry never loads zod.',
      severity: 'error',
      from: { path: '^src/', pathNot: `${ZOD_FILES}|^src/schema/` },
      to: { path: ZOD_FILES, dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'adapters-only-routes',
      comment: 'An adapter only translates: it imports routes (and, type-only, anything below).',
      severity: 'error',
      from: { path: '^src/adapters/' },
      to: { path: '^src/', pathNot: '^src/(routes|adapters)/', dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'adapters-not-each-other',
      comment: 'One adapter never imports another.',
      severity: 'error',
      from: { path: '^src/adapters/([^/]+)/' },
      to: { path: '^src/adapters/', pathNot: '^src/adapters/$1/' },
    },
    {
      name: 'routes-families-apart',
      comment: 'The available and served routes share only routes/shared, never each other.',
      severity: 'error',
      from: { path: '^src/routes/(available|served)/' },
      to: { path: '^src/routes/(available|served)/', pathNot: '^src/routes/$1/' },
    },
    {
      name: 'routes-shared-below-families',
      comment: 'routes/shared is what both families use, so it imports neither.',
      severity: 'error',
      from: { path: '^src/routes/shared/' },
      to: { path: '^src/routes/(available|served)/' },
    },
    {
      name: 'dialects-below-the-paging-loop',
      comment: 'A dialect builds one request and parses one page; the paging loop drives it, never the other way round.',
      severity: 'error',
      from: { path: '^src/upstream/dialects/' },
      to: { path: '^src/upstream/list\\.ts$' },
    },
    {
      name: 'transport-knows-no-dialect',
      comment: 'The bounded transport does all I/O for every dialect: it imports no dialect and no paging loop.',
      severity: 'error',
      from: { path: '^src/upstream/transport(\\.ts$|/)' },
      to: { path: '^src/upstream/(dialects/|dialect\\.ts$|list\\.ts$)' },
    },
    {
      name: 'no-circular',
      comment: 'A cycle hides which module owns what.',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
    {
      name: 'src-not-to-tests-or-tools',
      comment: 'The package never imports its tests, benchmarks or examples.',
      severity: 'error',
      from: { path: '^src/' },
      to: { path: '^(test|bench|examples|scripts)/' },
    },
    {
      name: 'no-unresolvable',
      comment: 'An import that resolves to nothing (a typo, a moved file) hides from every other rule.',
      severity: 'error',
      from: { path: '^src/' },
      to: { couldNotResolve: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default', 'types'], extensions: ['.ts', '.js', '.json'] },
  },
};
