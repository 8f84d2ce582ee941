// The window a radiologist sees first: the file's VOI LUT, else its first window centre/width,
// else (8-bit secondary captures) the full stored range, else a robust automatic window.
import type { DataSet } from 'dicom-parser';
import type { Study, VoiLut, WindowSetting } from '../study';
import { percentileWindow } from './auto-window';
import { readVoiLut } from './voi-lut';

export interface DefaultWindow {
  window: WindowSetting;
  windowSource: Study['windowSource'];
  voiLut?: VoiLut;
  note?: string;
}

/** Share of the values strictly inside the window (a window holding almost none shows a blank image). */
function shareInside(values: Float32Array, w: WindowSetting): number {
  const low = w.center - w.width / 2;
  const high = w.center + w.width / 2;
  let inside = 0;
  for (let i = 0; i < values.length; i++) if (values[i] > low && values[i] < high) inside++;
  return values.length ? inside / values.length : 0;
}

/** Below this share the header window is taken to belong to other pixel values and is not used. */
const MIN_SHARE_INSIDE = 0.02;

export function fullRangeWindow(low: number, high: number): WindowSetting {
  return { center: (low + high + 1) / 2, width: high - low + 1 };
}

export function dicomDefaultWindow(
  ds: DataSet,
  values: { values: Float32Array; minValue: number; maxValue: number },
  pm: { bitsStored: number; pixelRepresentation: number; samplesPerPixel: number },
  rescale: { slope: number; intercept: number },
): DefaultWindow {
  let lutNote: string | undefined;
  const voiLut = readVoiLut(ds, pm.pixelRepresentation, (why) => (lutNote = why));
  if (voiLut) {
    return {
      voiLut,
      windowSource: 'voi-lut',
      window: { center: voiLut.firstValueMapped + voiLut.numberOfEntries / 2, width: voiLut.numberOfEntries },
    };
  }
  const center = ds.floatString('x00281050', 0);
  const width = ds.floatString('x00281051', 0);
  let note = lutNote;
  if (center !== undefined && width !== undefined && Number.isFinite(center) && Number.isFinite(width) && width >= 1) {
    const window = { center, width };
    if (shareInside(values.values, window) >= MIN_SHARE_INSIDE) return { windowSource: 'header', window, ...(note ? { note } : {}) };
    const missed = `header window ${center}/${width} misses the pixel values (${values.minValue}..${values.maxValue}): automatic window used`;
    note = note ? `${note}; ${missed}` : missed;
  }
  if (pm.bitsStored <= 8 || pm.samplesPerPixel === 3) {
    // Secondary captures already hold display values: show them as stored.
    const lo = pm.pixelRepresentation === 1 ? -(2 ** (pm.bitsStored - 1)) : 0;
    const hi = lo + 2 ** pm.bitsStored - 1;
    const a = lo * rescale.slope + rescale.intercept;
    const b = hi * rescale.slope + rescale.intercept;
    return { windowSource: 'full-range', window: fullRangeWindow(Math.min(a, b), Math.max(a, b)), ...(note ? { note } : {}) };
  }
  return { windowSource: 'auto', window: percentileWindow(values.values, values.minValue, values.maxValue), ...(note ? { note } : {}) };
}
