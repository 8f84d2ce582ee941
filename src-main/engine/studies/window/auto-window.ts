// A robust automatic window: the 1st to 99th percentile of the values, so a few saturated or
// padded pixels (collimator edges, burned-in labels) do not flatten the contrast. Pixels the file
// marks as padding (`exclude`) are not counted at all.
import type { WindowSetting } from '../study';

const BINS = 65536;

/** minValue..maxValue must hold every value counted (those not excluded). */
export function percentileWindow(
  values: Float32Array,
  minValue: number,
  maxValue: number,
  low = 0.01,
  high = 0.99,
  exclude?: Uint8Array,
): WindowSetting {
  if (!(maxValue > minValue)) return { center: minValue, width: 1 };
  const hist = new Uint32Array(BINS);
  const scale = (BINS - 1) / (maxValue - minValue);
  let counted = 0;
  for (let i = 0; i < values.length; i++) {
    if (exclude?.[i]) continue;
    hist[Math.floor((values[i] - minValue) * scale)]++;
    counted++;
  }
  const lowCount = low * counted;
  const highCount = high * counted;
  let acc = 0;
  let lo = 0;
  let hi = BINS - 1;
  let foundLo = false;
  for (let b = 0; b < BINS; b++) {
    acc += hist[b];
    if (!foundLo && acc > lowCount) {
      lo = b;
      foundLo = true;
    }
    if (acc >= highCount) {
      hi = b;
      break;
    }
  }
  const pLo = minValue + lo / scale;
  const pHi = minValue + (hi + 1) / scale;
  const width = Math.max(pHi - pLo, 1e-6);
  return { center: pLo + width / 2, width };
}
