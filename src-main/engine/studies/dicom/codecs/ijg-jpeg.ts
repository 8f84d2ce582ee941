// JPEG Extended (process 2 & 4, 12-bit samples) and JPEG Lossless (process 14, any predictor incl.
// SV1) through dcmjs-codecs: DCMTK's IJG libjpeg (8, 12 and 16-bit builds) compiled to WebAssembly,
// the same codecs dcmjs-dimse already brings. One decoder for both syntaxes, through the package's
// public API; its output matches GDCM's raw decode byte for byte on every sample in shared/data.
// (JPEG baseline stays on libjpeg-turbo, which is faster for the common 8-bit case.)
// libjpeg decodes damaged data with a warning and fills in what it lost (gray or smeared blocks);
// those warnings are listened for and refused, as libjpeg-turbo and sharp refuse such files here.
import { dcmjsCodecs, type DcmjsCodecs } from './dcmjs-codecs-module';

/** libjpeg's warnings about the data itself (JWRN_*: corrupt data, premature end, bad codes). */
const DAMAGE = /^(Corrupt JPEG data|Premature end of JPEG file|Invalid SOS parameters|Inconsistent progression|Application transferred too (many|few) scanlines)/;

/** Runs a synchronous decode with libjpeg's messages routed to us; returns its damage warnings. */
function withDamageWarnings<T>(codecs: DcmjsCodecs, decode: () => T): { result: T; damage: string[] } {
  const damage: string[] = [];
  const { NativeCodecs, log } = codecs;
  const before = { flag: NativeCodecs.logCodecsInfo, info: log.info };
  NativeCodecs.logCodecsInfo = true;
  log.info = (...message: unknown[]) => {
    const text = String(message[0] ?? '').replace(/^.*EmitMessage::/, '');
    if (DAMAGE.test(text)) damage.push(text);
  };
  try {
    return { result: decode(), damage };
  } finally {
    NativeCodecs.logCodecsInfo = before.flag;
    log.info = before.info;
  }
}

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
  const codecs = await dcmjsCodecs();
  const { NativeCodecs, Context } = codecs;
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
  let damage: string[];
  try {
    // Stored values, as GDCM's raw decode gives them: no colour conversion here.
    ({ result: decoded, damage } = withDamageWarnings(codecs, () => NativeCodecs.decodeJpeg(context, { convertColorspaceToRgb: false }).getDecodedBuffer()));
  } catch (err) {
    throw new Error(`the JPEG stream cannot be decoded (${err instanceof Error ? err.message : String(err)})`);
  }
  if (damage.length > 0) throw new Error(`the JPEG stream is damaged (libjpeg: ${damage.slice(0, 2).join('; ')}${damage.length > 2 ? `; and ${damage.length - 2} more` : ''})`);
  if (!decoded || decoded.length === 0) throw new Error('the JPEG stream cannot be decoded (no pixels came out)');
  return decoded.slice(); // our own copy, whatever the codec does with its buffer next
}
