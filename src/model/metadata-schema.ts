// `* as z`, not `{ z }`: see model/schema.ts.
import * as z from 'zod';

import { MAX_DESCRIPTION_LENGTH, MAX_PRICE_PER_MILLION, MAX_TOKENS, METADATA_SOURCES, MODEL_KINDS } from './vocabulary.js';

const tokenCount = z.number().int().min(1).max(MAX_TOKENS);
const price = z.number().min(0).max(MAX_PRICE_PER_MILLION);

export const pricingSchema = z.object({
  /** USD per million input tokens. */
  input: price.optional(),
  /** USD per million output tokens. */
  output: price.optional(),
  /** USD per million input tokens read from the prompt cache. */
  cache_read: price.optional(),
  /** USD per million input tokens written to the prompt cache. */
  cache_write: price.optional(),
});

export const capabilitiesSchema = z.object({
  vision: z.boolean().optional(),
  tools: z.boolean().optional(),
  reasoning: z.boolean().optional(),
});

/**
 * The optional metadata fields of a model, exactly as SPEC names them. Spread into the public
 * model schema, so the snapshot, the routes and the OpenAPI document all come from this one shape.
 */
export const metadataShape = {
  /** Most input tokens. */
  context_window: tokenCount.optional(),
  /** Most output tokens. */
  max_output_tokens: tokenCount.optional(),
  pricing: pricingSchema.optional(),
  capabilities: capabilitiesSchema.optional(),
  kind: z.enum(MODEL_KINDS).optional(),
  /** One line of text from the upstream. */
  description: z.string().min(1).max(MAX_DESCRIPTION_LENGTH).optional(),
  metadata_source: z.enum(METADATA_SOURCES).optional(),
};

export type Pricing = z.infer<typeof pricingSchema>;
export type Capabilities = z.infer<typeof capabilitiesSchema>;
export type ModelMetadata = z.infer<z.ZodObject<typeof metadataShape>>;
