// Calibrating or adapting on images the parent model was already fitted on (its training or
// validation images, a site or an ancestor's): the parent's "before" figures are then in-sample,
// and the new model is fitted to images the lineage has seen, not to a new site. Said as a note on
// the result and the new card, as `alveo evaluate` warns on the same folder.
import type { ModelEntry } from '../../api/contract';
import { readFittedImages } from '../model/fitted-images';
import type { SiteData } from './site-data';
import { trainingOverlapWarnings } from './training-overlap';

export async function parentOverlapNotes(parent: ModelEntry, site: SiteData, method: 'calibrate' | 'adapt'): Promise<string[]> {
  const warnings = trainingOverlapWarnings(parent.card, site.dataset, site.items, await readFittedImages(parent.dir));
  const made = method === 'adapt' ? 'the adaptation' : 'the calibration';
  return warnings.map((w) => `In-sample for the parent '${parent.id}': ${w}. Its "before" figures here do not measure it on a new site, and ${made} tunes it to images it has already seen rather than to a new site's: check both on other images.`);
}
