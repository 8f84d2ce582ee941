// Alveo's own DICOM results (the SR and the Grad-CAM Secondary Capture written by engine/pacs) are
// never read as images of the patient: a capture shows a burned-in model score and heatmap, so the
// model would score its own output. They are told apart by Manufacturer and Manufacturer's Model
// Name, which the writers take from here: attributes of the data set itself, so they survive a
// PACS round trip (C-STORE, C-GET/C-MOVE and STOW-RS rewrite the file meta header, so the
// Implementation Class UID does not), and every Alveo version has written them.
import { AlveoError } from '../../api/errors';

export const ALVEO_MANUFACTURER = 'Alveo';
export const ALVEO_MODEL_NAME = 'Alveo pneumonia AI';

export type AlveoResultKind = 'SR' | 'Secondary Capture';

/** Where SOP classes of SR documents begin (Basic, Enhanced, Comprehensive... SR). */
const SR_CLASS_PREFIX = '1.2.840.10008.5.1.4.1.1.88.';

const clean = (v: string | undefined) => (v ?? '').replace(/\0/g, '').trim();

/** The kind of Alveo result these attributes (DICOM keyword -> value) describe, or null for anything else. */
export function alveoResultKind(attributes: Readonly<Record<string, string | undefined>>): AlveoResultKind | null {
  if (clean(attributes.Manufacturer) !== ALVEO_MANUFACTURER || clean(attributes.ManufacturerModelName) !== ALVEO_MODEL_NAME) return null;
  const sr = clean(attributes.SOPClassUID).startsWith(SR_CLASS_PREFIX) || clean(attributes.Modality).toUpperCase() === 'SR';
  return sr ? 'SR' : 'Secondary Capture';
}

/** What the reader would call it: the report, or the picture with the heatmap. */
const KIND_WORDS: Record<AlveoResultKind, string> = { SR: 'structured report', 'Secondary Capture': 'Grad-CAM capture' };

/** A DICOM date (ContentDate of the result) as 2026-12-01; '' when it is not one. */
export function resultDate(da: string | undefined): string {
  const m = /^(\d{4})(\d{2})(\d{2})$/.exec(clean(da));
  return m ? `${m[1]}-${m[2]}-${m[3]}` : '';
}

/**
 * The reason a batch or a study set lists an Alveo result as skipped: an earlier AI result, what
 * kind and when (not "not an image": the capture is one, just not of the patient).
 */
export function alveoResultReason(kind: AlveoResultKind, contentDate?: string): string {
  const date = resultDate(contentDate);
  return `an earlier Alveo AI result (${KIND_WORDS[kind]}${date ? `, ${date}` : ''}), not a patient image`;
}

/** The date an Alveo result was made, from the study's tag list, else undefined. */
function contentDateOf(tags: readonly { keyword: string; value: string }[] | undefined): string | undefined {
  return tags?.find((t) => t.keyword === 'ContentDate')?.value ?? tags?.find((t) => t.keyword === 'InstanceCreationDate')?.value;
}

/** Throws NOT_AN_IMAGE, naming the file, when a study is one of Alveo's own results. */
export function refuseAlveoResult(study: { file: string; attributes: Readonly<Record<string, string>>; tags?: readonly { keyword: string; value: string }[] }): void {
  const kind = alveoResultKind(study.attributes);
  if (kind) throw new AlveoError('NOT_AN_IMAGE', `${alveoResultReason(kind, contentDateOf(study.tags))}: Alveo makes no result from its own output`, study.file);
}
