// Alveo's own DICOM results (the SR and the Grad-CAM Secondary Capture written by engine/pacs) are
// never read as images of the patient: a capture shows a burned-in probability and heatmap, so the
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

/** The reason a batch or a study set lists an Alveo result as skipped. */
export function alveoResultReason(kind: AlveoResultKind): string {
  return `an Alveo result (${kind}), not a patient image`;
}

/** Throws NOT_AN_IMAGE, naming the file, when a study is one of Alveo's own results. */
export function refuseAlveoResult(study: { file: string; attributes: Readonly<Record<string, string>> }): void {
  const kind = alveoResultKind(study.attributes);
  if (kind) throw new AlveoError('NOT_AN_IMAGE', `${alveoResultReason(kind)}: Alveo makes no result from its own output`, study.file);
}
