// The labelled images a site brings for calibration or adaptation, and whether there are enough of
// them for the figures to mean something.
import type { ClassCounts } from '../../api/training';
import { AlveoError } from '../../api/errors';
import type { DatasetItem } from './dataset-item';
import { countByClass, importDataset, patientsByClass } from './import-dataset';

/**
 * Fewest images per class for a calibration. With 20 images a 95% interval for a proportion near
 * 0.95 spans about 0.75-0.99, and near 0.8 about 0.58-0.92: wide, but it says something. Fewer
 * images than 1 / (1 - sensitivity) positives cannot even show one missed case at the target.
 */
export const MIN_IMAGES_PER_CLASS = 20;

export function minPositivesFor(sensitivity: number): number {
  return Math.max(MIN_IMAGES_PER_CLASS, Math.ceil(1 / (1 - sensitivity)));
}

export interface SiteData {
  root: string;
  items: DatasetItem[];
  images: ClassCounts;
  patients: ClassCounts;
  skipped: number;
}

/** Every usable labelled image of the folder (byte-identical copies once, conflicting ones out). */
export async function loadSiteData(dir: string, signal?: AbortSignal): Promise<SiteData> {
  const ds = await importDataset(dir, { signal });
  const items = ds.items.filter((it) => !it.excluded);
  return { root: ds.summary.root, items, images: countByClass(items), patients: patientsByClass(items), skipped: ds.summary.skipped.total };
}

/**
 * Refuses, saying how many images are needed, when a class has too few. `share` is the part of the
 * site's images the figures are measured on (adaptation keeps some for validation).
 */
export function requireEnoughImages(images: ClassCounts, sensitivity: number, root: string, share = 1, what = 'calibration'): void {
  const need = { PNEUMONIA: Math.ceil(minPositivesFor(sensitivity) / share), NORMAL: Math.ceil(MIN_IMAGES_PER_CLASS / share) };
  const short = (['NORMAL', 'PNEUMONIA'] as const).filter((c) => images[c] < need[c]);
  if (!short.length) return;
  const parts = short.map((c) => `${need[c]} ${c} images (found ${images[c]})`);
  const why =
    share < 1
      ? `${Math.round(share * 100)}% of them are held out to measure and calibrate the adapted model, which needs at least ${minPositivesFor(sensitivity)} PNEUMONIA and ${MIN_IMAGES_PER_CLASS} NORMAL images`
      : `a 95% interval for sensitivity and specificity needs at least ${minPositivesFor(sensitivity)} PNEUMONIA and ${MIN_IMAGES_PER_CLASS} NORMAL images`;
  throw new AlveoError('BAD_ARGUMENT', `too few labelled images for ${what}: needs at least ${parts.join(' and ')}; ${why}`, root);
}
