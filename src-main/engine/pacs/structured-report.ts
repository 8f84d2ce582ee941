// The DICOM Comprehensive SR of one prediction, in the source study (a new series), referencing
// the source image and the Grad-CAM Secondary Capture. Finding: Pneumonia (SNOMED CT) with the
// model score in percent (private ALV-SCORE, and a comment that it is not a calibrated probability
// of disease), the label at the threshold as Present/Absent (Undetermined when held back), the threshold
// and how it was chosen, the model as in TID 4019 (Algorithm Name / Version / Parameters), the
// engine, every intended-use warning and the research-use notice.
import type { NaturalizedDataset } from 'dcmjs';
import { ALVEO_MANUFACTURER, ALVEO_MODEL_NAME } from '../studies/alveo-result';
import { CODES, codeItem, codingSchemes, type Code } from './dicom-codes';
import { dicomDateTime } from './dicom-file';
import { deviceObserverUid } from './dicom-uid';
import { readerAgrees } from '../../api/reader-reads';
import { percent, RESEARCH_NOTICE, type ResultFacts } from './result-facts';
import { readerPersonName } from './reader-person-name';
import type { SourceInstance } from './source-attributes';
import { calibrationWords } from './result-wording';

export const COMPREHENSIVE_SR = '1.2.840.10008.5.1.4.1.1.88.33';

export interface SopRef {
  seriesInstanceUid: string;
  sopClassUid: string;
  sopInstanceUid: string;
}

export interface StructuredReportSpec {
  source: SourceInstance;
  facts: ResultFacts;
  seriesInstanceUid: string;
  sopInstanceUid: string;
  /** The Grad-CAM Secondary Capture written beside it, when there is one. */
  overlay?: SopRef;
  seriesNumber?: number;
  at?: Date;
}

type Relationship = 'CONTAINS' | 'HAS PROPERTIES' | 'HAS CONCEPT MOD' | 'INFERRED FROM' | 'HAS OBS CONTEXT';

const text = (rel: Relationship, name: Code, value: string): NaturalizedDataset => ({
  RelationshipType: rel,
  ValueType: 'TEXT',
  ConceptNameCodeSequence: [codeItem(name)],
  TextValue: value,
});

const coded = (rel: Relationship, name: Code, value: Code, children?: NaturalizedDataset[]): NaturalizedDataset => ({
  RelationshipType: rel,
  ValueType: 'CODE',
  ConceptNameCodeSequence: [codeItem(name)],
  ConceptCodeSequence: [codeItem(value)],
  ...(children?.length ? { ContentSequence: children } : {}),
});

const num = (rel: Relationship, name: Code, value: string, unit: Code): NaturalizedDataset => ({
  RelationshipType: rel,
  ValueType: 'NUM',
  ConceptNameCodeSequence: [codeItem(name)],
  MeasuredValueSequence: [{ NumericValue: value, MeasurementUnitsCodeSequence: [codeItem(unit)] }],
});

const image = (rel: Relationship, name: Code, ref: SopRef): NaturalizedDataset => ({
  RelationshipType: rel,
  ValueType: 'IMAGE',
  ConceptNameCodeSequence: [codeItem(name)],
  ReferencedSOPSequence: [{ ReferencedSOPClassUID: ref.sopClassUid, ReferencedSOPInstanceUID: ref.sopInstanceUid }],
});

/** What the score is, beside it: a reader of the report must not take it for a chance of disease. */
export const SCORE_NOTE = "The model score is the model's output, not a calibrated probability that this patient has pneumonia.";

const DCM = (value: string, meaning: string): Code => ({ value, scheme: 'DCM', meaning });

/** TID 1002 observer context: the observer is a device (this software), not a person. */
function deviceObserver(facts: ResultFacts): NaturalizedDataset[] {
  return [
    coded('HAS OBS CONTEXT', DCM('121005', 'Observer Type'), DCM('121007', 'Device')),
    {
      RelationshipType: 'HAS OBS CONTEXT',
      ValueType: 'UIDREF',
      ConceptNameCodeSequence: [codeItem(DCM('121012', 'Device Observer UID'))],
      // This workstation's own, not the software's (one UID shared by every installation would not identify a device).
      UID: deviceObserverUid(),
    },
    text('HAS OBS CONTEXT', DCM('121013', 'Device Observer Name'), 'Alveo'),
    text('HAS OBS CONTEXT', DCM('121015', 'Device Observer Model Name'), facts.modelName.slice(0, 1024)),
  ];
}

