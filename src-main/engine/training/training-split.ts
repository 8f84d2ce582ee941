// From an imported dataset to training and validation sets: duplicates out, an official test
// folder held out, a tiny official validation folder merged back and everything re-split by patient.
import type { SplitSummary } from '../../api/training';
import type { DatasetItem } from './dataset-item';
import type { Dataset } from './import-dataset';
import { countByClass, patientsByClass } from './import-dataset';
import { patientSplit } from './patient-split';

/** An official validation folder is used as is only with at least this many images per class. */
export const MIN_OFFICIAL_VAL_PER_CLASS = 50;

export interface TrainingSets {
  train: DatasetItem[];
  val: DatasetItem[];
  heldOut: DatasetItem[];
  summary: SplitSummary;
}

export function trainingSplit(ds: Dataset, valFraction: number, seed: number): TrainingSets {
  const usable = ds.items.filter((it) => !it.excluded);
  const heldOut = usable.filter((it) => it.officialSplit === 'test');
  const pool = usable.filter((it) => it.officialSplit !== 'test');
  const notes: string[] = [];
  const pct = Math.round(valFraction * 100);
  let rule = `patient-level, stratified by class: ${pct}% of each class's images to validation, seed ${seed}`;
  let train: DatasetItem[];
  let val: DatasetItem[];

  const officialVal = pool.filter((it) => it.officialSplit === 'val');
  const officialTrain = pool.filter((it) => it.officialSplit !== 'val');
  const valCounts = countByClass(officialVal);
  const trainPatients = new Set(officialTrain.map((it) => it.patientId));
  const sharedPatients = new Set(officialVal.filter((it) => trainPatients.has(it.patientId)).map((it) => it.patientId)).size;
  if (officialVal.length > 0 && Math.min(valCounts.NORMAL, valCounts.PNEUMONIA) >= MIN_OFFICIAL_VAL_PER_CLASS && sharedPatients === 0) {
    train = officialTrain;
    val = officialVal;
    rule = 'the official validation folder, as given (patient-disjoint from train)';
  } else {
    if (officialVal.length > 0) {
      const why =
        sharedPatients > 0
          ? `${sharedPatients} of its patients also appear in train`
          : `it has only ${officialVal.length} images (${valCounts.NORMAL} NORMAL, ${valCounts.PNEUMONIA} PNEUMONIA; fewer than ${MIN_OFFICIAL_VAL_PER_CLASS} per class)`;
      notes.push(`the official validation folder was merged with train and re-split by patient: ${why}`);
    }
    ({ train, val } = patientSplit(pool, valFraction, seed));
  }
  if (heldOut.length > 0) {
    notes.push(`the official test folder (${heldOut.length} images) is held out: not used for training, validation or the threshold`);
    const used = new Set(pool.map((it) => it.patientId));
    const overlap = new Set(heldOut.filter((it) => used.has(it.patientId)).map((it) => it.patientId)).size;
    if (overlap > 0) notes.push(`${overlap} test patients also have images in train/val: test scores on them may be optimistic`);
  }
  const part = (items: DatasetItem[]) => ({ images: countByClass(items), patients: patientsByClass(items) });
  return {
    train,
    val,
    heldOut,
    summary: {
      seed,
      rule,
      train: part(train),
      val: part(val),
      ...(heldOut.length ? { heldOut: part(heldOut) } : {}),
      unidentifiedImages: [...train, ...val, ...heldOut].filter((it) => it.patientSource === 'file').length,
      notes,
    },
  };
}
