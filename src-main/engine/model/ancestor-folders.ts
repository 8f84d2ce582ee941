// The folders a model and its ancestors were trained, calibrated or adapted on. A calibrated model
// has its parent's weights and an adapted or fine-tuned one grew from them, so an evaluation on a
// folder any ancestor was fitted on is in-sample for the child too.
import type { ModelCard } from '../../api/model-card';

/** Every folder this card says the model or an ancestor was fitted on (as recorded, unresolved). */
export function fittedFolders(card: ModelCard): string[] {
  const own = [card.training?.dataset.root, card.calibration?.site.root];
  return [...new Set([...(card.ancestorFolders ?? []), ...own].filter((f): f is string => typeof f === 'string' && f.length > 0))];
}

/** The `ancestorFolders` a child of `parent` carries: the parent's fitted folders, its own included. */
export function withAncestorFolders(parent: ModelCard): { ancestorFolders?: string[] } {
  const folders = fittedFolders(parent);
  return folders.length ? { ancestorFolders: folders } : {};
}