function finding(spec: StructuredReportSpec): NaturalizedDataset {
  const { facts, source } = spec;
  const children: NaturalizedDataset[] = [
    num('HAS PROPERTIES', CODES.modelScore, percent(facts.probability), CODES.percent),
    text('HAS PROPERTIES', CODES.comment, SCORE_NOTE),
    // Held back on every screen, so not coded as a finding either: a system reading codes must not act on it.
    coded('HAS PROPERTIES', CODES.labelAtThreshold, facts.warnings.length ? CODES.undetermined : facts.label === 'PNEUMONIA' ? CODES.present : CODES.absent),
    ...(facts.warnings.length
      ? [text('HAS PROPERTIES', CODES.comment, `Held back: outside the model's intended use (below); the model's own output at the threshold was ${facts.label}, which is not a finding.`)]
      : []),
    num('HAS PROPERTIES', CODES.threshold, percent(facts.threshold), CODES.percent),
    text('HAS PROPERTIES', CODES.thresholdRule, facts.thresholdRule || 'not stated in the model card'),
    // TID 4019 Algorithm Identification
    text('HAS CONCEPT MOD', CODES.algorithmName, facts.modelName),
    text('HAS CONCEPT MOD', CODES.algorithmVersion, facts.modelId),
    text('HAS CONCEPT MOD', CODES.algorithmParameters, `weights sha256 ${facts.weightsSha256}`),
    ...(facts.temperature !== undefined ? [text('HAS CONCEPT MOD', CODES.algorithmParameters, calibrationWords(facts.temperature))] : []),
    text('HAS CONCEPT MOD', CODES.algorithmParameters, `engine ${facts.engine}; Alveo ${facts.softwareVersion}`),
    ...facts.warnings.map((w) => text('HAS PROPERTIES', CODES.intendedUseWarning, w)),
    ...(facts.notes ?? []).map((n) => text('HAS PROPERTIES', CODES.comment, `Site policy: ${n}`)),
    image('INFERRED FROM', CODES.sourceImage, {
      seriesInstanceUid: source.seriesInstanceUid,
      sopClassUid: source.sopClassUid,
      sopInstanceUid: source.sopInstanceUid,
    }),
  ];
  return coded('CONTAINS', CODES.finding, CODES.pneumonia, children);
}

/** DT from an ISO time, in local time as the rest of the file's dates. */
function dicomDt(iso: string): string {
  const { date, time } = dicomDateTime(new Date(iso));
  return `${date}${time}`;
}

/**
 * The reader's own read, when one was recorded: a container observed by a person (TID 1002 in the
 * container overrides the document's device observer), the finding as Present/Absent/Undetermined,
 * the note, whether the model's answer was on screen, and agreement with this report's label.
 */
function readerAssessment(facts: ResultFacts): NaturalizedDataset[] {
  const r = facts.reader;
  if (!r) return [];
  const presenceOf = (f: typeof r.finding) => (f === 'pneumonia' ? CODES.present : f === 'no-pneumonia' ? CODES.absent : CODES.undetermined);
  const presence = presenceOf(r.finding);
  const agrees = readerAgrees(r, { label: facts.label, heldBack: facts.warnings.length > 0 });
  return [
    {
      RelationshipType: 'CONTAINS',
      ValueType: 'CONTAINER',
      ConceptNameCodeSequence: [codeItem(CODES.readerAssessment)],
      ContinuityOfContent: 'SEPARATE',
      ObservationDateTime: dicomDt(r.at),
      ContentSequence: [
        coded('HAS OBS CONTEXT', DCM('121005', 'Observer Type'), DCM('121006', 'Person')),
        {
          RelationshipType: 'HAS OBS CONTEXT',
          ValueType: 'PNAME',
          ConceptNameCodeSequence: [codeItem(DCM('121008', 'Person Observer Name'))],
          // As the reader named themselves ("Smith^Jane", "Yamada^Tarou=山田^太郎"), groups kept.
          PersonName: [readerPersonName(r.reader)],
        },
        coded('CONTAINS', CODES.pneumonia, presence),
        // TEXT is UT in an SR content item: the note whole (at most 2000 characters, as recorded).
        ...(r.note ? [text('CONTAINS', CODES.comment, r.note)] : []),
        text('CONTAINS', CODES.comment, r.afterAi ? "Read with the model's answer on screen." : "Read before the model's answer was shown."),
        coded('CONTAINS', CODES.readFirst, r.afterAi ? CODES.no : CODES.yes),
        // The finding first recorded, when the reader changed it since (a blinded read kept beside the revised one).
        ...(r.first
          ? [
              {
                ...coded('CONTAINS', CODES.firstRead, presenceOf(r.first.finding), [coded('HAS PROPERTIES', CODES.readFirst, r.first.afterAi ? CODES.no : CODES.yes)]),
                ObservationDateTime: dicomDt(r.first.at),
              },
            ]
          : []),
        ...(agrees === null ? [] : [coded('CONTAINS', CODES.agreesWithModel, agrees ? CODES.yes : CODES.no)]),
      ],
    },
  ];
}

