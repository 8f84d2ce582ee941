// The padding a study keeps, and the note that says so: the pixels whose stored value the file
// marks as padding (pixel-padding.ts), found while the values were computed (modality-values.ts).
import type { PixelPadding } from '../study';
import type { Values } from './modality-values';
import type { PaddingRange } from './pixel-padding';

function percent(share: number): string {
  const p = share * 100;
  return p < 0.1 ? '<0.1%' : `${Number(p.toFixed(1))}%`;
}

/** No padding when no pixel has a padding value; none either, with a note, when every pixel has. */
export function studyPadding(range: PaddingRange | undefined, values: Values): { padding?: PixelPadding; note?: string } {
  const total = values.values.length;
  const pixels = values.paddingPixels ?? 0;
  if (!range || !values.paddingMask || pixels === 0) return {};
  // Padding everywhere leaves no image: the declaration cannot be right for these pixels.
  if (pixels >= total) return { note: `pixel padding ignored (Pixel Padding Value ${range.value} matches every pixel)` };
  const which = range.low === range.high ? `value ${range.value}` : `values ${range.low}..${range.high}`;
  return {
    padding: { mask: values.paddingMask, pixels, value: range.value, ...(range.rangeLimit !== undefined ? { rangeLimit: range.rangeLimit } : {}) },
    note: `pixel padding: ${percent(pixels / total)} of pixels (${which}) left out of the window and shown black`,
  };
}
