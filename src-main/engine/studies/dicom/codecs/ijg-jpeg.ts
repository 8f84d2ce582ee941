// JPEG Extended (process 2 & 4, 12-bit samples) and JPEG Lossless (process 14, any predictor incl.
// SV1) through dcmjs-codecs: DCMTK's IJG libjpeg (8, 12 and 16-bit builds) compiled to WebAssembly,
// the same codecs dcmjs-dimse already brings. One decoder for both syntaxes, through the package's
// public API; its output matches GDCM's raw decode byte for byte on every sample in shared/data.
// (JPEG baseline stays on libjpeg-turbo, which is faster for the common 8-bit case.)
import { dcmjsCodecs } from './dcmjs-codecs-module';

export interface IjgFrame {
  rows: number;
  columns: number;
  bitsAllocated: number;
  bitsStored: number;
  samplesPerPixel: number;
  pixelRepresentation: number;
  photometricInterpretation: string;
}

/** Decodes one JPEG frame to its stored samples (bitsAllocated wide, little endian, interleaved). */
export async function decodeIjgJpeg(encoded: Uint8Array, f: IjgFrame): Promise<Uint8Array> {
  const { NativeCodecs, Context } = await dcmjsCodecs();
  const context = new Context({
    width: f.columns,
    height: f.rows,
    bitsAllocated: f.bitsAllocated,
    bitsStored: f.bitsStored,
    samplesPerPixel: f.samplesPerPixel,
    pixelRepresentation: f.pixelRepresentation,
    planarConfiguration: 0,
    photometricInterpretation: f.photometricInterpretation,
    encodedBuffer: encoded,
  });
  let decoded: Uint8Array | undefined;
  try {
    // Stored values, as GDCM's raw decode gives them: no colour conversion here.
    decoded = NativeCodecs.decodeJpeg(context, { convertColorspaceToRgb: false }).getDecodedBuffer();
  } catch (err) {
    throw new Error(`the JPEG stream cannot be decoded (${err instanceof Error ? err.message : String(err)})`);
  }
  if (!decoded || decoded.length === 0) throw new Error('the JPEG stream cannot be decoded (no pixels came out)');
  return decoded.slice(); // our own copy, whatever the codec does with its buffer next
}
