// What a JPEG 2000 codestream's own markers say, read without decoding: the SIZ image, tile grid
// and components, each component's decomposition levels (COD/COC) and quantised sub-band count
// (QCD/QCC), and which tiles the SOT tile-part headers actually bring. OpenJPEG decodes a stream
// that contradicts itself without a word (missing tiles come out black, a patched level count as
// noise), so these facts are checked before and after it runs (j2k-checks.ts).

export interface J2kComponent {
  /** Bits per sample (Ssiz & 0x7f, plus 1). */
  precision: number;
  signed: boolean;
  /** Sub-sampling on the reference grid (XRsiz, YRsiz); 1 = none. */
  dx: number;
  dy: number;
}

/** Where a decomposition level count and a quantisation table were given, for one component. */
export interface J2kCoding {
  /** 'in the main header', or 'in the header of tile 3'. */
  where: string;
  component: number;
  levels: number;
  /** Sub-bands the QCD/QCC marker quantises; undefined where its style derives them (scalar derived) or none was given. */
  bands?: number;
}

export interface J2kTileParts {
  /** Tile-parts found for this tile. */
  found: number;
  /** Tile-parts its SOT markers announce (TNsot); 0 where they do not say. */
  announced: number;
}

export interface J2kCodestream {
  /** The image on the reference grid: Xsiz - XOsiz by Ysiz - YOsiz. */
  width: number;
  height: number;
  tileWidth: number;
  tileHeight: number;
  tilesAcross: number;
  tilesDown: number;
  components: J2kComponent[];
  coding: J2kCoding[];
  /** Tile index -> its tile-parts; a tile of the grid that is absent here has none in the stream. */
  tiles: Map<number, J2kTileParts>;
  /** The tile of the last tile-part, and whether an EOC marker follows that tile-part. */
  lastTile: number;
  endsWithEoc: boolean;
}

export function damagedJ2k(why: string): Error {
  return new Error(`the JPEG 2000 data is damaged or truncated: ${why}`);
}

function u16(b: Uint8Array, pos: number): number {
  return (b[pos] << 8) | b[pos + 1];
}

function u32(b: Uint8Array, pos: number): number {
  return ((b[pos] << 24) >>> 0) + ((b[pos + 1] << 16) | (b[pos + 2] << 8) | b[pos + 3]);
}

const JP2_SIGNATURE = [0x00, 0x00, 0x00, 0x0c, 0x6a, 0x50, 0x20, 0x20, 0x0d, 0x0a, 0x87, 0x0a];

/** A raw codestream as is, or the one inside a JP2 file's jp2c box (OpenJPEG takes both). */
export function j2kCodestreamBytes(b: Uint8Array): Uint8Array {
  if (!JP2_SIGNATURE.every((v, i) => b[i] === v)) return b;
  let pos = 0;
  while (pos + 8 <= b.length) {
    let length = u32(b, pos);
    let header = 8;
    if (length === 1) {
      if (pos + 16 > b.length) break;
      length = u32(b, pos + 8) * 2 ** 32 + u32(b, pos + 12);
      header = 16;
    } else if (length === 0) {
      length = b.length - pos; // the last box runs to the end
    }
    if (length < header) throw damagedJ2k(`the JP2 box at byte ${pos} has a length of ${length}`);
    const type = String.fromCharCode(b[pos + 4], b[pos + 5], b[pos + 6], b[pos + 7]);
    if (type === 'jp2c') return b.subarray(pos + header, Math.min(b.length, pos + length));
    pos += length;
  }
  throw damagedJ2k('its JP2 wrapper holds no codestream box');
}

const SOT = 0x90;
const SOD = 0x93;
const EOC = 0xd9;

/** COD/COC/QCD/QCC of one header (main, or a tile's first tile-part); later ones override per component. */
class CodingMarkers {
  levels?: number;
  bands?: number | null; // null: a derived-style QCD, which gives no band count
  componentLevels = new Map<number, number>();
  componentBands = new Map<number, number | null>();

  constructor(private readonly componentIndexBytes: number) {}

  /** This header's level count for component c (COC over COD); undefined where it gives none. */
  levelsFor(c: number): number | undefined {
    return this.componentLevels.get(c) ?? this.levels;
  }

  /** This header's quantised band count for component c (QCC over QCD); undefined where it gives none. */
  bandsFor(c: number): number | null | undefined {
    return this.componentBands.has(c) ? this.componentBands.get(c) : this.bands;
  }