/** Current Requested Procedure Evidence: every instance the report references, by series. */
function evidence(spec: StructuredReportSpec): NaturalizedDataset[] {
  const refs: SopRef[] = [
    { seriesInstanceUid: spec.source.seriesInstanceUid, sopClassUid: spec.source.sopClassUid, sopInstanceUid: spec.source.sopInstanceUid },
    ...(spec.overlay ? [spec.overlay] : []),
  ];
  const bySeries = new Map<string, SopRef[]>();
  for (const r of refs) bySeries.set(r.seriesInstanceUid, [...(bySeries.get(r.seriesInstanceUid) ?? []), r]);
  return [
    {
      StudyInstanceUID: spec.source.studyInstanceUid,
      ReferencedSeriesSequence: [...bySeries].map(([series, sops]) => ({
        SeriesInstanceUID: series,
        ReferencedSOPSequence: sops.map((s) => ({ ReferencedSOPClassUID: s.sopClassUid, ReferencedSOPInstanceUID: s.sopInstanceUid })),
      })),
    },
  ];
}

export function structuredReport(spec: StructuredReportSpec): NaturalizedDataset {
  const { date, time } = dicomDateTime(spec.at ?? new Date());
  const content: NaturalizedDataset[] = [
    ...deviceObserver(spec.facts),
    finding(spec),
    ...readerAssessment(spec.facts),
    ...(spec.overlay ? [image('CONTAINS', CODES.heatmap, spec.overlay)] : []),
    text('CONTAINS', CODES.comment, RESEARCH_NOTICE),
  ];
  return {
    SpecificCharacterSet: 'ISO_IR 192',
    InstanceCreationDate: date,
    InstanceCreationTime: time,
    SOPClassUID: COMPREHENSIVE_SR,
    SOPInstanceUID: spec.sopInstanceUid,
    CodingSchemeIdentificationSequence: codingSchemes(),
    ...spec.source.patientStudy,
    Modality: 'SR',
    SeriesInstanceUID: spec.seriesInstanceUid,
    SeriesNumber: String(spec.seriesNumber ?? 9901),
    SeriesDescription: 'Alveo AI result (research use, not for diagnosis)',
    SeriesDate: date,
    SeriesTime: time,
    ReferencedPerformedProcedureStepSequence: [],
    // The marker by which Alveo recognises (and never scores) its own results.
    Manufacturer: ALVEO_MANUFACTURER,
    ManufacturerModelName: ALVEO_MODEL_NAME,
    SoftwareVersions: spec.facts.softwareVersion,
    InstanceNumber: '1',
    CompletionFlag: 'COMPLETE',
    VerificationFlag: 'UNVERIFIED',
    ContentDate: date,
    ContentTime: time,
    PerformedProcedureCodeSequence: [],
    CurrentRequestedProcedureEvidenceSequence: evidence(spec),
    ValueType: 'CONTAINER',
    ConceptNameCodeSequence: [codeItem(CODES.reportTitle)],
    ContinuityOfContent: 'SEPARATE',
    ContentSequence: content,
  };
}
