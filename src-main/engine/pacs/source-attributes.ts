// The patient and study a result belongs to, copied from the source DICOM as written there:
// nothing is invented. Type 2 attributes the source lacks are written empty, as the standard asks.
// Text in a character set the source does not declare (or declares by a name that is no DICOM
// set, "WINDOWS-1251") is left empty too: read as Latin-1 it may be another set's letters, and a
// result would state that guess as the patient's name.
import type { NaturalizedDataset } from 'dcmjs';
import { AlveoError } from '../../api/errors';
import { guessedCharsetNote, looksLikeUtf8, UNDECLARED_CHARSET_NOTE, utf8UnderLatin1 } from '../studies/dicom/charset-notes';
import { CHARSET_VRS } from '../studies/dicom/dicom-text';
import type { Study } from '../studies/study';

/** Patient, General Study and Patient Study module attributes carried into every result. */
const COPIED = [
  'PatientName',
  'PatientID',
  'IssuerOfPatientID',
  'PatientBirthDate',
  'PatientSex',
  'OtherPatientIDs',
  'PatientAge',
  'PatientSize',
  'PatientWeight',
  'StudyInstanceUID',
  'StudyDate',
  'StudyTime',
  'ReferringPhysicianName',
  'StudyID',
  'AccessionNumber',
  'StudyDescription',
] as const;

/** VR of each copied keyword: a value invalid for it is not copied (a PACS may refuse the file). */
const VR: Record<(typeof COPIED)[number], string> = {
  PatientName: 'PN',
  PatientID: 'LO',
  IssuerOfPatientID: 'LO',
  PatientBirthDate: 'DA',
  PatientSex: 'CS',
  OtherPatientIDs: 'LO',
  PatientAge: 'AS',
  PatientSize: 'DS',
  PatientWeight: 'DS',
  StudyInstanceUID: 'UI',
  StudyDate: 'DA',
  StudyTime: 'TM',
  ReferringPhysicianName: 'PN',
  StudyID: 'SH',
  AccessionNumber: 'SH',
  StudyDescription: 'LO',
};

/** Characters, as PS3.5 Table 6.2-1 counts LO, SH and PN lengths ("64 chars maximum"), not UTF-8 bytes: a value valid in its source stays valid written as UTF-8. */
const chars = (v: string) => [...v].length;

const FORMS: Record<string, (v: string) => boolean> = {
  DA: (v) => /^\d{8}$/.test(v),
  TM: (v) => /^\d{2}(\d{2}(\d{2}(\.\d{1,6})?)?)?$/.test(v),
  AS: (v) => /^\d{3}[DWMY]$/.test(v),
  DS: (v) => v.length <= 16 && /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(v),
  CS: (v) => /^[A-Z0-9 _]{1,16}$/.test(v),
  SH: (v) => chars(v) <= 16,
  LO: (v) => chars(v) <= 64,
  PN: (v) => v.split('=').every((group) => chars(group) <= 64),
  UI: (v) => v.length <= 64 && /^[0-9.]+$/.test(v),
};

/** True when every value (backslash-separated) fits its VR. */
export function fitsVr(value: string, vr: string): boolean {
  const form = FORMS[vr];
  return !form || value.split('\\').every(form);
}

/** Required (Type 2) in the Patient and General Study modules: present even when empty. */
const TYPE2 = ['PatientName', 'PatientID', 'PatientBirthDate', 'PatientSex', 'StudyDate', 'StudyTime', 'ReferringPhysicianName', 'StudyID', 'AccessionNumber'];

export interface SourceInstance {
  /** Patient and study attributes by keyword, ready for a naturalized data set. */
  patientStudy: NaturalizedDataset;
  studyInstanceUid: string;
  seriesInstanceUid: string;
  sopClassUid: string;
  sopInstanceUid: string;
  patientOrientation: string;
  laterality: string;
  /** The source underwent lossy compression: anything derived from it has too. */
  lossy: boolean;
  /** Its lossy steps as the source records them (PS3.3 C.7.6.1.1.5), ratio and method pairwise; none when not recorded or not paired. */
  lossyHistory?: { ratio: string[]; method: string[] };
  /** Source values not copied (invalid for their VR, or in an undeclared or unknown character set), or copied with a doubt said. */
  notes: string[];
}

