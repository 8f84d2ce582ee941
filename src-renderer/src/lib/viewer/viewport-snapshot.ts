// What a viewport reports of its view after every change, for the UI's state.
import type { Viewport } from 'cornerstone-core';
import type { WindowLevel } from '../../../../src-main/api/contract';
import type { ViewOrientation } from './view-orientation';
import { windowOf } from './viewport-window';

export interface ViewportSnapshot extends ViewOrientation {
  window: WindowLevel;
  scale: number;
  invert: boolean;
}

export function viewportSnapshot(vp: Viewport): ViewportSnapshot {
  return { window: windowOf(vp), scale: vp.scale, invert: vp.invert, rotation: vp.rotation, hflip: vp.hflip, vflip: vp.vflip };
}
