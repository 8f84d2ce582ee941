// "Save result as DICOM" for one open study: its prediction and full-size Grad-CAM (both cached
// by the engine), the model's facts, then the SR + SC pair. Shared by the CLI and the engine API.
import type { GradCam, Prediction, ReaderRead } from '../../api/contract';
import type { LoadedModel } from '../model/load-model';
import { refuseAlveoResult } from '../studies/alveo-result';
import type { Study } from '../studies/study';
import { sourceInstance } from './source-attributes';
import { resultFacts, writeDicomResults, type DicomResults } from './write-dicom-results';

/** The engine calls this needs (a narrow view of Engine, so this module does not import it). */
export interface StudyResultSource {
  study(studyId: string): Study;
  predict(studyId: string, modelId?: string): Promise<Prediction>;
  gradCam(studyId: string, modelId?: string): Promise<GradCam>;
  /** The reader's read of the study's image, if one was recorded: the SR carries it beside the model's. */
  getRead?(studyId: string, reader?: string): Promise<ReaderRead | null>;
  loadModel(idOrDir?: string): Promise<LoadedModel>;
  /** The inference runtime that serves the model: its `engine` names it in the report. */
  runtime(idOrDir?: string): Promise<{ runtime: { engine: string } }>;
}

/** `reader`: whose read the SR carries; absent, the one reading the study on screen (the OS user for the CLI). */
export async function saveStudyDicom(engine: StudyResultSource, studyId: string, outDir: string, softwareVersion: string, modelId?: string, reader?: string): Promise<DicomResults> {
  // Refuse a JPEG/PNG (or a DICOM without UIDs), and Alveo's own results (a result of a result
  // would burn a second probability into the picture), before spending a Grad-CAM on it.
  refuseAlveoResult(engine.study(studyId));
  sourceInstance(engine.study(studyId));
  const p = await engine.predict(studyId, modelId);
  const cam = await engine.gradCam(studyId, modelId);
  const loaded = await engine.loadModel(modelId);
  const { runtime } = await engine.runtime(modelId);
  const read = (await engine.getRead?.(studyId, reader)) ?? null;
  const facts = { ...(await resultFacts(p, loaded, runtime.engine, softwareVersion)), ...(read ? { reader: read } : {}) };
  return writeDicomResults(engine.study(studyId), cam.heat, facts, outDir);
}
