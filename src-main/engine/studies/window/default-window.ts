// The window a radiologist sees first: the file's VOI LUT, else its first window centre/width,
// else (8-bit secondary captures) the full stored range, else a robust automatic window. Padded
// pixels (outside the image) never count.
import type { DataSet } from 'dicom-parser';
import type { VoiLutFunction } from '../../../api/study-display';
import type { Study, VoiLut, WindowSetting } from '../study';
import { windowLevels } from '../../../api/voi-grey';
import { percentileWindow } from './auto-window';
import { readVoiLut } from './voi-lut';
import { isValidWindowWidth } from './valid-window-width';

export interface DefaultWindow {
  window: WindowSetting;
  windowSource: Study['windowSource'];
  voiLut?: VoiLut;
  note?: string;
}

export interface WindowedValues {
  values: Float32Array;
  minValue: number;
  maxValue: number;
  /** 1 where the pixel is padding: left out of every measure here. */
  paddingMask?: Uint8Array;
}

export interface ModalityTransform {
  /** A stored value's modality value (rescale, or the Modality LUT). */
  valueOf(stored: number): number;
  /** Pixel Representation of the modality values: 0 after a Modality LUT, whose output is unsigned. */
  valuePixelRepresentation: number;
}

/** Above this share at one end (all black or all white) the header window is taken to belong to other pixel values. */
const MAX_SHARE_AT_ONE_END = 0.98;

/** Share of the (non-padding) pixels the window shows at its lowest and at its highest level. */
function sharesAtEnds(v: WindowedValues, w: WindowSetting, fn: VoiLutFunction): { low: number; high: number } {
  const shown = windowLevels(fn, v.values, w);
  const mask = v.paddingMask;
  let low = 0;
  let high = 0;
  let n = 0;
  for (let i = 0; i < shown.length; i++) {
    if (mask?.[i]) continue;
    n++;
    if (shown[i] === 0) low++;
    else if (shown[i] === 255) high++;
  }
  return n ? { low: low / n, high: high / n } : { low: 0, high: 0 };
}

/** Smallest and largest value of the pixels that are not padding. */
function imageRange(v: WindowedValues): { min: number; max: number } {
  if (!v.paddingMask) return { min: v.minValue, max: v.maxValue };
  let min = Infinity;
  let max = -Infinity;
  for (let i = 0; i < v.values.length; i++) {
    if (v.paddingMask[i]) continue;
    if (v.values[i] < min) min = v.values[i];
    if (v.values[i] > max) max = v.values[i];
  }
  return min <= max ? { min, max } : { min: v.minValue, max: v.maxValue };
}

function percent(share: number): string {
  return `${Number((share * 100).toFixed(1))}%`;
}

export function fullRangeWindow(low: number, high: number): WindowSetting {
  return { center: (low + high + 1) / 2, width: high - low + 1 };
}

export function dicomDefaultWindow(
  ds: DataSet,
  values: WindowedValues,
  pm: { bitsStored: number; pixelRepresentation: number; samplesPerPixel: number },
  modality: ModalityTransform,
  fn: VoiLutFunction,
): DefaultWindow {
  let lutNote: string | undefined;
  const voiLut = readVoiLut(ds, modality.valuePixelRepresentation, (why) => (lutNote = why));
  if (voiLut) {
    return {
      voiLut,
      windowSource: 'voi-lut',
      window: { center: voiLut.firstValueMapped + voiLut.numberOfEntries / 2, width: voiLut.numberOfEntries },
    };
  }
  const center = ds.floatString('x00281050', 0);
  const width = ds.floatString('x00281051', 0);
  const notes = lutNote ? [lutNote] : [];
  // Why the header window is not used, finished with what is used instead.
  let headerNot: string | undefined;
  if (center !== undefined && width !== undefined && Number.isFinite(center)) {
    if (isValidWindowWidth(width, fn)) {
      const window = { center, width };
      // A narrow window is a threshold, still an image; only one that shows (almost) every pixel
      // at one end, a blank image, is taken to belong to other values.
      const ends = sharesAtEnds(values, window, fn);
      if (Math.max(ends.low, ends.high) <= MAX_SHARE_AT_ONE_END) return withNotes(notes, { windowSource: 'header', window });
      const range = imageRange(values);
      const [share, level] = ends.low >= ends.high ? [ends.low, 'lowest'] : [ends.high, 'highest'];
      headerNot =
        `header window ${center}/${width} misses the pixel values (${range.min}..${range.max}): ` +
        `it would show ${percent(share)} of them at its ${level} level, a blank image`;
    } else {
      const needs = fn === 'LINEAR_EXACT' ? 'above 0' : 'of at least 1';
      headerNot = `header window ${center}/${width} is not valid (a ${fn} window needs a width ${needs})`;
    }
  }
  if (pm.bitsStored <= 8 || pm.samplesPerPixel === 3) {
    // Secondary captures already hold display values: show them as stored.
    const lo = pm.pixelRepresentation === 1 ? -(2 ** (pm.bitsStored - 1)) : 0;
    const hi = lo + 2 ** pm.bitsStored - 1;
    const [a, b] = valueRange(modality, lo, hi);
    if (headerNot) notes.push(`${headerNot}; the full stored range used`);
    return withNotes(notes, { windowSource: 'full-range', window: fullRangeWindow(a, b) });
  }
  if (headerNot) notes.push(`${headerNot}; automatic window used`);
  const range = imageRange(values);
  return withNotes(notes, { windowSource: 'auto', window: percentileWindow(values.values, range.min, range.max, 0.01, 0.99, values.paddingMask) });
}

function withNotes(notes: string[], w: Omit<DefaultWindow, 'note'>): DefaultWindow {
  return notes.length ? { ...w, note: notes.join('; ') } : w;
}

/** Lowest and highest modality value of the stored values lo..hi (a Modality LUT need not be monotonic). */
function valueRange(modality: ModalityTransform, lo: number, hi: number): [number, number] {
  if (hi - lo > 65535) {
    const a = modality.valueOf(lo);
    const b = modality.valueOf(hi);
    return [Math.min(a, b), Math.max(a, b)];
  }
  let a = Infinity;
  let b = -Infinity;
  for (let v = lo; v <= hi; v++) {
    const m = modality.valueOf(v);
    if (m < a) a = m;
    if (m > b) b = m;
  }
  return [a, b];
}
