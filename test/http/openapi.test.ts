import { describe, expect, it } from 'vitest';

import { modelRoutesOpenAPI, snapshotWireSchema } from '../../src/schema/index.js';

describe('the OpenAPI document of the routes', () => {
  it('describes both routes under the default prefix as OpenAPI 3.1', () => {
    const doc = modelRoutesOpenAPI();

    expect(doc.openapi).toBe('3.1.0');
    expect(Object.keys(doc.paths)).toEqual(['/api/v1/models/available', '/api/v1/models/available/refresh']);
    expect(doc.paths['/api/v1/models/available']).toHaveProperty('get.responses.200.content.application/json.schema.$ref', '#/components/schemas/ModelDiscoverySnapshot');
    expect(doc.paths['/api/v1/models/available/refresh']).toHaveProperty('post.responses.200');
  });

  it('uses the routes prefix and refuses the prefixes the routes refuse', () => {
    expect(Object.keys(modelRoutesOpenAPI({ prefix: '/internal' }).paths)).toEqual(['/internal/models/available', '/internal/models/available/refresh']);
    expect(() => modelRoutesOpenAPI({ prefix: 'internal/' })).toThrow(TypeError);
  });

  it('generates the snapshot schema from the zod schema the handler serves', () => {
    const schema = modelRoutesOpenAPI().components.schemas.ModelDiscoverySnapshot as { required: string[]; properties: Record<string, unknown> };

    expect(schema.required).toEqual(Object.keys(snapshotWireSchema.shape));
    expect(schema.properties).toHaveProperty('models.items.properties.display_name.type', 'string');
    expect(schema.properties).toHaveProperty('sources.items.properties.last_refreshed');
    expect(schema.properties).toHaveProperty('sources.items.properties.status.enum', ['fresh', 'stale', 'down', 'pending', 'not_configured']);
    expect(JSON.stringify(schema)).not.toContain('$schema');
  });
});
