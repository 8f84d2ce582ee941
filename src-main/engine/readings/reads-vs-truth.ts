// Readers and the model against a reference standard (a labelled folder, NORMAL/ and PNEUMONIA/,
// matched to the reads by image content): sensitivity and specificity of each reader's blinded
// first read and of their final read, and of the model's label on the same images, with Wilson 95%
// intervals per image (a reader study reads one image per patient as a rule; the count says n).
import type { Label } from '../../api/shared';
import type { ReaderRead } from '../../api/reader-reads';
import { wilson } from '../../api/wilson';

export interface Rate {
  value: number | null;
  k: number;
  n: number;
  low: number | null;
  high: number | null;
}

export interface Accuracy {
  sensitivity: Rate;
  specificity: Rate;
}

export interface TruthSummary {
  /** Reads whose image is in the reference folder / all reads. */
  matched: number;
  reads: number;
  /** Per model: its labels on the images read (held-back answers left out, counted). */
  models: { model: string; accuracy: Accuracy; heldBack: number }[];
  /** Per reader: the blinded first reads (null when none was blinded) and the findings now; indeterminate reads counted apart. */
  readers: { reader: string; blinded: Accuracy | null; final: Accuracy; indeterminate: number }[];
}

const rate = (k: number, n: number): Rate => {
  if (!n) return { value: null, k, n, low: null, high: null };
  const { low, high } = wilson(k, n);
  return { value: k / n, k, n, low, high };
};

/** `calls`: [said positive, truly positive] per image. */
function accuracy(calls: [boolean, boolean][]): Accuracy {
  const pos = calls.filter(([, t]) => t);
  const neg = calls.filter(([, t]) => !t);
  return { sensitivity: rate(pos.filter(([s]) => s).length, pos.length), specificity: rate(neg.filter(([s]) => !s).length, neg.length) };
}

export function readsVsTruth(reads: readonly ReaderRead[], truth: ReadonlyMap<string, Label>): TruthSummary {
  const matched = reads.filter((r) => r.image !== undefined && truth.has(r.image));
  const truly = (r: ReaderRead) => truth.get(r.image as string) === 'PNEUMONIA';
  const models = [...new Set(matched.flatMap((r) => (r.ai ? [r.ai.model] : [])))].sort().map((model) => {
    const mine = matched.filter((r) => r.ai?.model === model);
    // One image read by several readers counts once for the model.
    const byImage = new Map(mine.filter((r) => !r.ai?.heldBack).map((r) => [r.image as string, r]));
    return {
      model,
      accuracy: accuracy([...byImage.values()].map((r) => [r.ai?.label === 'PNEUMONIA', truly(r)])),
      heldBack: new Set(mine.filter((r) => r.ai?.heldBack).map((r) => r.image)).size,
    };
  });
  const readers = [...new Set(matched.map((r) => r.reader))].sort().map((reader) => {
    const mine = matched.filter((r) => r.reader === reader);
    const blindedReads = mine.flatMap((r) => {
      const first = r.first ?? { finding: r.finding, afterAi: r.afterAi };
      return first.afterAi || first.finding === 'indeterminate' ? [] : [[first.finding === 'pneumonia', truly(r)] as [boolean, boolean]];
    });
    const decided = mine.filter((r) => r.finding !== 'indeterminate');
    return {
      reader,
      blinded: blindedReads.length ? accuracy(blindedReads) : null,
      final: accuracy(decided.map((r) => [r.finding === 'pneumonia', truly(r)])),
      indeterminate: mine.length - decided.length,
    };
  });
  return { matched: matched.length, reads: reads.length, models, readers };
}
