// One prediction -> two DICOM files in outDir: a Comprehensive SR and a Grad-CAM Secondary
// Capture, both in the source study (new series each), named by their SOP Instance UIDs:
// SR_<uid>.dcm and SC_<uid>.dcm. Each file is written atomically.
import { join } from 'node:path';
import type { Prediction } from '../../api/contract';
import type { LoadedModel } from '../model/load-model';
import { refuseAlveoResult } from '../studies/alveo-result';
import type { Study } from '../studies/study';
import { writeDicomFile } from './dicom-file';
import { newUid } from './dicom-uid';
import { JPEG_LS_LOSSLESS, jpegLsLossless } from './jpeg-ls-lossless';
import { modelWeightsSha256 } from '../model/model-weights-hash';
import { temperatureOf } from '../model/temperature';
import type { ResultFacts } from './result-facts';
import { resultImage } from './result-image';
import { SECONDARY_CAPTURE, secondaryCapture } from './secondary-capture';
import { sourceInstance } from './source-attributes';
import { COMPREHENSIVE_SR, structuredReport } from './structured-report';

export interface DicomResultFile {
  file: string;
  sopClassUid: string;
  sopInstanceUid: string;
  seriesInstanceUid: string;
}

export interface DicomResults {
  source: string;
  studyInstanceUid: string;
  sr: DicomResultFile;
  sc: DicomResultFile;
  /** Source attributes left out because they were invalid (named, never their values). */
  notes: string[];
}

export async function resultFacts(p: Pick<Prediction, 'probability' | 'label' | 'threshold' | 'warnings' | 'notes'>, loaded: LoadedModel, engine: string, softwareVersion: string): Promise<ResultFacts> {
  return {
    probability: p.probability,
    label: p.label,
    threshold: p.threshold,
    thresholdRule: loaded.card.threshold.rule,
    modelId: loaded.entry.id,
    modelName: loaded.card.name,
    weightsSha256: await modelWeightsSha256(loaded.entry.dir),
    ...(temperatureOf(loaded.card) !== 1 ? { temperature: temperatureOf(loaded.card) } : {}),
    engine,
    warnings: [...p.warnings],
    ...(p.notes?.length ? { notes: [...p.notes] } : {}),
    softwareVersion,
  };
}

/** Writes the SR and the SC of one prediction; the source must be a DICOM with its UIDs, never an Alveo result. */
export async function writeDicomResults(study: Study, heat: Float32Array, facts: ResultFacts, outDir: string): Promise<DicomResults> {
  refuseAlveoResult(study);
  const source = sourceInstance(study);
  const at = new Date();
  const sc: DicomResultFile = { file: '', sopClassUid: SECONDARY_CAPTURE, sopInstanceUid: newUid(), seriesInstanceUid: newUid() };
  const sr: DicomResultFile = { file: '', sopClassUid: COMPREHENSIVE_SR, sopInstanceUid: newUid(), seriesInstanceUid: newUid() };
  sc.file = join(outDir, `SC_${sc.sopInstanceUid}.dcm`);
  sr.file = join(outDir, `SR_${sr.sopInstanceUid}.dcm`);
  const image = await resultImage(study, heat, facts);
  const capture = secondaryCapture({ source, facts, image, seriesInstanceUid: sc.seriesInstanceUid, sopInstanceUid: sc.sopInstanceUid, at, bodyPartExamined: study.attributes.BodyPartExamined });
  await writeDicomFile(sc.file, await jpegLsLossless(capture), JPEG_LS_LOSSLESS);
  await writeDicomFile(sr.file, structuredReport({ source, facts, seriesInstanceUid: sr.seriesInstanceUid, sopInstanceUid: sr.sopInstanceUid, overlay: sc, at }));
  return { source: study.file, studyInstanceUid: source.studyInstanceUid, sr, sc, notes: source.notes };
}
