// Display polarity. The header decides (MONOCHROME1 is shown inverted) unless the pixels plainly
// contradict it. Decision: for projection radiographs (CR/DX/DR/RG/OT or no modality) that are
// frontal chest views (not lateral; body part chest or not given), we measure spineLungContrast
// as the header would display the image. If the spine would come out much darker than the lungs
// (below INVERTED_CONTRAST), the header is overruled, the image is shown the other way round and a
// note says so. Two shared samples need exactly this: Fake_MONOHR1 (MONOCHROME1 header over
// MONOCHROME2 pixels, contrast -86) and JPEG2KLossless_1s_1f_u_16_16 (MONOCHROME2 header over
// MONOCHROME1-like pixels). On all 1607 Kermany images and every other shared DICOM the measure is
// clearly positive (>= +18), so correct headers are never overruled there. Other images (lateral,
// non-chest, CT/MR/...) always follow the header; the guardrails warn when any image looks inverted.
// The values measured are the modality values (after a Modality LUT, so an inverting LUT is not
// taken for a wrong header), shown with the file's VOI LUT Function; padding is not measured.
import type { VoiLutFunction } from '../../../api/study-display';
import { fileLutLevels, windowLevels } from '../../../api/voi-grey';
import { INVERTED_CONTRAST, spineLungContrast } from '../chest-polarity';
import type { VoiLut, WindowSetting } from '../study';

export interface PolarityInput {
  photometricInterpretation: string;
  values: Float32Array;
  rows: number;
  columns: number;
  window: WindowSetting;
  voiLut?: VoiLut;
  voiLutFunction: VoiLutFunction;
  /** 1 where the pixel is padding (outside the image). */
  paddingMask?: Uint8Array;
  attributes: Record<string, string>;
}

/** Anatomy needs pixels: thumbnails and test patterns are never measured. */
const MIN_SIDE = 64;

export interface Polarity {
  invert: boolean;
  /** Set when the pixels overruled the header. */
  note?: string;
  /** spineLungContrast as the header would display the image, when measured. */
  contrast?: number;
}

const PROJECTION_MODALITIES = new Set(['', 'CR', 'DX', 'DR', 'RG', 'OT']);

export function isFrontalChestRadiograph(a: Record<string, string>): boolean {
  const modality = (a.Modality ?? '').toUpperCase();
  const view = (a.ViewPosition ?? '').toUpperCase();
  const body = (a.BodyPartExamined ?? '').toUpperCase();
  return (
    PROJECTION_MODALITIES.has(modality) &&
    !/^(LL|RL|LAT|LATERAL|LLD|RLD|LLO|RLO)$/.test(view) &&
    (body === '' || body.includes('CHEST') || body.includes('THORAX') || body.includes('LUNG'))
  );
}

export function decidePolarity(p: PolarityInput): Polarity {
  const headerInvert = p.photometricInterpretation === 'MONOCHROME1';
  const grayscale = p.photometricInterpretation.startsWith('MONOCHROME');
  if (!grayscale || p.rows < MIN_SIDE || p.columns < MIN_SIDE || !isFrontalChestRadiograph(p.attributes)) {
    return { invert: headerInvert };
  }
  const shown = p.voiLut ? fileLutLevels(p.values, p.voiLut) : windowLevels(p.voiLutFunction, p.values, p.window);
  if (headerInvert) for (let i = 0; i < shown.length; i++) shown[i] = 255 - shown[i];
  const contrast = spineLungContrast(shown, p.rows, p.columns, p.paddingMask);
  // NaN: the strips are all padding, nothing to measure.
  if (Number.isNaN(contrast)) return { invert: headerInvert };
  if (contrast >= INVERTED_CONTRAST) return { invert: headerInvert, contrast };
  const other = headerInvert ? 'MONOCHROME2' : 'MONOCHROME1';
  return {
    invert: !headerInvert,
    contrast,
    note:
      `header says ${p.photometricInterpretation} but the pixels look ${other}: ` +
      `read as the header says, the spine would show darker than the lungs (contrast ${Math.round(contrast)}), so Alveo shows it as ${other}`,
  };
}
