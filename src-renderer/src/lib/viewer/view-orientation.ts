// Rotation and flips as a radiologist sees them (on screen), mapped onto cornerstone's viewport,
// which flips in image space and then rotates: screen = R(rotation) · F(hflip, vflip) · image.
// Orientation markers follow from Patient Orientation (0020,0020) through the same transform.

export interface ViewOrientation {
  rotation: number;
  hflip: boolean;
  vflip: boolean;
}

export const UPRIGHT: ViewOrientation = { rotation: 0, hflip: false, vflip: false };

const norm = (deg: number) => ((deg % 360) + 360) % 360;

/** Turns the picture 90 degrees clockwise (+1) or anticlockwise (-1) on screen. */
export function rotate(o: ViewOrientation, direction: 1 | -1): ViewOrientation {
  return { ...o, rotation: norm(o.rotation + 90 * direction) };
}

/** Mirrors the picture left-right on screen: H·R(t) = R(-t)·H, so the rotation changes sign. */
export function flipHorizontal(o: ViewOrientation): ViewOrientation {
  return { rotation: norm(-o.rotation), hflip: !o.hflip, vflip: o.vflip };
}

/** Mirrors the picture top-bottom on screen. */
export function flipVertical(o: ViewOrientation): ViewOrientation {
  return { rotation: norm(-o.rotation), hflip: o.hflip, vflip: !o.vflip };
}

/** Where an image axis points on screen (unit vector, y down), after flips then rotation. */
function onScreen(o: ViewOrientation, axis: [number, number]): [number, number] {
  const x = axis[0] * (o.hflip ? -1 : 1);
  const y = axis[1] * (o.vflip ? -1 : 1);
  const a = (o.rotation * Math.PI) / 180;
  // "+ 0" turns the -0 that rounding cos(90°) can give into 0.
  return [Math.round(x * Math.cos(a) - y * Math.sin(a)) + 0, Math.round(x * Math.sin(a) + y * Math.cos(a)) + 0];
}

const OPPOSITE: Record<string, string> = { L: 'R', R: 'L', A: 'P', P: 'A', H: 'F', F: 'H' };
const opposite = (label: string) => [...label].map((c) => OPPOSITE[c] ?? c).join('');

export interface OrientationMarkers {
  top: string;
  right: string;
  bottom: string;
  left: string;
}

/**
 * Markers for the four screen edges from Patient Orientation ("L\F": rows run towards the
 * patient's left, columns towards the feet). Null when the file does not say.
 */
export function orientationMarkers(patientOrientation: string | undefined, o: ViewOrientation): OrientationMarkers | null {
  const [row, column] = (patientOrientation ?? '').split('\\').map((s) => s.trim().toUpperCase());
  const valid = (s: string | undefined): s is string => Boolean(s) && /^[LRAPHF]+$/.test(s ?? '');
  if (!valid(row) || !valid(column)) return null;
  const axes: [[number, number], string][] = [
    [onScreen(o, [1, 0]), row],
    [onScreen(o, [0, 1]), column],
  ];
  const towards = (dx: number, dy: number): string => {
    for (const [[x, y], label] of axes) {
      if (x === dx && y === dy) return label;
      if (x === -dx && y === -dy) return opposite(label);
    }
    return '';
  };
  return { right: towards(1, 0), left: towards(-1, 0), bottom: towards(0, 1), top: towards(0, -1) };
}

/**
 * The orientation in the user's terms: a turn to the right, then a left-right mirror on screen
 * ("90° right · flipped"), whatever combination of cornerstone flips holds it. '' when upright.
 */
export function describeOrientation(o: ViewOrientation): string {
  // V = R(180)·H and H·V = R(180): reduce to at most one H, then R(t)·H = Hscreen·R(-t).
  let turn = o.rotation;
  if (o.vflip) turn += 180;
  const mirrored = o.hflip !== o.vflip;
  const right = norm(mirrored ? -turn : turn);
  return [right ? `${right}° right` : '', mirrored ? 'flipped' : ''].filter(Boolean).join(' · ');
}