/** Top-level element values by keyword (the engine's tag list, decoded with the character set). */
function topLevel(study: Study): Map<string, string> {
  const out = new Map<string, string>();
  for (const t of study.tags) if (!t.tag.startsWith('>') && t.keyword) out.set(t.keyword, t.value);
  return out;
}

export function sourceInstance(study: Study): SourceInstance {
  if (study.format !== 'dicom') {
    throw new AlveoError('UNSUPPORTED', 'DICOM results need a DICOM source: a JPEG or PNG has no patient or study to attach them to', study.file);
  }
  const values = topLevel(study);
  const get = (k: string) => values.get(k) ?? study.attributes[k] ?? '';
  const uid = (k: string) => get(k).replace(/\0/g, '').trim();
  const studyInstanceUid = uid('StudyInstanceUID');
  const seriesInstanceUid = uid('SeriesInstanceUID');
  const sopInstanceUid = uid('SOPInstanceUID');
  const sopClassUid = uid('SOPClassUID');
  const missing = Object.entries({ StudyInstanceUID: studyInstanceUid, SeriesInstanceUID: seriesInstanceUid, SOPInstanceUID: sopInstanceUid, SOPClassUID: sopClassUid })
    .filter(([, v]) => !v)
    .map(([k]) => k);
  if (missing.length) throw new AlveoError('UNSUPPORTED', `the source DICOM lacks ${missing.join(', ')}, so a result cannot reference it`, study.file);
  const patientStudy: NaturalizedDataset = {};
  const notes: string[] = [];
  // The loader's note: the file declares no set, or one that is no DICOM set, yet its text holds
  // bytes beyond ASCII that are not UTF-8, so any text beyond ASCII is a Latin-1 guess.
  const guessed = guessedCharsetNote(study.notes);
  const guessedSet = guessed === UNDECLARED_CHARSET_NOTE ? 'a character set the file does not declare' : `character set '${get('SpecificCharacterSet')}', which is not a DICOM character set`;
  // Latin-1 declared over bytes that read as UTF-8: copied as declared (DCMTK does the same), but said.
  const utf8 = utf8UnderLatin1(study.notes) !== null;
  for (const k of COPIED) {
    let v = get(k);
    const text = CHARSET_VRS.has(VR[k]);
    if (v && guessed && text && /[^\x00-\x7f]/.test(v)) {
      notes.push(`${k} in the source is in ${guessedSet}: left empty, not guessed`);
      v = '';
    } else if (v && !fitsVr(v, VR[k])) {
      // Named, never quoted: the value may identify the patient.
      notes.push(`${k} in the source is not a valid ${VR[k]} value: left empty`);
      v = '';
    } else if (v && utf8 && text && looksLikeUtf8(v)) {
      notes.push(`${k} in the source reads as UTF-8 though the file declares Latin-1 (ISO_IR 100): copied as declared, as Latin-1`);
    }
    if (v) patientStudy[k] = k === 'OtherPatientIDs' ? v.split('\\') : v;
    else if (TYPE2.includes(k)) patientStudy[k] = '';
  }
  patientStudy.StudyInstanceUID = studyInstanceUid;
  return {
    patientStudy,
    studyInstanceUid,
    seriesInstanceUid,
    sopClassUid,
    sopInstanceUid,
    patientOrientation: get('PatientOrientation'),
    laterality: get('ImageLaterality') || get('Laterality'),
    lossy: get('LossyImageCompression') === '01' || study.notes.some((n) => n.startsWith('lossy compression')),
    ...lossyHistory(get('LossyImageCompressionRatio'), get('LossyImageCompressionMethod')),
    notes,
  };
}

/** The ratios and methods of every lossy step, kept only when they pair up and read as DS and CS values. */
function lossyHistory(ratioText: string, methodText: string): { lossyHistory?: { ratio: string[]; method: string[] } } {
  const ratio = ratioText.split('\\').map((v) => v.trim()).filter(Boolean);
  const method = methodText.split('\\').map((v) => v.trim()).filter(Boolean);
  const valid = ratio.length > 0 && ratio.length === method.length && ratio.every((r) => /^[0-9]+(\.[0-9]+)?([eE][+-]?[0-9]+)?$/.test(r) && r.length <= 16) && method.every((m) => /^[A-Z0-9_ ]{1,16}$/.test(m));
  return valid ? { lossyHistory: { ratio, method } } : {};
}
