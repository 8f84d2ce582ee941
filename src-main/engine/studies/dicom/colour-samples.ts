// One decoded frame as the samples the colour and value paths read: palette indices become the
// 8-bit RGB their tables give, uncompressed 4:2:2 becomes one Y Cb Cr triplet per pixel (full
// range) or RGB (partial range). The viewer then shows them, and the model reads their luminance,
// exactly as it does for any RGB or YBR_FULL file. Every other frame passes through unchanged.
import { colourPixels } from './colour-pixels';
import type { OpenedDicom } from './open-dicom';
import { paletteRgb } from './palette-colour';
import { isYbr422, type PixelModule } from './pixel-module';
import { expandYbr422 } from './ybr-422';

export interface ColourSamples {
  bytes: Uint8Array;
  /** The pixel module `bytes` follow (the file's own unless converted here). */
  pixelModule: PixelModule;
  /** The samples are Y Cb Cr (full range): the viewer converts them, the model reads Y. */
  samplesAreYbr: boolean;
  notes: string[];
}

/** The module of an 8-bit RGB frame, colour-by-pixel, with the file's size and frames. */
function rgb8(pm: PixelModule): PixelModule {
  return { ...pm, samplesPerPixel: 3, planarConfiguration: 0, bitsAllocated: 8, bitsStored: 8, highBit: 7, pixelRepresentation: 0 };
}

/** `maskToBitsStored`: the frame came from native or RLE data (bits above High Bit may be junk). */
export function colourSamples(dicom: Pick<OpenedDicom, 'pixelModule' | 'syntax' | 'palette'>, frame: Uint8Array, maskToBitsStored: boolean): ColourSamples {
  const pm = dicom.pixelModule;
  const photometric = pm.photometricInterpretation;
  if (dicom.palette) {
    const notes = dicom.palette.note ? [dicom.palette.note] : [];
    return { bytes: paletteRgb(frame, pm, dicom.palette), pixelModule: rgb8(pm), samplesAreYbr: false, notes };
  }
  if (dicom.syntax.codec === 'native' && isYbr422(photometric)) {
    const full: PixelModule = { ...pm, planarConfiguration: 0 };
    const ybr = expandYbr422(frame, pm);
    // 4:2:2 has one layout only (PS3.3 C.7.6.3.1.3 requires 0); a writer that said 1 is read as
    // the standard stores it, and the note says so (dcmtk refuses such a file).
    const notes = pm.planarConfiguration === 1 ? [`Planar Configuration 1 is not allowed for ${photometric} (the standard requires 0): read as 0, each two pixels' Y1 Y2 Cb Cr together`] : [];
    if (photometric === 'YBR_FULL_422') return { bytes: ybr, pixelModule: full, samplesAreYbr: true, notes };
    // Partial range goes to RGB here, so the model reads the luminance of the colours shown.
    const rgb = colourPixels(ybr, full, { maskToBitsStored, samplesAreYbr: true, partialRange: true });
    return { bytes: rgb, pixelModule: rgb8(pm), samplesAreYbr: false, notes };
  }
  // Codecs give RGB for JPEG's YCbCr; native and RLE YBR_FULL still hold Y, Cb, Cr.
  return { bytes: frame, pixelModule: pm, samplesAreYbr: maskToBitsStored && photometric === 'YBR_FULL', notes: [] };
}
