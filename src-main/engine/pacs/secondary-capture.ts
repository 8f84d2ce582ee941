// The DICOM Secondary Capture of a result image (Grad-CAM overlay, colour bar, burned-in notice),
// in the source study, a new series, referencing the source image it was derived from.
import type { NaturalizedDataset } from 'dcmjs';
import { ALVEO_MANUFACTURER, ALVEO_MODEL_NAME } from '../studies/alveo-result';
import { codingSchemes } from './dicom-codes';
import { dicomDateTime } from './dicom-file';
import { percent, type ResultFacts } from './result-facts';
import type { ResultImage } from './result-image';
import { seriesLaterality } from './series-laterality';
import { heldBackWords, modelIdentityWords, readingWords, SCORE_MEANING, scoreWords } from './result-wording';
import type { SourceInstance } from './source-attributes';

export const SECONDARY_CAPTURE = '1.2.840.10008.5.1.4.1.1.7';

export interface SecondaryCaptureSpec {
  source: SourceInstance;
  facts: ResultFacts;
  image: ResultImage;
  seriesInstanceUid: string;
  sopInstanceUid: string;
  seriesNumber?: number;
  at?: Date;
  /** The source's BodyPartExamined: an unpaired one (a chest) leaves Laterality out. */
  bodyPartExamined?: string;
}

/** The capture's comments, in the banner's words: no label for a held-back answer. */
export function imageComments(facts: ResultFacts): string {
  // The full identity here (the burned-in lines name the model in short): a result traced later
  // must tell two models of the same id, or a calibration from its parent, apart.
  const model = `Model ${modelIdentityWords(facts)}.`;
  if (facts.warnings.length) {
    return `AI research output, not for diagnosis. ${heldBackWords(facts.warnings)} (outside the model's intended use). The ${scoreWords(facts)} does not apply here. ${model}`;
  }
  const policy = (facts.notes ?? []).map((n) => ` Site policy: ${n}`).join('');
  return `AI research output, not for diagnosis. AI reading: ${readingWords(facts)} at threshold ${percent(facts.threshold)}%. Model score ${percent(facts.probability)}%: ${SCORE_MEANING}.${policy} ${model}`;
}

export function secondaryCapture(spec: SecondaryCaptureSpec): NaturalizedDataset {
  const { date, time } = dicomDateTime(spec.at ?? new Date());
  const { image, source, facts } = spec;
  const pixels = image.rgb.length % 2 ? Uint8Array.from([...image.rgb, 0]) : image.rgb;
  return {
    SpecificCharacterSet: 'ISO_IR 192',
    InstanceCreationDate: date,
    InstanceCreationTime: time,
    SOPClassUID: SECONDARY_CAPTURE,
    SOPInstanceUID: spec.sopInstanceUid,
    CodingSchemeIdentificationSequence: codingSchemes(),
    ...source.patientStudy,
    Modality: 'OT',
    SeriesInstanceUID: spec.seriesInstanceUid,
    SeriesNumber: String(spec.seriesNumber ?? 9902),
    SeriesDescription: 'Alveo Grad-CAM (AI research output, not for diagnosis)',
    SeriesDate: date,
    SeriesTime: time,
    ...seriesLaterality(source.laterality, spec.bodyPartExamined),
    // The marker by which Alveo recognises (and never scores) its own results.
    Manufacturer: ALVEO_MANUFACTURER,
    ManufacturerModelName: ALVEO_MODEL_NAME,
    SoftwareVersions: facts.softwareVersion,
    ConversionType: 'WSD',
    InstanceNumber: '1',
    // The capture keeps the source's rows and columns in their directions (banner above, bar to the right; pixels made square): the same
    // directions hold, so a PACS can show R/L markers on it. Anything but a plain pair is left out.
    PatientOrientation: orientationPair(source.patientOrientation),
    ContentDate: date,
    ContentTime: time,
    ImageType: ['DERIVED', 'SECONDARY'],
    DerivationDescription: `Grad-CAM heatmap of model ${facts.modelName} (${facts.modelId}) overlaid on the source image at the file's default window; colour bar and notice added`.slice(0, 1024),
    SourceImageSequence: [{ ReferencedSOPClassUID: source.sopClassUid, ReferencedSOPInstanceUID: source.sopInstanceUid }],
    BurnedInAnnotation: 'YES',
    ImageComments: imageComments(facts).slice(0, 10240),
    SamplesPerPixel: 3,
    PhotometricInterpretation: 'RGB',
    PlanarConfiguration: 0,
    Rows: image.rows,
    Columns: image.columns,
    BitsAllocated: 8,
    BitsStored: 8,
    HighBit: 7,
    PixelRepresentation: 0,
    LossyImageCompression: source.lossy ? '01' : '00',
    // The source's lossy history travels with what is derived from it (the capture itself is lossless).
    ...(source.lossy && source.lossyHistory ? { LossyImageCompressionRatio: source.lossyHistory.ratio, LossyImageCompressionMethod: source.lossyHistory.method } : {}),
    PixelData: [pixels.buffer.slice(pixels.byteOffset, pixels.byteOffset + pixels.byteLength) as ArrayBuffer],
    _vrMap: { PixelData: 'OB' },
  };
}

/** "L\F" as the two values a Type 2C Patient Orientation holds; '' when the source's is absent or not that. */
export function orientationPair(value: string): string[] | '' {
  const pair = value.trim().split('\\');
  return pair.length === 2 && pair.every((d) => /^[APRLHF]{1,3}$/.test(d)) ? pair : '';
}
