import type { Model } from '../model/schema.js';

/** Freezes a value and everything in it, so a snapshot handed to callers cannot be changed under others. */
export function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}

/**
 * `deepFreeze` for a list of models, without walking every field: a model's only objects are
 * `pricing` and `capabilities` (model/schema.ts), and its other values are strings, numbers and
 * booleans. A 10,000-model list is frozen without one array allocated per model.
 */
export function freezeModels<T extends readonly Model[]>(models: T): T {
  // Indexed, not for-of: run once per refresh, mostly before V8 optimises it, a for-of makes an
  // iterator result per model.
  for (let index = 0; index < models.length; index += 1) {
    const model = models[index]!;
    if (Object.isFrozen(model)) continue;
    if (model.pricing !== undefined) Object.freeze(model.pricing);
    if (model.capabilities !== undefined) Object.freeze(model.capabilities);
    Object.freeze(model);
  }
  return Object.freeze(models);
}
