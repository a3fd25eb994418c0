import fc from 'fast-check';
import { http, HttpResponse } from 'msw';
import { describe, expect, it } from 'vitest';

import { ModelDiscovery } from '../../src/index.js';
import { modelSchema, snapshotSchema } from '../../src/schema/index.js';
import { captureLogger } from '../support/capture.js';
import { CANARY_KEY, upstream } from '../support/upstream.js';

const hostile = fc.oneof(
  fc.anything(),
  fc.constantFrom('-1', 'abc', 'NaN', '1e300', '0.000003', -1, 1e300, CANARY_KEY, { supported: CANARY_KEY }),
);

describe('a refresh with arbitrary metadata', () => {
  it('never crashes, never breaks the public schema, never leaks a canary (openrouter and anthropic)', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom('openrouter', 'anthropic', 'openai', 'lmstudio'),
        fc.array(fc.dictionary(fc.constantFrom('context_length', 'pricing', 'max_input_tokens', 'max_tokens', 'capabilities', 'max_model_len', 'context_window', 'type', 'max_context_length', 'top_provider', 'architecture', 'supported_parameters', 'litellm_params', 'secret'), hostile), { maxLength: 5 }),
        async (dialect, extras) => {
          const body = { data: extras.map((extra, index) => ({ ...extra, id: `m-${index}`, description: `about ${CANARY_KEY}` })) };
          upstream.use(http.get(/^http:\/\/prop\.test\//, () => HttpResponse.json(body)));
          const logger = captureLogger();
          const snapshot = await new ModelDiscovery({ baseURL: 'http://prop.test', apiKey: CANARY_KEY, dialect: dialect as never, env: {}, logger }).getModels();
          expect(snapshotSchema.safeParse(snapshot).success).toBe(true);
          for (const model of snapshot.models) expect(modelSchema.safeParse(model).success).toBe(true);
          expect(JSON.stringify(snapshot)).not.toContain(CANARY_KEY);
          expect(logger.lines.join('\n')).not.toContain(CANARY_KEY);
        },
      ),
      { numRuns: 60 },
    );
  });
});
