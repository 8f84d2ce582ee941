// LIME for an opened study through a model's inference runtime: the model-size display pixels
// (what predict feeds the model), explainLime, and the answer as the contract's LimeExplanation
// with a colour per named region for the overlay and its legend.
import type { LimeExplanation } from '../../api/explanation';
import type { ModelCard } from '../../api/model-card';
import type { InferenceRuntime } from '../runtime/inference-runtime';
import type { Study } from '../studies/study';
import { explainLime, type LimeOptions } from './lime';
import { limeForward } from './lime-predict';
import { modelPixels } from './preprocess';

/** Okabe-Ito colours: told apart with every common colour-vision deficiency, and over gray. */
export const LIME_REGION_COLORS = ['#e69f00', '#56b4e9', '#009e73', '#f0e442', '#cc79a7'] as const;

export async function limeForStudy(
  studyId: string,
  study: Study,
  card: ModelCard,
  runtime: InferenceRuntime,
  opts: Omit<LimeOptions, 'top' | 'batch'> & { modelDir?: string } = {},
): Promise<LimeExplanation> {
  const size = card.inputSize;
  const pixels = await modelPixels(study, card);
  const { modelDir, ...limeOpts } = opts;
  const forward = limeForward(runtime, modelDir ?? null);
  let fit: Awaited<ReturnType<typeof explainLime>>;
  try {
    fit = await explainLime(pixels, size, card.preprocessing, forward.predict, {
      ...limeOpts,
      top: LIME_REGION_COLORS.length,
      // Batches of at least 16: ONNX Runtime's per-run overhead is then small next to the work,
      // and the int8 copy is calibrated on 16 samples.
      batch: Math.max(16, runtime.preferredBatch),
    });
  } finally {
    await forward.dispose();
  }
  const { labels, count } = fit.superpixels;
  if (count > 65535) throw new Error(`LIME: ${count} superpixels do not fit a Uint16Array`);
  const areas = new Float64Array(count);
  for (const l of labels) areas[l]++;
  return {
    studyId,
    model: runtime.modelId,
    engine: runtime.engine,
    size,
    segments: Uint16Array.from(labels),
    regionCount: count,
    weights: Float32Array.from(fit.weights),
    top: fit.top.map((region, i) => ({
      region,
      rank: i + 1,
      weight: fit.weights[region],
      area: areas[region] / labels.length,
      color: LIME_REGION_COLORS[i],
    })),
    probability: forward.exactProbability() ?? fit.probability,
    quantization: forward.quantization(),
    r2: fit.r2,
    samples: fit.samples,
    ms: fit.ms,
  };
}
