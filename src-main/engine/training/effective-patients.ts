// How many independent observations a proportion over images rests on when patients have several
// images. Images of one patient mostly agree, so 21 images of one child are nearer one observation
// than 21: counting images makes an interval far too narrow (review 30 F1).
import { wilson } from '../../api/wilson';

/**
 * The effective number of patients behind a figure whose denominator holds `perPatient[i]` images
 * of patient i: (Σm)² / Σm², Kish's effective sample size when a patient's images agree completely
 * (the worst case, which the data cannot rule out when every patient is right). It equals the
 * image count when every patient has one image, 1 when all images are one patient's, and lies in
 * between otherwise. 0 when there are no images.
 */
export function effectivePatients(perPatient: Iterable<number>): number {
  let sum = 0;
  let squares = 0;
  for (const m of perPatient) {
    sum += m;
    squares += m * m;
  }
  return squares > 0 ? (sum * sum) / squares : 0;
}

/**
 * The Wilson 95% interval of a proportion `value` measured on `nEffective` patients (fractional
 * counts are fine: the score interval is smooth in n). Unlike a bootstrap it does not collapse to a
 * point when every patient was right.
 */
export function wilsonOnPatients(value: number, nEffective: number): { low: number; high: number } {
  return nEffective > 0 ? wilson(value * nEffective, nEffective) : { low: value, high: value };
}
