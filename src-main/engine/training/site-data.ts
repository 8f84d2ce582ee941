// The labelled images a site brings for calibration or adaptation, and whether there are enough of
// them for the figures to mean something.
import type { ClassCounts } from '../../api/training';
import { AlveoError } from '../../api/errors';
import { MIN_IMAGES_PER_CLASS, minPositivesFor, siteMinimum } from '../../api/site-minimum';
import type { DatasetItem } from './dataset-item';
import { countByClass, importDataset, NO_PATIENT_ID, patientsByClass, type Dataset } from './import-dataset';

export interface SiteData {
  root: string;
  /** The folder as imported (the in-sample check reads its layout and split). */
  dataset: Dataset;
  items: DatasetItem[];
  images: ClassCounts;
  patients: ClassCounts;
  skipped: number;
  /** Said when some images have no patient ID: the patient bootstrap and split then treat each file as a patient. */
  identityNote?: string;
}

/** Every usable labelled image of the folder (byte-identical copies once, conflicting ones out). */
export async function loadSiteData(dir: string, signal?: AbortSignal): Promise<SiteData> {
  const ds = await importDataset(dir, { signal });
  const items = ds.items.filter((it) => !it.excluded);
  const identityNote = ds.summary.notes.find((n) => n.includes(NO_PATIENT_ID));
  return { root: ds.summary.root, dataset: ds, items, images: countByClass(items), patients: patientsByClass(items), skipped: ds.summary.skipped.total, ...(identityNote ? { identityNote } : {}) };
}

/**
 * Refuses, saying how many images are needed, when a class has too few. `share` is the part of the
 * site's images the figures are measured on (adaptation keeps some for validation).
 */
export function requireEnoughImages(images: ClassCounts, sensitivity: number, root: string, share = 1, what = 'calibration'): void {
  const need = siteMinimum(sensitivity, share);
  const short = (['NORMAL', 'PNEUMONIA'] as const).filter((c) => images[c] < need[c]);
  if (!short.length) return;
  const parts = short.map((c) => `${need[c]} ${c} images (found ${images[c]})`);
  const why =
    share < 1
      ? `${Math.round(share * 100)}% of them are held out to measure and calibrate the adapted model, which needs at least ${minPositivesFor(sensitivity)} PNEUMONIA and ${MIN_IMAGES_PER_CLASS} NORMAL images`
      : `a 95% interval for sensitivity and specificity needs at least ${minPositivesFor(sensitivity)} PNEUMONIA and ${MIN_IMAGES_PER_CLASS} NORMAL images`;
  throw new AlveoError('BAD_ARGUMENT', `too few labelled images for ${what}: needs at least ${parts.join(' and ')}; ${why}`, root);
}
