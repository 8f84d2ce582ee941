// The compact record of a finished evaluation that "Keep on the model's card" stores: figures,
// intervals, where and how it was measured, and whether it read images the model was fitted on.
import { realpathSync } from 'node:fs';
import { resolve } from 'node:path';
import type { EvaluationIntervals, EvaluationReport } from '../../api/evaluation';
import type { EvaluationRecord, EvaluationRecordFigures } from '../../api/evaluation-record';
import type { ModelCard } from '../../api/model-card';

/** The real path, so a link to the same folder is the same folder; the resolved one when it is gone. */
function realFolder(path: string): string {
  try {
    return realpathSync.native(path);
  } catch {
    return resolve(path);
  }
}

function intervalsOf(i: EvaluationIntervals | undefined): EvaluationRecordFigures['intervals'] {
  if (!i) return undefined;
  return { ...(i.sensitivity ? { sensitivity: i.sensitivity } : {}), ...(i.specificity ? { specificity: i.specificity } : {}), ...(i.auc ? { auc: i.auc } : {}) };
}

export function evaluationRecord(report: EvaluationReport, card: ModelCard): EvaluationRecord {
  const overlap = report.overlap ?? [];
  const answered = report.answered;
  const intervals = intervalsOf(report.intervals);
  const answeredIntervals = intervalsOf(answered?.intervals);
  return {
    created: report.created,
    folder: realFolder(report.dataset.root),
    split: report.dataset.split,
    n: report.n,
    images: report.dataset.images,
    sensitivity: report.sensitivity,
    specificity: report.specificity,
    auc: report.auc,
    ...(intervals ? { intervals } : {}),
    threshold: report.threshold,
    thresholdRule: report.thresholdRule,
    engine: report.backend,
    views: card.testTimeAugmentation?.views.length ?? 1,
    // The training run's own validation split (its comparison) chose the epoch: never independent.
    inSample: overlap.length > 0 || report.dataset.split.startsWith('training validation'),
    overlap,
    warnings: (report.warnings ?? []).filter((w) => !overlap.includes(w)),
    heldBack: report.heldBack?.length ?? 0,
    ...(answered
      ? { answered: { n: answered.n, images: answered.images, sensitivity: answered.sensitivity, specificity: answered.specificity, auc: answered.auc, ...(answeredIntervals ? { intervals: answeredIntervals } : {}) } }
      : {}),
  };
}

/** The card with this record kept: an earlier record on the same folder and split is replaced, the others stay. */
export function withEvaluation(card: ModelCard, record: EvaluationRecord): ModelCard {
  const others = (card.evaluations ?? []).filter((e) => e.folder !== record.folder || e.split !== record.split);
  return { ...card, evaluations: [...others, record] };
}
