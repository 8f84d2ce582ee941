// The images of a cached study that already have an Alveo result beside them: a study retrieved
// from the PACS brings back the SR and capture that Alveo (here, in another window, or on another
// workstation) sent there, and a reader about to send another must be told.
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import dcmjs from 'dcmjs';
import { ALVEO_MODEL_NAME, alveoResultKind, type AlveoResultKind } from '../studies/alveo-result';
import { quietDcmjs } from './dcmjs-quiet';
import { readRegularFile } from '../files/regular-file';

quietDcmjs(dcmjs as unknown as Parameters<typeof quietDcmjs>[0]);

const MARK = Buffer.from(ALVEO_MODEL_NAME, 'latin1');
const DEFLATED = Buffer.from('1.2.840.10008.1.2.1.99', 'latin1');

/** Every ReferencedSOPInstanceUID in a naturalized data set, however deep its sequences go. */
function references(value: unknown, out: Set<string>): void {
  if (Array.isArray(value)) for (const v of value) references(v, out);
  else if (value && typeof value === 'object' && !(value instanceof ArrayBuffer)) {
    for (const [key, v] of Object.entries(value)) {
      if (key === 'ReferencedSOPInstanceUID' && typeof v === 'string') out.add(v.replace(/\0/g, '').trim());
      else references(v, out);
    }
  }
}

/** The SR content items (at any depth) that reference the image measured: concept DCM 121112. */
function measurementSources(content: unknown, out: unknown[] = []): unknown[] {
  for (const item of Array.isArray(content) ? content : content ? [content] : []) {
    if (!item || typeof item !== 'object') continue;
    const it = item as Record<string, unknown>;
    const names = Array.isArray(it.ConceptNameCodeSequence) ? it.ConceptNameCodeSequence : it.ConceptNameCodeSequence ? [it.ConceptNameCodeSequence] : [];
    if (it.ValueType === 'IMAGE' && names.some((n) => (n as Record<string, unknown>)?.CodeValue === '121112')) out.push(it.ReferencedSOPSequence);
    measurementSources(it.ContentSequence, out);
  }
  return out;
}

/** An Alveo result file: which kind, its own UIDs and the images it refers to. */
export interface AlveoResultFile {
  kind: AlveoResultKind;
  studyInstanceUid: string;
  sopInstanceUid: string;
  /** SOP Instance UIDs of the images it is a result for. */
  sources: string[];
}

/** The file's bytes read as an Alveo result; null for anything else (an image, a damaged file). */
export function readAlveoResult(bytes: Uint8Array): AlveoResultFile | null {
  // The model name is in every Alveo result: images (most of a study) are never parsed here.
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (!buf.includes(MARK)) return null;
  // Alveo never writes a deflated result, and dcmjs would inflate one without limit (a bomb whose
  // preamble carries the model's name): not read.
  if (buf.subarray(0, 2048).includes(DEFLATED)) return null;
  try {
    const dict = dcmjs.data.DicomMessage.readFile(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer, { ignoreErrors: true });
    const ds = dcmjs.data.DicomMetaDictionary.naturalizeDataset(dict.dict);
    const text = (k: string) => (typeof ds[k] === 'string' ? (ds[k] as string).replace(/\0/g, '').trim() : undefined);
    const kind = alveoResultKind({ Manufacturer: text('Manufacturer'), ManufacturerModelName: text('ManufacturerModelName'), SOPClassUID: text('SOPClassUID'), Modality: text('Modality') });
    if (!kind) return null;
    const found = new Set<string>();
    // An SR refers to its image as the "Source of Measurement" (DCM 121112), and to its capture and
    // the evidence besides: only the first is the image it is a result for. A capture names its
    // image in its Source Image Sequence.
    if (kind === 'SR') for (const item of measurementSources(ds.ContentSequence)) references(item, found);
    if (!found.size) references(kind === 'SR' ? ds : (ds.SourceImageSequence ?? ds), found);
    return { kind, studyInstanceUid: text('StudyInstanceUID') ?? '', sopInstanceUid: text('SOPInstanceUID') ?? '', sources: [...found].sort() };
  } catch {
    return null; // a damaged file says nothing either way
  }
}

/** SOP Instance UIDs that Alveo results in `folder` (a cached study) refer to; [] when there are none. */
export async function alveoResultSources(folder: string): Promise<string[]> {
  const names = await readdir(folder).catch(() => [] as string[]);
  const found = new Set<string>();
  for (const name of names.filter((n) => n.endsWith('.dcm'))) {
    const bytes = await readRegularFile(join(folder, name)).catch(() => null);
    for (const uid of (bytes && readAlveoResult(bytes)?.sources) ?? []) found.add(uid);
  }
  return [...found].sort();
}
