// A source instance and the model's answer as the SR and capture writers take them, for tests that
// check what those writers make of one field at a time.
import type { ResultFacts } from '../../../../src-main/engine/pacs/result-facts';
import type { SourceInstance } from '../../../../src-main/engine/pacs/source-attributes';

/** A CR image of one study; `patientStudy` replaces the minimal patient and study attributes. */
export function sampleSource(patientStudy: SourceInstance['patientStudy'] = { PatientName: 'Test^Child', PatientID: 'P1', StudyInstanceUID: '1.2.3' }): SourceInstance {
  return {
    patientStudy,
    studyInstanceUid: '1.2.3',
    seriesInstanceUid: '1.2.3.4',
    sopClassUid: '1.2.840.10008.5.1.4.1.1.1',
    sopInstanceUid: '1.2.3.4.5',
    patientOrientation: '',
    laterality: '',
    lossy: false,
    notes: [],
  };
}

/** A PNEUMONIA answer of the default model with nothing held back. */
export const SAMPLE_FACTS: ResultFacts = {
  probability: 0.91,
  label: 'PNEUMONIA',
  threshold: 0.4931,
  thresholdRule: 'rule',
  modelId: 'default',
  modelName: 'Alveo default',
  weightsSha256: 'ab'.repeat(32),
  engine: 'onnxruntime (cpu)',
  warnings: [],
  softwareVersion: '0.1.0',
};
