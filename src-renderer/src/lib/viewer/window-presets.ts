// Window presets for projection radiographs. X-ray values carry no Hounsfield units, so the
// presets are placed on the image's own value distribution (1st..99th percentile), in display
// terms: "lung" opens the dark (air) end, "bone" the bright end, whichever polarity the file has.
import type { WindowLevel } from '../../../../src-main/api/contract';

export type PresetName = 'default' | 'lung' | 'bone' | 'soft-tissue' | 'full';

export const PRESET_LABELS: Record<PresetName, string> = {
  default: 'Default',
  lung: 'Lung',
  bone: 'Bone',
  'soft-tissue': 'Soft tissue',
  full: 'Full range',
};

export function percentiles(values: Float32Array, min: number, max: number, qs: number[]): number[] {
  if (!(max > min)) return qs.map(() => min);
  const bins = 4096;
  const hist = new Uint32Array(bins);
  const scale = (bins - 1) / (max - min);
  // A strided sample is plenty for percentiles and keeps 2000x2000 images instant.
  const step = Math.max(1, Math.floor(values.length / 250_000));
  let n = 0;
  for (let i = 0; i < values.length; i += step) {
    hist[Math.round((values[i] - min) * scale)]++;
    n++;
  }
  return qs.map((q) => {
    const target = q * n;
    let acc = 0;
    for (let b = 0; b < bins; b++) {
      acc += hist[b];
      if (acc >= target) return min + b / scale;
    }
    return max;
  });
}

export function windowPresets(
  values: Float32Array,
  info: { minValue: number; maxValue: number; window: WindowLevel; invert: boolean },
): Record<PresetName, WindowLevel> {
  const [lo, hi] = percentiles(values, info.minValue, info.maxValue, [0.01, 0.99]);
  const range = Math.max(hi - lo, 1e-6);
  // Centres as a fraction of the range from the display-dark end.
  const place = (fromDark: number, width: number): WindowLevel => {
    const c = lo + fromDark * range;
    return { center: info.invert ? lo + hi - c : c, width: width * range };
  };
  return {
    default: { ...info.window },
    lung: place(0.35, 0.6),
    'soft-tissue': place(0.58, 0.4),
    bone: place(0.75, 0.45),
    full: { center: (info.minValue + info.maxValue) / 2, width: Math.max(info.maxValue - info.minValue, 1) },
  };
}
