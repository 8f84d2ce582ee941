// How the worklist names a model: by its card name, as the model manager does, with the id where the
// card is not known (a deleted model, or the list not loaded yet).
import type { ModelEntry } from '../../../../src-main/api/contract';

export function modelLabel(models: readonly ModelEntry[], id: string): string {
  return models.find((m) => m.id === id)?.card.name ?? id;
}
