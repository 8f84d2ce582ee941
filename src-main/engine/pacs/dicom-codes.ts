// Coded concepts in Alveo's results. Standard codes where DICOM has them: SNOMED CT for the
// finding and its presence, DCM (PS3.16) for reports, findings, algorithm identification
// (TID 4019) and comments, UCUM for units. What no standard names is a private code in the
// 99ALVEO scheme, declared in every file's Coding Scheme Identification Sequence.
import type { NaturalizedDataset } from 'dcmjs';

export interface Code {
  value: string;
  scheme: string;
  meaning: string;
}

const code = (value: string, scheme: string, meaning: string): Code => ({ value, scheme, meaning });

export const PRIVATE_SCHEME = '99ALVEO';

export const CODES = {
  // Root title, as in TID 2000 (basic diagnostic imaging report).
  reportTitle: code('18748-4', 'LN', 'Diagnostic Imaging Report'),
  finding: code('121071', 'DCM', 'Finding'),
  pneumonia: code('233604007', 'SCT', 'Pneumonia'),
  present: code('52101004', 'SCT', 'Present'),
  absent: code('2667000', 'SCT', 'Absent'),
  // An answer held back (outside the model's intended use): neither present nor absent.
  undetermined: code('373068000', 'SCT', 'Undetermined'),
  yes: code('373066001', 'SCT', 'Yes'),
  no: code('373067005', 'SCT', 'No'),
  algorithmName: code('111001', 'DCM', 'Algorithm Name'),
  algorithmVersion: code('111003', 'DCM', 'Algorithm Version'),
  algorithmParameters: code('111002', 'DCM', 'Algorithm Parameters'),
  sourceImage: code('121112', 'DCM', 'Source of Measurement'),
  comment: code('121106', 'DCM', 'Comment'),
  percent: code('%', 'UCUM', 'percent'),
  // Private: what DICOM has no concept for (Code Value is SH: 16 characters at most).
  labelAtThreshold: code('ALV-LABEL', PRIVATE_SCHEME, 'Label at decision threshold'),
  threshold: code('ALV-THRESHOLD', PRIVATE_SCHEME, 'Decision threshold'),
  thresholdRule: code('ALV-THR-RULE', PRIVATE_SCHEME, 'How the decision threshold was chosen'),
  intendedUseWarning: code('ALV-WARNING', PRIVATE_SCHEME, 'Intended-use warning'),
  heatmap: code('ALV-GRADCAM', PRIVATE_SCHEME, 'Grad-CAM heatmap overlay'),
  // Not DCM 111012 "Certainty of Finding": the model's output is a score, not a calibrated
  // likelihood that the finding is true, and no template here requires 111012.
  modelScore: code('ALV-SCORE', PRIVATE_SCHEME, 'Model score (not a probability of disease)'),
  // The reader's own read, recorded in Alveo beside the model's (a person's observation, not the device's).
  readerAssessment: code('ALV-READER', PRIVATE_SCHEME, "Reader's assessment"),
  agreesWithModel: code('ALV-AGREE', PRIVATE_SCHEME, "Agrees with the model's label at threshold"),
  readFirst: code('ALV-READ-FIRST', PRIVATE_SCHEME, "Read before the model's answer was shown"),
  firstRead: code('ALV-FIRST-READ', PRIVATE_SCHEME, 'First read, changed since'),
} as const;

export function codeItem(c: Code): NaturalizedDataset {
  return { CodeValue: c.value, CodingSchemeDesignator: c.scheme, CodeMeaning: c.meaning };
}

/** Coding Scheme Identification Sequence: declares the private scheme (and names the standard ones used). */
export function codingSchemes(): NaturalizedDataset[] {
  return [
    { CodingSchemeDesignator: 'DCM', CodingSchemeUID: '1.2.840.10008.2.16.4', CodingSchemeName: 'DICOM Controlled Terminology' },
    { CodingSchemeDesignator: 'SCT', CodingSchemeUID: '2.16.840.1.113883.6.96', CodingSchemeName: 'SNOMED CT' },
    { CodingSchemeDesignator: 'LN', CodingSchemeUID: '2.16.840.1.113883.6.1', CodingSchemeName: 'Logical Observation Identifiers Names and Codes' },
    { CodingSchemeDesignator: 'UCUM', CodingSchemeUID: '2.16.840.1.113883.6.8', CodingSchemeName: 'Unified Code for Units of Measure' },
    {
      CodingSchemeDesignator: PRIVATE_SCHEME,
      CodingSchemeName: 'Alveo private codes for AI result reporting',
      CodingSchemeResponsibleOrganization: 'Alveo project',
      CodingSchemeVersion: '1',
    },
  ];
}
