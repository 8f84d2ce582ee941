// Rotation and flips per file for the session, so an image reopened is turned as it was left
// (measurements are kept by measurement-tools). Only a turned or flipped image is remembered: a
// day's reading opens thousands (review 40 F2).
import { UPRIGHT, type ViewOrientation } from './view-orientation';

const orientations = new Map<string, ViewOrientation>();

/** Just the orientation of a viewport (or anything carrying one). */
export function orientationOf(o: ViewOrientation): ViewOrientation {
  return { rotation: o.rotation, hflip: o.hflip, vflip: o.vflip };
}

export function rememberOrientation(file: string, o: ViewOrientation): void {
  const turned = o.rotation !== UPRIGHT.rotation || o.hflip !== UPRIGHT.hflip || o.vflip !== UPRIGHT.vflip;
  if (turned) orientations.set(file, orientationOf(o));
  else orientations.delete(file);
}

export function rememberedOrientation(file: string): ViewOrientation {
  return orientations.get(file) ?? UPRIGHT;
}
