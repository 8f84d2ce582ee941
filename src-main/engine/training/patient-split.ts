// Patient-level, stratified, seeded split: every image of a patient lands in the same part, and
// each class keeps about the same share of images in every part.
import type { DatasetItem } from './dataset-item';
import { seededRandom, shuffle } from './seeded-random';

export interface PatientSplit<T extends DatasetItem = DatasetItem> {
  train: T[];
  val: T[];
}

/**
 * Puts about `valFraction` of each class's images into `val`, whole patients at a time (a patient
 * with any PNEUMONIA image is stratified as PNEUMONIA). Deterministic for a seed and item list.
 */
export function patientSplit<T extends DatasetItem>(items: T[], valFraction: number, seed: number): PatientSplit<T> {
  if (!(valFraction > 0 && valFraction < 1)) throw new Error(`valFraction must be in (0, 1), got ${valFraction}`);
  const byPatient = new Map<string, T[]>();
  for (const it of items) {
    const list = byPatient.get(it.patientId);
    if (list) list.push(it);
    else byPatient.set(it.patientId, [it]);
  }
  const strata: [string[], string[]] = [[], []];
  for (const [id, list] of [...byPatient].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))) {
    strata[list.some((it) => it.label === 1) ? 1 : 0].push(id);
  }
  const random = seededRandom(seed);
  const valPatients = new Set<string>();
  for (const ids of strata) {
    shuffle(ids, random);
    const images = ids.reduce((n, id) => n + byPatient.get(id)!.length, 0);
    const target = Math.round(images * valFraction);
    let taken = 0;
    for (const id of ids) {
      if (taken >= target) break;
      const n = byPatient.get(id)!.length;
      // Skip a large patient that would overshoot by more than it helps; a later, smaller one fits.
      if (taken + n - target > target - taken && taken > 0) continue;
      valPatients.add(id);
      taken += n;
    }
  }
  const train: T[] = [];
  const val: T[] = [];
  for (const it of items) (valPatients.has(it.patientId) ? val : train).push(it);
  return { train, val };
}
