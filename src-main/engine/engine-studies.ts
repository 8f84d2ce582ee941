// Open studies by id. The decoded Study stays in the engine (the renderer gets plain data views
// of it); the least recently used ones are dropped when too many are open.
import { randomUUID } from 'node:crypto';
import type { StudyImage, StudyInfo } from '../api/contract';
import { AlveoError } from '../api/errors';
import { Lru } from './engine-lru';
import { loadStudy } from './studies/load-study';
import type { Study } from './studies/study';

export class OpenStudies {
  private readonly studies: Lru<string, Study>;

  constructor(capacity: number, onClose: (studyId: string) => void) {
    this.studies = new Lru(capacity, (id) => onClose(id));
  }

  async open(file: string, frame = 0): Promise<{ studyId: string; study: Study }> {
    const study = await loadStudy(file, { frame });
    const studyId = randomUUID();
    this.studies.set(studyId, study);
    return { studyId, study };
  }

  get(studyId: string): Study {
    const study = this.studies.get(studyId);
    if (!study) throw new AlveoError('NOT_FOUND', `study ${studyId} is not open (it was closed, or dropped after too many others were opened)`);
    return study;
  }

  close(studyId: string): boolean {
    return this.studies.delete(studyId);
  }
}

export function studyInfo(studyId: string, s: Study): StudyInfo {
  return {
    studyId,
    file: s.file,
    format: s.format,
    rows: s.rows,
    columns: s.columns,
    frames: s.frames,
    frame: s.frame,
    minValue: s.minValue,
    maxValue: s.maxValue,
    window: { ...s.window },
    windowSource: s.windowSource,
    display: {
      ...structuredClone(s.display),
      // The table the viewer draws the default display with, as the model reads it (display-pixels.ts).
      ...(s.windowSource === 'voi-lut' && s.voiLut
        ? { voiLut: { firstValueMapped: s.voiLut.firstValueMapped, bitsPerEntry: s.voiLut.bitsPerEntry, data: Array.from(s.voiLut.data), ...(s.voiLut.explanation ? { explanation: s.voiLut.explanation } : {}) } }
        : {}),
    },
    ...(s.rgb ? colourWindow(s) : {}),
    ...(s.overlays?.length ? { overlayPlanes: s.overlays.length } : {}),
    invert: s.invert,
    photometricInterpretation: s.photometricInterpretation,
    transferSyntaxUid: s.transferSyntaxUid,
    attributes: { ...s.attributes },
    notes: [...s.notes],
  };
}

/**
 * A colour image is windowed per 8-bit channel (cornerstone's colour path), not over the
 * luminance the model reads: its range is 0..255 and it opens at the window that shows the
 * stored colours unchanged (cornerstone's linear VOI maps x to ((x - L) / W + 0.5) * 255 = x).
 */
function colourWindow(s: Study): Pick<StudyInfo, 'color' | 'minValue' | 'maxValue' | 'window' | 'windowSource' | 'display'> {
  return {
    color: true,
    minValue: 0,
    maxValue: 255,
    window: { center: 127.5, width: 255 },
    windowSource: 'full-range',
    // The file's window presets and VOI LUT function describe grayscale values: not these.
    display: { presets: [], voiLutFunction: 'LINEAR', ...(s.display.spacing ? { spacing: { ...s.display.spacing } } : {}) },
  };
}

/**
 * The pixels the viewer draws: modality values, plus RGBA for a colour image (made per call, not
 * kept), plus the file's overlay planes (bit-packed), plus which pixels are padding, plus the stored values
 * when a Modality LUT made the values.
 */
export function studyImage(studyId: string, s: Study): StudyImage {
  return {
    studyId,
    rows: s.rows,
    columns: s.columns,
    values: s.values,
    ...(s.rgb ? { rgba: rgbaOf(s.rgb) } : {}),
    ...(s.overlays?.length ? { overlays: s.overlays } : {}),
    ...(s.padding ? { paddingMask: s.padding.mask } : {}),
    ...(s.storedValues ? { storedValues: s.storedValues } : {}),
  };
}

function rgbaOf(rgb: Uint8Array): Uint8Array {
  const n = rgb.length / 3;
  const out = new Uint8Array(4 * n);
  for (let i = 0; i < n; i++) {
    out[4 * i] = rgb[3 * i];
    out[4 * i + 1] = rgb[3 * i + 1];
    out[4 * i + 2] = rgb[3 * i + 2];
    out[4 * i + 3] = 255;
  }
  return out;
}
