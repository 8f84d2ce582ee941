// What the cursor reads: the value under it in the pixels the engine decoded (not the drawn
// canvas), with its colour, padding, stored value and heat where they apply.
import type { ShownStudy } from './shown-study';
import { pageToPixel } from './hidpi';

export interface PixelReadout {
  x: number;
  y: number;
  value: number;
  /** Colour images: the R, G, B shown at that pixel (value is then its luminance). */
  rgb?: [number, number, number];
  /** The pixel is padding (Pixel Padding Value): outside the image, drawn black; `value` is no measurement. */
  padding?: true;
  /** Its stored value, when a Modality LUT made the values (a rescale's is worked out from the value). */
  stored?: number;
  heat: number | null;
}

/** The heat map's value at an image pixel, or null when none is shown. */
export type HeatAt = (x: number, y: number, rows: number, columns: number) => number | null;

/** The readout at a page point over the element, or null off the image. */
export function pixelReadout(shown: ShownStudy, element: HTMLElement, pageX: number, pageY: number, heatAt: HeatAt): PixelReadout | null {
  const { info, values, rgba, paddingMask, storedValues } = shown;
  const p = pageToPixel(element, pageX, pageY);
  const x = Math.floor(p.x);
  const y = Math.floor(p.y);
  if (x < 0 || y < 0 || x >= info.columns || y >= info.rows) return null;
  const i = y * info.columns + x;
  const rgb: [number, number, number] | undefined = rgba ? [rgba[4 * i], rgba[4 * i + 1], rgba[4 * i + 2]] : undefined;
  return { x, y, value: values[i], ...(rgb ? { rgb } : {}), ...(paddingMask?.[i] ? { padding: true as const } : {}), ...(storedValues ? { stored: storedValues[i] } : {}), heat: heatAt(x, y, info.rows, info.columns) };
}
