// Temperature scaling (site calibration): a calibrated model's probability is sigmoid(logit / T),
// with T stored in its card (card.calibration.temperature). Every inference path computes its
// probabilities through here, so tfjs and ONNX Runtime, single studies and batches agree.
import type { ModelCard } from '../../api/model-card';

/** The card's temperature; 1 (no scaling) when the model was never calibrated. */
export function temperatureOf(card: Pick<ModelCard, 'calibration'>): number {
  const t = card.calibration?.temperature;
  return typeof t === 'number' && Number.isFinite(t) && t > 0 ? t : 1;
}

/** sigmoid(logit / temperature), in double precision. */
export function sigmoidAt(logit: number, temperature = 1): number {
  const z = logit / temperature;
  // Written both ways so neither branch overflows exp().
  return z >= 0 ? 1 / (1 + Math.exp(-z)) : Math.exp(z) / (1 + Math.exp(z));
}

/** Probabilities from logits at a temperature. */
export function probabilitiesAt(logits: ArrayLike<number>, temperature = 1): Float64Array {
  const out = new Float64Array(logits.length);
  for (let i = 0; i < logits.length; i++) out[i] = sigmoidAt(logits[i], temperature);
  return out;
}
