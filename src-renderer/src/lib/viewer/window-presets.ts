// Window presets for one image, in the order a radiologist looks for them: the file's own
// Window Center/Width pairs (with their explanations) first, then generic ones. Radiographs carry
// no Hounsfield units, so the generic presets sit on the image's own value distribution, in
// display terms ("lung" opens the dark end, "bone" the bright end, whatever the polarity). Being
// percentile windows, they also suit 8-bit images that already hold display values.
import type { StudyInfo, WindowLevel } from '../../../../src-main/api/contract';
import type { StudyDisplay } from '../../../../src-main/api/study-display';
import { showsFileVoiLut, voiLutName } from './file-voi-lut';

export interface ViewerPreset {
  id: string;
  label: string;
  window: WindowLevel;
  source: 'file' | 'engine' | 'generic';
  /** Where the values come from, for the tooltip and the help. */
  detail: string;
}

/**
 * The range of the image's own values: the file's padding (Pixel Padding Value, the area outside
 * the image) left out, as the engine's automatic window leaves it out, else a padding value at the
 * end of the range stretches "Full range" and the drag's sweep over nothing.
 */
export function imageValueRange(values: Float32Array, info: Pick<StudyInfo, 'minValue' | 'maxValue'>, paddingMask?: Uint8Array): { min: number; max: number } {
  if (!paddingMask) return { min: info.minValue, max: info.maxValue };
  let min = Infinity;
  let max = -Infinity;
  for (let i = 0; i < values.length; i++) {
    if (paddingMask[i]) continue;
    const v = values[i];
    if (v < min) min = v;
    if (v > max) max = v;
  }
  // All padding: nothing of the image to range over; keep the file's.
  return min <= max ? { min, max } : { min: info.minValue, max: info.maxValue };
}

export function percentiles(values: Float32Array, min: number, max: number, qs: number[], paddingMask?: Uint8Array): number[] {
  if (!(max > min)) return qs.map(() => min);
  const bins = 4096;
  const hist = new Uint32Array(bins);
  const scale = (bins - 1) / (max - min);
  // A strided sample is plenty for percentiles and keeps 2000x2000 images instant.
  const step = Math.max(1, Math.floor(values.length / 250_000));
  let n = 0;
  for (let i = 0; i < values.length; i += step) {
    if (paddingMask?.[i]) continue;
    const b = Math.round((values[i] - min) * scale);
    if (b < 0 || b >= bins) continue;
    hist[b]++;
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

/** Generic windows as display-order percentile spans: [darkest shown, brightest shown]. */
const GENERIC: [id: string, label: string, from: number, to: number][] = [
  ['lung', 'Lung', 0.01, 0.7],
  ['soft-tissue', 'Soft tissue', 0.2, 0.9],
  ['bone', 'Bone', 0.45, 0.995],
];

type PresetSource = Pick<StudyInfo, 'minValue' | 'maxValue' | 'window' | 'windowSource' | 'invert' | 'color'> & { display?: StudyDisplay };

/** Where the engine's default window came from, in a reader's words (never the engine's enum value). */
export function defaultWindowWords(source: StudyInfo['windowSource']): string {
  return { 'voi-lut': "the file's VOI LUT", header: "the file's window", auto: 'automatic (1st-99th percentile)', 'full-range': 'the full stored range' }[source];
}

/** The default display when it is the file's VOI LUT: named as the file names it (LUT Explanation), not "Default". */
function fileVoiLutPreset(window: WindowLevel, explanation: string | undefined): ViewerPreset {
  const said = explanation ? ` "${explanation}"` : '';
  return { id: 'default', label: voiLutName(explanation), window: { ...window }, source: 'file', detail: `Default display: the file's VOI LUT${said}, as the AI reads it` };
}

export function viewerPresets(values: Float32Array, info: PresetSource, paddingMask?: Uint8Array): ViewerPreset[] {
  // Lung, bone... describe grayscale values: a colour image offers only its own colours.
  if (info.color) return [{ id: 'default', label: 'Default', window: { ...info.window }, source: 'engine', detail: 'Default window: the stored colours, unchanged' }];
  const out: ViewerPreset[] = [];
  const fromFile = info.display?.presets ?? [];
  // The engine's default is the first file pair when it came from the header; otherwise (VOI LUT,
  // automatic, full range) it is a preset of its own, listed first since the image opens with it.
  if (showsFileVoiLut(info, info.window)) out.push(fileVoiLutPreset(info.window, info.display?.voiLut?.explanation));
  else if (info.windowSource !== 'header' || !fromFile.length) {
    out.push({ id: 'default', label: 'Default', window: { ...info.window }, source: 'engine', detail: `Default window: ${defaultWindowWords(info.windowSource)}` });
  }
  fromFile.forEach((p, i) => {
    const label = p.explanation || `File window ${i + 1}`;
    out.push({ id: `file-${i}`, label, window: { center: p.center, width: p.width }, source: 'file', detail: `From the file: ${label}, centre ${p.center}, width ${p.width}` });
  });
  const qs = GENERIC.flatMap(([, , a, b]) => (info.invert ? [1 - b, 1 - a] : [a, b]));
  const range = imageValueRange(values, info, paddingMask);
  const at = percentiles(values, range.min, range.max, qs, paddingMask);
  GENERIC.forEach(([id, label], i) => {
    const lo = at[2 * i];
    const hi = at[2 * i + 1];
    const width = Math.max(hi - lo, 1e-3);
    out.push({ id, label, window: { center: lo + width / 2, width }, source: 'generic', detail: `${label}: placed on this image's own values` });
  });
  const full = { center: (range.min + range.max) / 2, width: Math.max(range.max - range.min, 1) };
  out.push({ id: 'full', label: 'Full range', window: full, source: 'generic', detail: 'Full range of the values' });
  return out;
}
