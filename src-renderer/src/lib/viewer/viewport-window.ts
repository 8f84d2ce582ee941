// Window/level on a cornerstone viewport. The window is drawn through our own table
// (display-lut.ts), which depends on the polarity: padded pixels stay black either way.
import type { Viewport } from 'cornerstone-core';
import type { WindowLevel } from '../../../../src-main/api/contract';
import { displayLut } from './display-lut';
import type { ShownStudy } from './shown-study';

export function windowOf(vp: Viewport): WindowLevel {
  return { center: vp.voi.windowCenter, width: vp.voi.windowWidth };
}

/** The table a window is drawn with at this polarity. */
export function windowTable(shown: ShownStudy, w: WindowLevel, invert: boolean): Viewport['voiLUT'] {
  return displayLut(shown.info, shown.stored, w, invert);
}

/** The viewport change that sets a window (a width kept above zero) with its table. */
export function windowChange(shown: ShownStudy, w: WindowLevel, invert: boolean): Pick<Viewport, 'voi' | 'voiLUT'> {
  const voi = { windowCenter: w.center, windowWidth: Math.max(1e-3, w.width) };
  return { voi, voiLUT: windowTable(shown, { center: voi.windowCenter, width: voi.windowWidth }, invert) };
}

/** Window/level from the keyboard: the width by a factor, the level by a share of the width. */
export function nudgedWindow(vp: Viewport, widthFactor: number, levelShare: number): WindowLevel {
  const w = vp.voi.windowWidth;
  return { width: Math.max(1, w * widthFactor), center: vp.voi.windowCenter + levelShare * w };
}

/** `next` with its table redrawn when the polarity turns and padded pixels' entry must turn with it (voi-table.ts). */
export function withPolarityTable(shown: ShownStudy | null, before: Viewport, next: Viewport): Viewport {
  if (next.invert === before.invert || !shown || shown.stored.padding === undefined) return next;
  return { ...next, voiLUT: windowTable(shown, windowOf(next), next.invert) };
}
