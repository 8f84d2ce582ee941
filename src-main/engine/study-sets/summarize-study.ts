// Predicts each image of one study and summarises them (study-summary.ts). Answers are kept per
// file content stamp (path, size, mtime) and model, so revisiting a study costs nothing.
import { stat } from 'node:fs/promises';
import type { StudySummary, StudySummaryImage } from '../../api/contract';
import { Lru } from '../engine-lru';
import { predictStudy } from '../inference/predict';
import { errorText } from '../inference/score-folder';
import type { LoadedModel } from '../model/load-model';
import type { Tf } from '../model/tf-backend';
import { loadStudy } from '../studies/load-study';
import { isLateralView } from './lateral-view';
import { EXCLUDED_ERROR, EXCLUDED_GUARDRAIL, EXCLUDED_LATERAL, summarizeImages } from './study-summary';

export type SummaryCache = Lru<string, StudySummaryImage>;

export function createSummaryCache(): SummaryCache {
  return new Lru(2048);
}

async function summaryImage(tf: Tf, loaded: LoadedModel, file: string): Promise<StudySummaryImage> {
  try {
    const study = await loadStudy(file);
    const p = await predictStudy(tf, loaded, study);
    const viewPosition = (study.attributes.ViewPosition ?? '').trim();
    const lateral = isLateralView(viewPosition);
    const outside = !lateral && p.guardrails.length > 0;
    return {
      file,
      viewPosition,
      probability: p.probability,
      label: p.label,
      warnings: p.warnings,
      counted: !lateral && !outside,
      excludedBecause: lateral ? EXCLUDED_LATERAL : outside ? EXCLUDED_GUARDRAIL : null,
      error: null,
    };
  } catch (err) {
    return { file, viewPosition: '', probability: null, label: null, warnings: [], counted: false, excludedBecause: EXCLUDED_ERROR, error: errorText(err, file) };
  }
}

export async function summarizeStudy(tf: Tf, loaded: LoadedModel, files: readonly string[], cache?: SummaryCache): Promise<StudySummary> {
  const images: StudySummaryImage[] = [];
  for (const file of files) {
    const s = await stat(file).catch(() => null);
    const key = s ? `${loaded.entry.id}|${file}|${s.size}|${s.mtimeMs}` : null;
    let image = key ? cache?.get(key) : undefined;
    if (!image) {
      image = await summaryImage(tf, loaded, file);
      if (key && !image.error) cache?.set(key, image);
    }
    images.push(image);
  }
  return summarizeImages(loaded.entry.id, loaded.card.threshold.value, images);
}
