// Attributes by keyword, as plain strings, for the study panel, worklists and the guardrails.
import type { DataSet } from 'dicom-parser';
import { tagOfKeyword, vrOf } from './tag-dictionary';
import { elementText } from './dicom-text';
import { clipText } from '../../text/clip-text';

export const ATTRIBUTE_KEYWORDS = [
  'PatientName',
  'PatientID',
  'PatientAge',
  'PatientSex',
  'PatientBirthDate',
  'StudyInstanceUID',
  'SeriesInstanceUID',
  'SOPInstanceUID',
  'SOPClassUID',
  'Modality',
  'BodyPartExamined',
  'ViewPosition',
  'PatientOrientation',
  'ImageLaterality',
  'StudyDate',
  'StudyTime',
  'StudyDescription',
  'SeriesDescription',
  'SeriesNumber',
  'InstanceNumber',
  'AccessionNumber',
  'Manufacturer',
  'ManufacturerModelName',
  'InstitutionName',
  'PhotometricInterpretation',
  'Rows',
  'Columns',
  'BitsAllocated',
  'BitsStored',
  'PixelRepresentation',
  'SamplesPerPixel',
  'NumberOfFrames',
  'PixelSpacing',
  'ImagerPixelSpacing',
  'WindowCenter',
  'WindowWidth',
  'RescaleSlope',
  'RescaleIntercept',
  'LossyImageCompression',
  'ImageType',
  'ConversionType',
  'DerivationDescription',
  'TransferSyntaxUID',
] as const;

const NUMERIC: Record<string, 'us'> = { Rows: 'us', Columns: 'us', BitsAllocated: 'us', BitsStored: 'us', PixelRepresentation: 'us', SamplesPerPixel: 'us' };

/** Reads the listed keywords that are present and non-empty; multi-valued strings keep DICOM's backslash. */
export function readAttributes(ds: DataSet): Record<string, string> {
  const out: Record<string, string> = {};
  for (const keyword of ATTRIBUTE_KEYWORDS) {
    const tag = tagOfKeyword(keyword);
    if (!tag) continue;
    const el = ds.elements[tag];
    if (!el || el.length === 0) continue;
    let value: string | undefined;
    if (NUMERIC[keyword]) {
      const v = el.length >= 2 ? ds.uint16(tag) : undefined;
      value = v === undefined ? undefined : String(v);
    } else {
      value = elementText(ds, el, el.vr ?? vrOf(tag) ?? '');
    }
    if (value) out[keyword] = clipText(value, MAX_ATTRIBUTE_CHARS);
  }
  return out;
}

/** The longest attribute value kept whole (UIDs and names are 64 at most; ST is 1024): a hostile file's 16 000-character UID must not fill rows, CSVs and the JSON. */
export const MAX_ATTRIBUTE_CHARS = 1024;

