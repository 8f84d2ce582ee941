// Refusals for JPEG 2000 frames that OpenJPEG (through @cornerstonejs/codec-openjpeg) would turn
// into a wrong picture without an error. Its copy-out loop reads width x height samples from the
// first component's buffer, so a sub-sampled component (a smaller buffer) is read past its end, into
// freed wasm memory that still held the previous file's image: another patient's pixels shown as
// this one's. It also clips signed 8-bit samples to 0, leaves 16-bit colour black, fills missing
// tiles with zeros, and decodes a stream whose level count no longer matches its quantisation as
// noise. Each of these is refused here, naming the cause, before the decoder runs or before its
// output is used.
import { damagedJ2k, type J2kCodestream } from './j2k-codestream';

/** The DICOM header's word on the samples (a PixelModule fits). */
export interface SampleHeader {
  samplesPerPixel: number;
  bitsAllocated: number;
  bitsStored: number;
  pixelRepresentation: number;
}

/** What OpenJPEG reported for the frame it decoded. */
export interface DecodedInfo {
  width: number;
  height: number;
  bitsPerSample: number;
  componentCount: number;
  isSigned?: boolean;
}

function unusable(why: string): Error {
  return new Error(`the JPEG 2000 codestream cannot be decoded faithfully: ${why}`);
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

/** Throws when the codestream is one OpenJPEG would decode wrongly, or one that contradicts `header`. */
export function checkJ2kBeforeDecode(cs: J2kCodestream, header?: SampleHeader): void {
  const comps = cs.components;
  comps.forEach((c, i) => {
    if (c.dx !== 1 || c.dy !== 1) {
      throw unusable(`its SIZ marker sub-samples component ${i} (XRsiz ${c.dx}, YRsiz ${c.dy}); only full-resolution components can be decoded`);
    }
  });
  if (header && comps.length !== header.samplesPerPixel) {
    throw damagedJ2k(`its SIZ marker gives ${plural(comps.length, 'component')} but the DICOM header says ${plural(header.samplesPerPixel, 'sample')} per pixel (Samples per Pixel)`);
  }
  if (comps.length !== 1 && comps.length !== 3) throw unusable(`it has ${comps.length} components; only 1 (grey) or 3 (colour) can be decoded`);
  const [first] = comps;
  const odd = comps.findIndex((c) => c.precision !== first.precision || c.signed !== first.signed);
  if (odd > 0) throw unusable(`its components differ in bit depth or sign (component 0: ${describe(first)}, component ${odd}: ${describe(comps[odd])})`);
  if (first.precision > 16) throw unusable(`its samples are ${first.precision} bits (SIZ precision); at most 16 can be decoded`);
  if (comps.length === 3 && first.precision > 8) throw unusable(`its colour samples are ${first.precision} bits (SIZ precision); colour can be decoded only at 8 bits`);
  if (first.signed && first.precision <= 8) throw unusable(`its samples are signed ${first.precision}-bit, which the decoder would clip at 0`);
  if (header && first.precision > header.bitsAllocated) {
    throw damagedJ2k(`its samples are ${first.precision} bits (SIZ precision) but the DICOM header allocates ${header.bitsAllocated} (Bits Allocated)`);
  }

  const tileCount = cs.tilesAcross * cs.tilesDown;
  if (cs.tiles.size < tileCount) {
    const missing: number[] = [];
    for (let t = 0; t < tileCount && missing.length < 5; t++) if (!cs.tiles.has(t)) missing.push(t);
    const count = tileCount - cs.tiles.size;
    const grid = `${cs.tilesAcross} x ${cs.tilesDown} tiles of ${cs.tileWidth} x ${cs.tileHeight}`;
    throw damagedJ2k(
      `${plural(count, 'tile')} of the ${tileCount} its SIZ marker's grid needs (${grid}) ${count === 1 ? 'is' : 'are'} missing` +
        ` (tile ${missing.join(', ')}${count > missing.length ? ', …' : ''})`,
    );
  }
  for (const [tile, parts] of cs.tiles) {
    if (parts.announced > parts.found) {
      throw damagedJ2k(`tile ${tile} has ${parts.found} of the ${parts.announced} tile-parts its SOT markers announce`);
    }
  }
  // Cut at a tile-part boundary, a stream loses its EOC; a tile whose SOT markers never said how
  // many parts it has (TNsot 0) may then have lost some, which OpenJPEG decodes blurred in silence.
  if (!cs.endsWithEoc && (cs.tiles.get(cs.lastTile)?.announced ?? 0) === 0) {
    throw damagedJ2k(`it ends after a tile-part of tile ${cs.lastTile} with no EOC marker, and its SOT markers do not say how many tile-parts that tile has: some may have been cut off`);
  }

  // COD/COC give the decomposition levels; QCD/QCC quantise each sub-band those levels make
  // (3 per level plus the lowest). A count that disagrees means one of them was altered, and
  // OpenJPEG decodes the packets with the wrong layout as noise, without a word.
  for (const c of cs.coding) {
    const needed = 3 * c.levels + 1;
    if (c.bands !== undefined && c.bands !== needed) {
      throw damagedJ2k(
        `${c.where}, component ${c.component} has ${plural(c.levels, 'decomposition level')} (COD/COC), which make ${needed} sub-bands, but ${c.bands} are quantised (QCD/QCC)`,
      );
    }
  }
}

function describe(c: { precision: number; signed: boolean }): string {
  return `${c.signed ? 'signed' : 'unsigned'} ${c.precision}-bit`;
}

/**
 * Throws unless OpenJPEG's output is exactly the image the codestream declares, and unless every
 * sample fits the Bits Stored / Pixel Representation the DICOM header gives (a wider or signed
 * codestream is fine while its values fit; a value that does not would be shown wrapped).
 */
export function checkJ2kDecoded(cs: J2kCodestream, info: DecodedInfo, bytes: Uint8Array, header?: SampleHeader): void {
  const [first] = cs.components;
  const bytesPerSample: 1 | 2 = first.precision > 8 ? 2 : 1;
  const expected = cs.width * cs.height * cs.components.length * bytesPerSample;
  const declared = `${cs.width} x ${cs.height}, ${plural(cs.components.length, 'component')} of ${describe(first)}`;
  const got = `${info.width} x ${info.height}, ${plural(info.componentCount, 'component')} of ${describe({ precision: info.bitsPerSample, signed: info.isSigned === true })}`;
  if (info.width !== cs.width || info.height !== cs.height || info.componentCount !== cs.components.length || info.bitsPerSample !== first.precision || (info.isSigned === true) !== first.signed) {
    throw new Error(`openjpeg gave ${got} where the codestream declares ${declared}`);
  }
  if (bytes.length !== expected) throw new Error(`openjpeg gave ${bytes.length} bytes where the codestream's ${declared} make ${expected}`);
  if (!header) return;
  const bits = header.bitsStored;
  const signedHeader = header.pixelRepresentation === 1;
  // Only a codestream wider than Bits Stored, or signed over an unsigned header, can hold misfits.
  if (first.precision <= bits && !(first.signed && !signedHeader)) return;
  const signed = first.signed && signedHeader;
  const lo = signed ? -(2 ** (bits - 1)) : 0;
  const hi = signed ? 2 ** (bits - 1) - 1 : 2 ** bits - 1;
  const { min, max } = sampleRange(bytes, bytesPerSample, first.signed);
  if (min < lo || max > hi) {
    const range = `${signed ? 'signed' : 'unsigned'} ${bits}-bit range (Bits Stored ${bits}, Pixel Representation ${header.pixelRepresentation})`;
    const found = min < lo ? `down to ${min}` : `up to ${max}`;
    throw damagedJ2k(`its ${describe(first)} samples (SIZ precision) go ${found}, beyond the ${range} the DICOM header gives`);
  }
}

function sampleRange(bytes: Uint8Array, width: 1 | 2, signed: boolean): { min: number; max: number } {
  let min = Infinity;
  let max = -Infinity;
  if (width === 1) {
    for (const v of bytes) {
      if (v < min) min = v;
      if (v > max) max = v;
    }
  } else {
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    for (let i = 0; i + 1 < bytes.length; i += 2) {
      const v = signed ? view.getInt16(i, true) : view.getUint16(i, true);
      if (v < min) min = v;
      if (v > max) max = v;
    }
  }
  return { min, max };
}
