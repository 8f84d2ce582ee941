// When there are too few patients for figures to be cited. Patients, not images: a patient's
// images mostly agree, so 21 images of one child are about one observation (review 30 F1, F2).

/**
 * Fewest patients per class for figures worth citing: with 20 a 95% interval for a proportion near
 * 0.95 already spans about 0.75-0.99, the same reasoning as calibration's 20 images per class
 * (site-minimum.ts), here counted in patients.
 */
export const MIN_PATIENTS_PER_CLASS = 20;

export interface ClassTally {
  NORMAL: number;
  PNEUMONIA: number;
}

/** Distinct patients with images of each class (a patient with both counts in both). */
export function patientsPerClass(labels: ArrayLike<number>, patients: readonly string[]): ClassTally {
  const pos = new Set<string>();
  const neg = new Set<string>();
  patients.forEach((p, i) => (labels[i] === 1 ? pos : neg).add(p));
  return { NORMAL: neg.size, PNEUMONIA: pos.size };
}

const count = (n: number, what: string) => `${n} ${what} patient${n === 1 ? '' : 's'}`;

/** An evaluation's small-sample warning, or null when each class has enough patients. */
export function smallSampleWarning(p: ClassTally): string | null {
  if (p.NORMAL >= MIN_PATIENTS_PER_CLASS && p.PNEUMONIA >= MIN_PATIENTS_PER_CLASS) return null;
  return (
    `small sample: ${count(p.PNEUMONIA, 'PNEUMONIA')} and ${count(p.NORMAL, 'NORMAL')}, fewer than ${MIN_PATIENTS_PER_CLASS} in a class: ` +
    'the 95% intervals are not meaningful at this size (very wide, and only approximate), and these figures should not be cited'
  );
}

/**
 * A calibration's or adaptation's note when a class has fewer patients than the minimum its image
 * count met: the minimum counts images, but the fit and its figures rest on the patients. Null
 * when every class has enough.
 */
export function fewPatientsNote(images: ClassTally, patients: ClassTally): string | null {
  const short = (['PNEUMONIA', 'NORMAL'] as const).filter((c) => patients[c] < MIN_PATIENTS_PER_CLASS);
  if (!short.length) return null;
  const parts = short.map((c) => `${count(patients[c], c)} (${images[c]} image${images[c] === 1 ? '' : 's'})`);
  return (
    `Only ${parts.join(' and ')}: fewer than ${MIN_PATIENTS_PER_CLASS} patients per class (the minimum counts images, and a patient's images mostly agree). ` +
    'The 95% intervals count patients; the threshold and temperature fitted here may not hold for other patients: bring more patients before relying on them.'
  );
}
