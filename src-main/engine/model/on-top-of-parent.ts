// The training data of a model grown from another: its own images on top of its parent's. The
// counts add up (the card shows them beside the words) and the parent's credit and licence stay:
// the weights still carry what the parent learned from its data.
import { resolve } from 'node:path';
import type { ModelCard } from '../../api/model-card';
import { fittedFolders } from './ancestor-folders';

/** `own.root`: the folder this step learned from; when the parent or an ancestor learned from it too, its images are not counted twice. */
export function onTopOfParent(
  own: { description: string; images: number; patients: number; root: string },
  parent: { id: string; card: ModelCard },
): ModelCard['trainingData'] {
  const p = parent.card.trainingData;
  const again = fittedFolders(parent.card).some((f) => resolve(f) === resolve(own.root));
  if (again) {
    return { ...p, description: `${own.description} (a folder its lineage had learned from already, not counted twice), on top of its parent '${parent.id}': ${p.description}` };
  }
  return {
    description: `${own.description}, on top of its parent '${parent.id}': ${p.description}`,
    ...(p.credit ? { credit: p.credit } : {}),
    ...(p.licence ? { licence: p.licence } : {}),
    // Unknown when the parent's counts are not on its card: a partial sum would read as the whole.
    ...(p.images !== undefined ? { images: p.images + own.images } : {}),
    ...(p.patients !== undefined ? { patients: p.patients + own.patients } : {}),
  };
}
