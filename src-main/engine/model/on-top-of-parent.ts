// The training data of a model grown from another: its own images on top of its parent's. The
// counts add up (the card shows them beside the words) and the parent's credit and licence stay:
// the weights still carry what the parent learned from its data.
import type { ModelCard } from '../../api/model-card';

export function onTopOfParent(
  own: { description: string; images: number; patients: number },
  parent: { id: string; card: Pick<ModelCard, 'trainingData'> },
): ModelCard['trainingData'] {
  const p = parent.card.trainingData;
  return {
    description: `${own.description}, on top of its parent '${parent.id}': ${p.description}`,
    ...(p.credit ? { credit: p.credit } : {}),
    ...(p.licence ? { licence: p.licence } : {}),
    // Unknown when the parent's counts are not on its card: a partial sum would read as the whole.
    ...(p.images !== undefined ? { images: p.images + own.images } : {}),
    ...(p.patients !== undefined ? { patients: p.patients + own.patients } : {}),
  };
}
