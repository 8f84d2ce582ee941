// The image size a compressed frame's own header declares, read from its first bytes before any
// decoder runs. Each codec allocates what its header says, so a 100 KB stream that declares
// 60000 x 60000 has to be refused from these bytes, not after gigabytes of decoding.
import { j2kCodestreamBytes } from './j2k-codestream';

export type CodestreamKind = 'jpeg' | 'jpeg-ls' | 'jpeg-2000';

export interface DeclaredSize {
  width: number;
  height: number;
}

const NAMES: Record<CodestreamKind, string> = { jpeg: 'JPEG', 'jpeg-ls': 'JPEG-LS', 'jpeg-2000': 'JPEG 2000' };

function damaged(kind: CodestreamKind, why: string): Error {
  return new Error(`the ${NAMES[kind]} data is damaged or truncated: ${why}`);
}

/** Width and height from the stream's frame header; throws, saying what is missing, when it has none. */
export function declaredSize(kind: CodestreamKind, bytes: Uint8Array): DeclaredSize {
  return kind === 'jpeg-2000' ? j2kSize(bytes) : jpegSize(kind, bytes);
}

/** SOF0..SOF15 less DHT (C4), JPG (C8) and DAC (CC): the frame headers libjpeg reads. */
function isJpegSof(marker: number): boolean {
  return marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc;
}

/** JPEG (SOFn) and JPEG-LS (SOF55) frame headers share one layout: Lf, P, Y, X, Nf. */
function jpegSize(kind: CodestreamKind, b: Uint8Array): DeclaredSize {
  if (b.length < 2 || b[0] !== 0xff || b[1] !== 0xd8) throw damaged(kind, 'it does not start with an SOI marker');
  const isSof = kind === 'jpeg-ls' ? (m: number) => m === 0xf7 : isJpegSof;
  let pos = 2;
  for (;;) {
    if (pos >= b.length) throw damaged(kind, 'it ends before its frame header');
    if (b[pos] !== 0xff) throw damaged(kind, `a marker was expected at byte ${pos}`);
    while (pos < b.length && b[pos] === 0xff) pos++; // fill bytes
    if (pos >= b.length) throw damaged(kind, 'it ends before its frame header');
    const marker = b[pos++];
    // Markers without a length (TEM, RSTn) may stand anywhere; skip them.
    if (marker === 0x01 || (marker >= 0xd0 && marker <= 0xd7)) continue;
    if (marker === 0xd9 || marker === 0xda) throw damaged(kind, 'it has no frame header before its scan');
    if (pos + 2 > b.length) throw damaged(kind, 'it ends before its frame header');
    const length = (b[pos] << 8) | b[pos + 1];
    if (length < 2) throw damaged(kind, `the segment at byte ${pos - 2} has a length of ${length}`);
    if (isSof(marker)) {
      if (length < 8 || pos + 7 > b.length) throw damaged(kind, 'its frame header is cut short');
      return { height: (b[pos + 3] << 8) | b[pos + 4], width: (b[pos + 5] << 8) | b[pos + 6] };
    }
    pos += length;
  }
}

function u32(b: Uint8Array, pos: number): number {
  return ((b[pos] << 24) >>> 0) + ((b[pos + 1] << 16) | (b[pos + 2] << 8) | b[pos + 3]);
}

/** A raw codestream (SOC then SIZ), or a JP2 file whose jp2c box holds one (OpenJPEG takes both). */
function j2kSize(b: Uint8Array): DeclaredSize {
  return sizSize(j2kCodestreamBytes(b));
}

/** SIZ must follow SOC at once; the image is Xsiz - XOsiz by Ysiz - YOsiz, as OpenJPEG reports it. */
function sizSize(b: Uint8Array): DeclaredSize {
  if (b.length >= 2 && b.length < 4 && b[0] === 0xff && b[1] === 0x4f) throw damaged('jpeg-2000', 'it ends after its SOC marker');
  if (b.length < 4 || b[0] !== 0xff || b[1] !== 0x4f || b[2] !== 0xff || b[3] !== 0x51) {
    throw damaged('jpeg-2000', 'it does not start with SOC and SIZ markers');
  }
  if (b.length < 24) throw damaged('jpeg-2000', 'its SIZ marker is cut short');
  const [xsiz, ysiz, xosiz, yosiz] = [u32(b, 8), u32(b, 12), u32(b, 16), u32(b, 20)];
  if (xosiz >= xsiz || yosiz >= ysiz) throw damaged('jpeg-2000', `its SIZ marker declares an empty image (${xsiz} x ${ysiz} from offset ${xosiz}, ${yosiz})`);
  return { width: xsiz - xosiz, height: ysiz - yosiz };
}
