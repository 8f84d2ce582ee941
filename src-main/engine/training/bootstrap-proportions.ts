// Sensitivity, specificity, PPV and NPV at a threshold with 95% intervals that respect patients:
// the percentile interval of a bootstrap that resamples whole patients, widened where narrower to
// the Wilson interval on the effective number of patients behind each figure (effective-patients.ts).
// The bootstrap alone collapses to a point when every patient is right (all replicates agree); a
// Wilson interval over images instead counts 21 images of one child as 21 observations.
import { seededRandom } from './seeded-random';
import { effectivePatients, wilsonOnPatients } from './effective-patients';

/** A figure with its 95% interval; `bootstrap` is the percentile interval alone when the floor widened it. */
export interface PatientInterval {
  value: number;
  low: number;
  high: number;
  /** The patient bootstrap's own interval, where the Wilson floor on patients made it wider. */
  bootstrap?: { low: number; high: number };
  /** The effective number of patients the floor counted (see effectivePatients). */
  effectivePatients: number;
}

export interface ProportionIntervals {
  /** Null where the figure is undefined (no PNEUMONIA images; no image called PNEUMONIA...). */
  sensitivity: PatientInterval | null;
  specificity: PatientInterval | null;
  ppv: PatientInterval | null;
  npv: PatientInterval | null;
}

type Counts = [tp: number, fn: number, tn: number, fp: number];

/** Each figure as [numerator, denominator] of a patient's (or a replicate's) counts. */
const FIGURES = {
  sensitivity: (c: Counts) => [c[0], c[0] + c[1]],
  specificity: (c: Counts) => [c[2], c[2] + c[3]],
  ppv: (c: Counts) => [c[0], c[0] + c[3]],
  npv: (c: Counts) => [c[2], c[2] + c[1]],
} as const;

type Figure = keyof typeof FIGURES;
const NAMES = Object.keys(FIGURES) as Figure[];

export function bootstrapProportions(
  probs: ArrayLike<number>,
  labels: ArrayLike<number>,
  patients: readonly string[],
  threshold: number,
  opts: { replicates?: number; seed?: number } = {},
): ProportionIntervals {
  const replicates = opts.replicates ?? 1000;
  const byPatient = new Map<string, Counts>();
  patients.forEach((p, i) => {
    let c = byPatient.get(p);
    if (!c) byPatient.set(p, (c = [0, 0, 0, 0]));
    const pos = probs[i] >= threshold;
    if (labels[i] === 1) c[pos ? 0 : 1]++;
    else c[pos ? 3 : 2]++;
  });
  const counts = [...byPatient.values()];
  const total: Counts = [0, 0, 0, 0];
  for (const c of counts) for (let j = 0; j < 4; j++) total[j] += c[j];
  const samples: Record<Figure, number[]> = { sensitivity: [], specificity: [], ppv: [], npv: [] };
  const random = seededRandom(opts.seed ?? 12);
  const n = counts.length;
  // Replicates lacking a class are redrawn (a bounded number of times); PPV and NPV are taken
  // from the kept replicates where they are defined.
  for (let r = 0, tries = 0; r < replicates && tries < replicates * 10 && n > 0; tries++) {
    const rep: Counts = [0, 0, 0, 0];
    for (let k = 0; k < n; k++) {
      const c = counts[Math.floor(random() * n)];
      for (let j = 0; j < 4; j++) rep[j] += c[j];
    }
    if (rep[0] + rep[1] === 0 || rep[2] + rep[3] === 0) continue;
    for (const name of NAMES) {
      const [k, d] = FIGURES[name](rep);
      if (d > 0) samples[name].push(k / d);
    }
    r++;
  }
  const out = {} as ProportionIntervals;
  for (const name of NAMES) {
    const [k, d] = FIGURES[name](total);
    const nEff = effectivePatients(counts.map((c) => FIGURES[name](c)[1]).filter((m) => m > 0));
    out[name] = d > 0 ? floored(k / d, samples[name], nEff) : null;
  }
  return out;
}

/** The percentile interval of the samples, never narrower than Wilson's on nEff patients. */
function floored(value: number, samples: number[], nEff: number): PatientInterval {
  const w = wilsonOnPatients(value, nEff);
  if (!samples.length) return { value, ...w, effectivePatients: nEff };
  const s = [...samples].sort((a, b) => a - b);
  const at = (q: number) => s[Math.min(s.length - 1, Math.max(0, Math.round(q * (s.length - 1))))];
  const boot = { low: at(0.025), high: at(0.975) };
  const low = Math.min(boot.low, w.low);
  const high = Math.max(boot.high, w.high);
  return { value, low, high, ...(low < boot.low || high > boot.high ? { bootstrap: boot } : {}), effectivePatients: nEff };
}
