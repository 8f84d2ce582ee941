// Predicts each image of one study and summarises them (study-summary.ts). Answers are kept per
// file content stamp (path, size, mtime) and model, so revisiting a study costs nothing.
import { stat } from 'node:fs/promises';
import type { StudySummary, StudySummaryImage } from '../../api/contract';
import { Lru } from '../engine-lru';
import { predictStudy } from '../inference/predict';
import { errorText } from '../inference/score-folder';
import type { ModelCard } from '../../api/model-card';
import type { SitePolicy } from '../../api/site-policy';
import type { InferenceRuntime } from '../runtime/inference-runtime';
import { loadStudy } from '../studies/load-study';
import { isLateralView } from './lateral-view';
import { EXCLUDED_ERROR, EXCLUDED_GUARDRAIL, EXCLUDED_LATERAL, summarizeImages } from './study-summary';

export type SummaryCache = Lru<string, StudySummaryImage>;

export function createSummaryCache(): SummaryCache {
  return new Lru(2048);
}

async function summaryImage(runtime: InferenceRuntime, card: ModelCard, file: string, policy?: SitePolicy): Promise<StudySummaryImage> {
  try {
    const study = await loadStudy(file);
    const p = await predictStudy(runtime, card, study, policy);
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

/** `card`: the model's card as the store has it now (threshold); the weights are the runtime's. `policy`: the site's. */
export async function summarizeStudy(runtime: InferenceRuntime, card: ModelCard, files: readonly string[], cache?: SummaryCache, policy?: SitePolicy): Promise<StudySummary> {
  const images: StudySummaryImage[] = [];
  for (const file of files) {
    const s = await stat(file).catch(() => null);
    const key = s ? `${runtime.modelId}|${policy?.ageUnknown ?? ''}|${file}|${s.size}|${s.mtimeMs}` : null;
    let image = key ? cache?.get(key) : undefined;
    if (!image) {
      image = await summaryImage(runtime, card, file, policy);
      if (key && !image.error) cache?.set(key, image);
    }
    images.push(image);
  }
  return summarizeImages(runtime.modelId, card.threshold.value, images);
}
