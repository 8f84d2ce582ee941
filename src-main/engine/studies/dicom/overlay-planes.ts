// The overlay planes (60xx groups) of a DICOM file, for the frame shown: the 1-bit bitmaps a
// modality stores beside the image (side markers, annotations, shutters) that dcmtk and PACS
// viewers draw over it. Only planes with their own Overlay Data (60xx,3000) are read; the retired
// encoding in the pixel data's unused high bits is named as not shown. A malformed plane is skipped
// with a note naming it (never an error: the image itself is fine). The AI never sees overlays.
import type { DataSet, Element } from 'dicom-parser';
import type { OverlayPlane } from '../../../api/overlay-plane';
import { clipText } from '../../text/clip-text';
import { elementText } from './dicom-text';
import { overlayFrameBits } from './overlay-plane-bits';
import { MAX_PIXELS } from './pixel-module';

export interface OverlayPlanesRead {
  planes: OverlayPlane[];
  /** What a reader should know: the planes drawn, and each plane skipped and why. */
  notes: string[];
}

export interface OverlayFrame {
  /** 0-based frame of the image shown. */
  frame: number;
  /** Frames of the image. */
  frames: number;
  /** Explicit VR big endian: OW overlay data is byte-swapped in 16-bit words. */
  bigEndian?: boolean;
}

/** The 16 repeating groups 6000, 6002, … 601E (PS3.5 7.6). */
const GROUPS = Array.from({ length: 16 }, (_, i) => 0x6000 + 2 * i);

/** Planes of the frame shown, and notes on them (none when the file has no overlay group). */
export function readOverlayPlanes(ds: DataSet, at: OverlayFrame): OverlayPlanesRead {
  const planes: OverlayPlane[] = [];
  const notes: string[] = [];
  for (const g of GROUPS) {
    const group = g.toString(16).toUpperCase();
    const key = (element: string) => `x${group.toLowerCase()}${element}`;
    const el = (element: string): Element | undefined => ds.elements[key(element)];
    if (!el('0010') && !el('0011') && !el('3000')) continue;
    const label = text(ds, el('1500'));
    const name = `overlay plane ${group}${label ? ` "${label}"` : ''}`;
    let read: ReturnType<typeof readPlane>;
    try {
      read = readPlane(ds, at, group, el);
    } catch (err) {
      // Whatever the bytes, a plane never stops the image from opening.
      read = `it could not be read (${err instanceof Error ? err.message : String(err)})`;
    }
    if (typeof read === 'string') notes.push(`${name} not shown: ${read}`);
    else planes.push({ ...read, ...(label ? { label } : {}) });
  }
  if (planes.length > 0) notes.unshift(summary(planes));
  return { planes, notes };
}

/** The plane for this frame, or why it is not shown (malformed, or on other frames only). */
function readPlane(ds: DataSet, at: OverlayFrame, group: string, el: (element: string) => Element | undefined): Omit<OverlayPlane, 'label'> | string {
  const rows = us(ds, el('0010'));
  const columns = us(ds, el('0011'));
  const bitsAllocated = us(ds, el('0100'));
  const data = el('3000');
  if (!data) {
    // Overlay Bits Allocated above 1 (or Overlay Data missing) is the retired encoding in the image pixels' high bits.
    return bitsAllocated !== undefined && bitsAllocated > 1
      ? `it is stored in the unused high bits of the pixel data (a retired encoding Alveo does not draw; bit ${us(ds, el('0102')) ?? '?'})`
      : `it has no Overlay Data (${group},3000)`;
  }
  if (!rows || !columns) return `its Overlay Rows / Columns (${group},0010 / 0011) are missing or 0`;
  if (bitsAllocated !== undefined && bitsAllocated !== 1) return `Overlay Bits Allocated (${group},0100) is ${bitsAllocated}, not 1`;
  if (rows * columns > MAX_PIXELS) return `it is too large (${columns} x ${rows})`;
  const framesInOverlay = positiveInt(ds.string(`x${group.toLowerCase()}0015`)) ?? 1;
  const firstFrame = us(ds, el('0051')) ?? 1;
  // Overlay frame k belongs to image frame (Image Frame Origin - 1) + k (PS3.3 C.9.2.1.2); a single-frame image has only its one.
  const k = at.frames > 1 ? at.frame - (Math.max(1, firstFrame) - 1) : 0;
  const perFrame = rows * columns;
  const needed = Math.ceil((perFrame * framesInOverlay) / 8);
  if (data.hadUndefinedLength || data.length === 0xffffffff) return `its Overlay Data (${group},3000) has an undefined length`;
  const present = Math.max(0, Math.min(data.length, ds.byteArray.length - data.dataOffset));
  if (present < needed) {
    const size = `${columns} x ${rows}${framesInOverlay > 1 ? ` x ${framesInOverlay} frames` : ''}`;
    return `its Overlay Data (${group},3000) holds ${present} bytes; ${size} bits need ${needed}`;
  }
  if (k < 0 || k >= framesInOverlay) {
    const from = Math.max(1, firstFrame);
    return `it belongs to frame${framesInOverlay > 1 ? `s ${from}–${from + framesInOverlay - 1}` : ` ${from}`}, not this one`;
  }
  const bytes = ds.byteArray.subarray(data.dataOffset, data.dataOffset + present);
  const bits = overlayFrameBits(bytes, k * perFrame, perFrame, Boolean(at.bigEndian) && data.vr === 'OW');
  const origin = el('0050');
  const top = origin && origin.length >= 4 ? ds.int16(origin.tag, 0) : undefined;
  const left = origin && origin.length >= 4 ? ds.int16(origin.tag, 1) : undefined;
  const description = text(ds, el('0022'));
  return {
    group,
    type: (ds.string(`x${group.toLowerCase()}0040`) ?? '').trim().toUpperCase() === 'R' ? 'R' : 'G',
    rows,
    columns,
    // Overlay Origin is 1-based (row\column); absent, the plane starts at the image's first pixel.
    top: (top ?? 1) - 1,
    left: (left ?? 1) - 1,
    bits,
    ...(description ? { description } : {}),
  };
}

/** "overlay planes: 2 (graphics), drawn over the image …" */
function summary(planes: OverlayPlane[]): string {
  const graphics = planes.filter((p) => p.type === 'G').length;
  const roi = planes.length - graphics;
  const kinds = roi === 0 ? 'graphics' : graphics === 0 ? 'region of interest' : `${graphics} graphics, ${roi} region of interest`;
  const named = planes.map((p) => `${p.group}${p.label ? ` "${p.label}"` : p.description ? ` "${p.description}"` : ''}`).join(', ');
  return `overlay planes: ${planes.length} (${kinds}: ${named}), shown over the image in the viewer (the Overlays button or G shows or hides them); the AI reads the image without them`;
}

function us(ds: DataSet, el: Element | undefined): number | undefined {
  return el && el.length >= 2 ? ds.uint16(el.tag) : undefined;
}

function positiveInt(s: string | undefined): number | undefined {
  const n = s === undefined ? NaN : Number(s.trim());
  return Number.isInteger(n) && n >= 1 ? n : undefined;
}

function text(ds: DataSet, el: Element | undefined): string {
  return el && el.length > 0 ? clipText(elementText(ds, el, 'LO'), 64) : '';
}
