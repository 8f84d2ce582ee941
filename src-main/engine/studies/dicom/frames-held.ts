// Number of Frames is only the header's word: an uncompressed file that says 1000000 frames but
// holds one offered a million frames to page through, all but the first "truncated" (review 45
// F9). The viewer and the AI get the frames the pixel data holds, and the study says so.
// (`alveo inspect`, which checks a file exactly, still decodes every declared frame and fails.)
import { nativeBytesPerFrame } from './pixel-module';
import type { FrameSource } from './decode-frame';

export interface FramesHeld {
  frames: number;
  /** Set when the pixel data holds fewer whole frames than the header declares. */
  note?: string;
}

export function framesHeld(src: FrameSource): FramesHeld {
  const { dataSet: ds, pixelModule: pm, syntax } = src;
  const el = ds.elements.x7fe00010;
  if (syntax.codec !== 'native' || pm.frames <= 1 || !el || el.encapsulatedPixelData) return { frames: pm.frames };
  const available = Math.min(el.length, ds.byteArray.length - el.dataOffset);
  const held = Math.floor(available / nativeBytesPerFrame(pm));
  // No whole frame at all: decoding the first says how much is missing.
  if (held < 1 || held >= pm.frames) return { frames: pm.frames };
  return { frames: held, note: `the header says ${pm.frames} frames (Number of Frames), but the pixel data holds ${held} whole frame${held === 1 ? '' : 's'}: ${held === 1 ? 'it is' : 'those are'} shown` };
}
