// A model card as it may leave this computer: the local folders it was trained, calibrated or evaluated on
// (which in hospitals often carry patient names or record numbers) replaced by what they were, and
// the OS user and host that made it left out.
// Used when a model is exported, and to recognise an import of a model that is already installed.
import type { ModelCard } from '../../api/model-card';
import { shellWord } from '../text/shell-word';

export const SITE_FOLDER = '<the site folder>';
export const TRAINING_FOLDER = '<the training folder>';
export const ANCESTOR_FOLDER = '<a folder an ancestor was fitted on>';
export const EVALUATED_FOLDER = '<an evaluated folder>';
export const NOT_EXPORTED = '<not exported>';

/** The card's own local folders, longest first (a folder inside another is replaced first). */
function localFolders(card: ModelCard): [string, string][] {
  const found: [string, string][] = [];
  const site = card.calibration?.site.root;
  const data = card.training?.dataset.root;
  if (site) found.push([site, SITE_FOLDER]);
  if (data) found.push([data, TRAINING_FOLDER]);
  for (const f of card.ancestorFolders ?? []) found.push([f, ANCESTOR_FOLDER]);
  for (const e of card.evaluations ?? []) found.push([e.folder, EVALUATED_FOLDER]);
  return found.filter(([path]) => path.length > 1).sort((a, b) => b[0].length - a[0].length);
}

/**
 * `text` with each of the card's local folders replaced (as written in JSON or as plain text, and
 * quoted as a shell word, as a recipe gives it: a name with an apostrophe is not a substring there).
 */
export function withoutLocalPathsIn(card: ModelCard, text: string): string {
  let out = text;
  for (const [path, label] of localFolders(card)) {
    for (const form of [shellWord(path), path]) out = out.split(JSON.stringify(form).slice(1, -1)).join(label).split(form).join(label);
  }
  return out;
}

export function cardWithoutLocalPaths(card: ModelCard): ModelCard {
  const out = JSON.parse(withoutLocalPathsIn(card, JSON.stringify(card))) as ModelCard;
  // Who made it and on which machine stay here too; the version and the parent's weights travel.
  if (out.provenance) out.provenance = { ...out.provenance, createdBy: NOT_EXPORTED, host: NOT_EXPORTED };
  return out;
}