  read(marker: number, seg: Uint8Array): void {
    const c = this.componentIndexBytes;
    const component = (at: number) => (c === 1 ? seg[at] : u16(seg, at));
    if (marker === 0x52 && seg.length >= 6) this.levels = seg[5]; // Scod, SGcod (4), then SPcod: levels first
    else if (marker === 0x53 && seg.length >= c + 2) this.componentLevels.set(component(0), seg[c + 1]); // Ccoc, Scoc, levels
    else if (marker === 0x5c && seg.length >= 1) this.bands = bandCount(seg[0], seg.length - 1);
    else if (marker === 0x5d && seg.length >= c + 1) this.componentBands.set(component(0), bandCount(seg[c], seg.length - c - 1));
  }
}

/** Sub-bands a quantisation marker gives values for (A.6.4): one byte each unquantised, two each expounded. */
function bandCount(sqcd: number, valueBytes: number): number | null {
  const style = sqcd & 0x1f;
  if (style === 0) return valueBytes;
  if (style === 2) return Math.floor(valueBytes / 2);
  return null;
}

/** Reads the markers named above; throws (saying where) when the stream cannot be walked. */
export function readJ2kCodestream(bytes: Uint8Array): J2kCodestream {
  const b = j2kCodestreamBytes(bytes);
  if (b.length < 4 || u16(b, 0) !== 0xff4f || u16(b, 2) !== 0xff51) throw damagedJ2k('it does not start with SOC and SIZ markers');
  const segment = (pos: number, where: string): Uint8Array => {
    if (pos + 4 > b.length) throw damagedJ2k(`${where} is cut short`);
    const length = u16(b, pos + 2);
    if (length < 2 || pos + 2 + length > b.length) throw damagedJ2k(`${where} is cut short (a marker segment at byte ${pos} runs past the end)`);
    return b.subarray(pos + 4, pos + 2 + length);
  };
  const siz = segment(2, 'its SIZ marker');
  if (siz.length < 36) throw damagedJ2k('its SIZ marker is cut short');
  const [xsiz, ysiz, xosiz, yosiz] = [u32(siz, 2), u32(siz, 6), u32(siz, 10), u32(siz, 14)];
  const [xtsiz, ytsiz, xtosiz, ytosiz] = [u32(siz, 18), u32(siz, 22), u32(siz, 26), u32(siz, 30)];
  const count = u16(siz, 34);
  if (count === 0 || siz.length < 36 + 3 * count) throw damagedJ2k(`its SIZ marker lists ${count} components in ${siz.length + 2} bytes`);
  if (xosiz >= xsiz || yosiz >= ysiz) throw damagedJ2k(`its SIZ marker declares an empty image (${xsiz} x ${ysiz} from offset ${xosiz}, ${yosiz})`);
  if (xtsiz === 0 || ytsiz === 0 || xtosiz > xosiz || ytosiz > yosiz || xtosiz + xtsiz <= xosiz || ytosiz + ytsiz <= yosiz) {
    throw damagedJ2k(`its SIZ marker declares an impossible tile grid (${xtsiz} x ${ytsiz} tiles from ${xtosiz}, ${ytosiz})`);
  }
  const components: J2kComponent[] = [];
  for (let i = 0; i < count; i++) {
    const at = 36 + 3 * i;
    components.push({ precision: (siz[at] & 0x7f) + 1, signed: (siz[at] & 0x80) !== 0, dx: siz[at + 1], dy: siz[at + 2] });
  }
  const tilesAcross = Math.ceil((xsiz - xtosiz) / xtsiz);
  const tilesDown = Math.ceil((ysiz - ytosiz) / ytsiz);
  const indexBytes = count < 257 ? 1 : 2;

  // The main header, up to the first tile-part.
  const main = new CodingMarkers(indexBytes);
  let pos = 4 + siz.length + 2;
  for (;;) {
    if (pos + 2 > b.length) throw damagedJ2k('it ends inside its main header, before any tile');
    if (b[pos] !== 0xff) throw damagedJ2k(`a marker was expected at byte ${pos} of its main header`);
    if (b[pos + 1] === SOT) break;
    if (b[pos + 1] === EOC || b[pos + 1] === SOD) throw damagedJ2k('its main header is followed by no tile');
    const seg = segment(pos, 'its main header');
    main.read(b[pos + 1], seg);
    pos += 2 + seg.length + 2;
  }

  // The tile-parts: each SOT says its tile and its length (Psot, from the SOT marker on; 0 = up to EOC).
  const tiles = new Map<number, J2kTileParts>();
  const tileCoding: [tile: number, markers: CodingMarkers][] = [];
  const tileCount = tilesAcross * tilesDown;
  let lastTile = -1;
  let endsWithEoc = false;
  while (pos + 2 <= b.length && b[pos] === 0xff && b[pos + 1] === SOT) {
    const sot = segment(pos, `the tile-part header at byte ${pos}`);
    if (sot.length < 8) throw damagedJ2k(`the SOT marker at byte ${pos} is cut short`);
    const tile = u16(sot, 0);
    const psot = u32(sot, 2);
    const announced = sot[7];
    if (tile >= tileCount) throw damagedJ2k(`a tile-part names tile ${tile}, but the SIZ tile grid has ${tileCount} tile${tileCount === 1 ? '' : 's'}`);
    if (psot !== 0 && psot < 14) throw damagedJ2k(`the tile-part of tile ${tile} at byte ${pos} has a length of ${psot}`);
    const end = psot === 0 ? lastEoc(b) : pos + psot;
    if (end < 0) throw damagedJ2k(`the last tile-part (tile ${tile}) runs to the end of the data, which has no EOC marker: it was cut short`);
    if (end > b.length) {
      throw damagedJ2k(`the tile-part of tile ${tile} at byte ${pos} is cut short (${psot} bytes by its SOT marker, ${b.length - pos} present)`);
    }
    // Its header, up to SOD: the first tile-part of a tile may override COD/COC/QCD/QCC.
    const coding = sot[6] === 0 ? new CodingMarkers(indexBytes) : undefined;
    let at = pos + 12;
    while (at + 2 <= end && b[at] === 0xff && b[at + 1] !== SOD) {
      const seg = segment(at, `the header of a tile-part of tile ${tile}`);
      coding?.read(b[at + 1], seg);
      at += 2 + seg.length + 2;
    }
    if (at + 2 > end || b[at] !== 0xff || b[at + 1] !== SOD) throw damagedJ2k(`the header of a tile-part of tile ${tile} has no SOD marker`);
    if (coding) tileCoding.push([tile, coding]);
    const parts = tiles.get(tile) ?? { found: 0, announced: 0 };
    parts.found++;
    parts.announced = Math.max(parts.announced, announced);
    tiles.set(tile, parts);
    lastTile = tile;
    endsWithEoc = psot === 0 || (end + 2 <= b.length && b[end] === 0xff && b[end + 1] === EOC);
    pos = end;
  }
  // Whatever follows the last whole tile-part (EOC, fragment padding, or damage) ends the walk:
  // tiles it never reached are reported as missing by the caller.

  // Per component, a tile's own markers take precedence over the main header's (A.6: tile COC,
  // tile COD, main COC, main COD; the same for QCC/QCD).
  const coding: J2kCoding[] = [];
  for (let c = 0; c < count; c++) {
    const levels = main.levelsFor(c);
    if (levels !== undefined) coding.push({ where: 'in the main header', component: c, levels, bands: main.bandsFor(c) ?? undefined });
  }
  for (const [tile, t] of tileCoding) {
    for (let c = 0; c < count; c++) {
      if (t.levelsFor(c) === undefined && t.bandsFor(c) === undefined) continue;
      const levels = t.levelsFor(c) ?? main.levelsFor(c);
      const tileBands = t.bandsFor(c);
      const bands = tileBands !== undefined ? tileBands : main.bandsFor(c);
      if (levels !== undefined) coding.push({ where: `in the header of tile ${tile}`, component: c, levels, bands: bands ?? undefined });
    }
  }
  return {
    width: xsiz - xosiz,
    height: ysiz - yosiz,
    tileWidth: xtsiz,
    tileHeight: ytsiz,
    tilesAcross,
    tilesDown,
    components,
    coding,
    tiles,
    lastTile,
    endsWithEoc,
  };
}

/** The offset just past the EOC marker that ends the data (fragment padding after it allowed); -1 if none. */
function lastEoc(b: Uint8Array): number {
  let end = b.length;
  while (end > 0 && b[end - 1] === 0) end--;
  return end >= 2 && b[end - 2] === 0xff && b[end - 1] === EOC ? end : -1;
}
