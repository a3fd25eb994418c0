import type { Model, Snapshot } from '../../model/schema.js';

/** A list of models, or anything that carries one (a snapshot from `getModels()`). */
export type ModelList = readonly Model[] | Pick<Snapshot, 'models'>;

export function modelsOf(list: ModelList): readonly Model[] {
  if (Array.isArray(list)) return list;
  const models = (list as Pick<Snapshot, 'models'> | null)?.models;
  if (!Array.isArray(models)) throw new TypeError('model-discovery: expected an array of models or a snapshot with `models`.');
  return models;
}
