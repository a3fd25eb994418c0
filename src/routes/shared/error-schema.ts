// `* as z`, not `{ z }`: see model/schema.ts.
import * as z from 'zod';

import { AVAILABLE_PROBLEMS, type RouteError } from './problems.js';

/**
 * The body of every 4xx/5xx answer of the available-models routes, as a zod schema: exported from
 * `model-discovery/schema` and used for the OpenAPI document, never loaded by the routes themselves.
 */
export const routeErrorSchema = z.object({
  error: z.object({
    code: z.enum(AVAILABLE_PROBLEMS),
    message: z.string(),
  }),
});

// The plain type the routes use and the schema's must stay one and the same.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const sameShape: Same<z.infer<typeof routeErrorSchema>, RouteError> = true;
void sameShape;
