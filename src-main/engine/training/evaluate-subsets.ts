// The parts of an evaluation a reader must see apart: images filed under both labels (no ground
// truth, so not counted), and the images the app holds back (counted, but the app would not have
// answered them), with the figures on the images it would answer.
import type { AnsweredFigures, HeldBackImage } from '../../api/evaluation';
import { heldBack } from '../../api/held-back';
import { labelName, type DatasetItem } from './dataset-item';
import { evaluationIntervals } from './evaluation-intervals';
import { countByClass } from './import-dataset';
import { metricsAt, undefinedMetrics } from './metrics';
import type { EvaluationPredictions } from './evaluate-predictions';

export interface DedupedPart {
  /** One copy of each byte-identical group; no image filed under both labels. */
  items: DatasetItem[];
  /** Extra copies left out (their kept twin carries the same label). */
  duplicates: DatasetItem[];
  /** Images filed under both labels: the paths of each one's copies, in path order. */
  conflicts: string[][];
}

/**
 * The import's duplicate rule applied within the part evaluated (a Kermany split whose twin sits in
 * another split still counts there): one copy of each byte-identical group counts, the one the
 * import kept where it is in this part; a group with two labels has no ground truth and none counts.
 */
export function dedupePart(part: readonly DatasetItem[]): DedupedPart {
  const bySha = new Map<string, DatasetItem[]>();
  for (const it of part) bySha.set(it.sha256, [...(bySha.get(it.sha256) ?? []), it]);
  const out: DedupedPart = { items: [], duplicates: [], conflicts: [] };
  const drop = new Set<DatasetItem>();
  for (const g of bySha.values()) {
    if (g.length < 2) continue;
    if (g.some((it) => it.label !== g[0].label)) {
      for (const it of g) drop.add(it);
      out.conflicts.push(g.map((it) => it.file).sort());
      continue;
    }
    const keep = g.find((it) => !it.excluded) ?? g.find((it) => it.patientSource !== 'file') ?? g[0];
    for (const it of g) {
      if (it === keep) continue;
      drop.add(it);
      out.duplicates.push(it);
    }
  }
  out.items = part.filter((it) => !drop.has(it));
  out.conflicts.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  return out;
}

export function conflictWarning(groups: number): string {
  return `${groups} ${groups === 1 ? 'image is' : 'images are'} filed under both labels (byte-identical copies under NORMAL and PNEUMONIA): not counted`;
}

/** The scored images the app would hold back, with their warnings. */
export function heldBackImages(p: EvaluationPredictions): HeldBackImage[] {
  const out: HeldBackImage[] = [];
  p.files.forEach((file, i) => {
    if (heldBack({ warnings: p.warnings[i] })) out.push({ file, label: labelName(p.labels[i] as 0 | 1), probability: p.probs[i], warnings: p.warnings[i] });
  });
  return out;
}

/** Sensitivity, specificity and AUC (with n and intervals) on the images the app would answer. */
export function answeredFigures(p: EvaluationPredictions, threshold: number, patientOf: (file: string) => string): AnsweredFigures {
  const keep = p.files.map((_, i) => i).filter((i) => !heldBack({ warnings: p.warnings[i] }));
  const probs = keep.map((i) => p.probs[i]);
  const labels = keep.map((i) => p.labels[i]);
  const m = metricsAt(probs, labels, threshold);
  const undef = undefinedMetrics(m.confusion);
  const missing = new Set(undef.map((u) => u.metric));
  const value = (k: 'sensitivity' | 'specificity' | 'auc') => (missing.has(k) ? NaN : m[k]);
  return {
    n: keep.length,
    images: countByClass(labels.map((l) => ({ label: l as 0 | 1 }))),
    sensitivity: value('sensitivity'),
    specificity: value('specificity'),
    auc: value('auc'),
    confusion: m.confusion,
    ...(keep.length ? { intervals: evaluationIntervals(probs, labels, keep.map((i) => patientOf(p.files[i])), threshold, undef) } : {}),
  };
}

export function heldBackWarning(held: number, n: number): string {
  return `${held} of the ${n} images ${held === 1 ? 'carries' : 'carry'} intended-use warnings (the app holds ${held === 1 ? 'it' : 'them'} back); the figures count ${held === 1 ? 'it' : 'them'}, and are also given for the ${n - held} the app would answer`;
}
