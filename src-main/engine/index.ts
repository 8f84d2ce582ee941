// createEngine(deps): the one implementation of EngineApi. Electron IPC, the web host and the CLI
// all drive this object; it never asks a host anything beyond what deps carry.
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { EngineApi, GradCam, ModelEntry, Prediction } from '../api/contract';
import type { EngineEvent, EngineNotice, Unsubscribe } from '../api/events';
import { AlveoError } from '../api/errors';
import type { EngineDeps } from './engine-deps';
import { markUserFolder } from './user-folder/user-folder-marker';
import { closeUserFolderToOthers } from './user-folder/user-folder-mode';
import { createEvaluationKeeper } from './engine-evaluations';
import { startScoreJob } from './engine-jobs';
import { engineVersion } from './engine-version';
import { createLimeApi } from './engine-lime';
import { createAdaptationApi } from './engine-adaptation';
import { resultCacheFiles } from './inference/result-cache';
import { Lru } from './engine-lru';
import { resolveModel, resolveModelEntry } from './engine-models';
import { OpenStudies, studyImage, studyInfo } from './engine-studies';
import { predictStudy, type StudyPrediction } from './inference/predict';
import { answerNotes } from './guardrails/answer-notes';
import { upsampleCam } from './inference/upsample-cam';
import { JobRunner } from './jobs/job-runner';
import type { LoadedModel } from './model/load-model';
import { ModelStore } from './model/model-store';
import { backendName, backendReport, getTf, type Tf } from './model/tf-backend';
import { trainingBackendName } from './model/training-backend';
import type { InferenceRuntime } from './runtime/inference-runtime';
import { inferenceRuntime, unloadInferenceRuntimes } from './runtime/runtime-for-model';
import type { Study } from './studies/study';
import { createWorklistApi } from './worklist/worklist-api';
import { LastScoreRunRecorder, readLastScoreRun } from './worklist/last-score-run';
import { createStudySetApi } from './study-sets/study-set-api';
import { createTrainingApi } from './training/training-api';
import { createTrainingPanelApi } from './training-panel-api';
import { createPacsApi } from './pacs/pacs-api';
import { AuditLog } from './audit/audit-log';
import { auditEngine, recordJobEnd } from './audit/audited-engine';
import { readSitePolicy, readSitePolicyChecked, writeSitePolicy } from './user-folder/site-policy-store';
import { cachedPatientData, clearCachedPatientData } from './retention/cached-patient-data';
import { createReaderReads } from './readings/reader-reads-api';

export type { EngineDeps } from './engine-deps';
export type { SecretStore } from './pacs/secret-store';
export { defaultUserDir, repoRoot, sourceTreeDeps } from './engine-deps';
// Small file helpers the web host and the app use too: they import the engine through this file only
// (the layout guide, shared/ARCHITECTURE.md: hosts and app · engine/index), so the engine's surface stays one file.
export { PRIVATE_FILE_MODE, writeJsonAtomic } from './files/atomic-files';
export { isPrivateFolder } from './files/private-folder';
export { processAlive } from './files/process-alive';

export interface Engine extends EngineApi {
  subscribe(listener: (event: EngineEvent) => void): Unsubscribe;
  /** Notices beside the jobs: an audit-trail line that could not be written. */
  onNotice(listener: (notice: EngineNotice) => void): Unsubscribe;
  dispose(): Promise<void>;
  // In-process helpers for the CLI, benches and tests; not part of the host-facing contract.
  tf(): Promise<Tf>;
  loadModel(idOrDir?: string): Promise<LoadedModel>;
  /** The inference runtime (ONNX Runtime, else tfjs) serving a model, with its store entry. */
  runtime(idOrDir?: string): Promise<{ entry: ModelEntry; runtime: InferenceRuntime }>;
  study(studyId: string): Study;
  /** The model store this engine reads and writes (weight import writes through it). */
  readonly store: ModelStore;
  /** The audit trail this engine writes (audit/): the CLI adds what it does beside the engine's methods. */
  readonly audit: AuditLog;
  /** Resolves when the job has ended (its last event has been emitted). */
  waitForJob(jobId: string): Promise<void>;
}

export function createEngine(deps: EngineDeps): Engine {
  markUserFolder(deps.userDir);
  closeUserFolderToOthers(deps.userDir);
  const store = new ModelStore({ builtInDir: deps.builtInModelsDir, userDir: deps.userDir });
  const listeners = new Set<(event: EngineEvent) => void>();
  const emit = (event: EngineEvent) => {
    for (const l of listeners) {
      try {
        l(event);
      } catch {
        // one broken listener must not stop the others or the job
      }
    }
  };
  const runner = new JobRunner(emit);
  // Worklist + model manager methods (thumbnails, folder listing, CSV export, model export/import).
  const worklist = createWorklistApi({ store });
  listeners.add(worklist.record);
  // The last score run, on disk, so a worklist cut short by a crash can be offered again.
  const lastRun = new LastScoreRunRecorder(deps.userDir);
  listeners.add((e) => lastRun.record(e));
  // Finished evaluations, for "Keep on the model's card".
  const evaluations = createEvaluationKeeper(store);
  listeners.add((e) => evaluations.record(e));
  // The audit trail: what was changed, scored, exported or sent, by whom and when (audit/).
  const noticeListeners = new Set<(notice: EngineNotice) => void>();
  const audit = new AuditLog(deps.userDir, deps.door ?? 'cli', () => deps.version ?? engineVersion(), undefined, (message) => {
    for (const l of noticeListeners) {
      try {
        l({ type: 'audit:problem', message });
      } catch {
        // one broken listener must not stop the others
      }
    }
  });
  listeners.add((e) => recordJobEnd(audit, e));
  // Small maps (a probability and a 7x7 CAM) per study+model; full-size heat only for a few.
  const predictions = new Lru<string, Promise<StudyPrediction>>(256);
  const heatmaps = new Lru<string, Promise<GradCam>>(4);
  const forgetStudy = (studyId: string) => {
    predictions.deleteWhere((k) => k.startsWith(`${studyId}|`));
    heatmaps.deleteWhere((k) => k.startsWith(`${studyId}|`));
    lime.forget({ studyId });
  };
  const studies = new OpenStudies(deps.maxOpenStudies ?? 8, forgetStudy);
  // The reader's own reads, beside the model's answers (readings/).
  const reads = createReaderReads({ userDir: deps.userDir, study: (studyId) => studies.get(studyId), predict: (studyId) => engine.predict(studyId) });
  // LIME explanations (the 'lime' job), kept per study and model.
  const lime = createLimeApi({ runner, studies, runtimeFor: (modelId) => runtimeFor(modelId) });
  let tfPromise: Promise<Tf> | null = null;
  const tf = () => (tfPromise ??= getTf(deps.backend ?? 'auto'));
  // Study sets: folders / files / DICOMDIRs grouped into studies, and per-study summaries.
  const studySets = createStudySetApi({ runtimeFor: (modelId) => runtimeFor(modelId), sitePolicy: () => readSitePolicy(deps.userDir) });

  // Inference goes through the runtime (ONNX Runtime, tfjs where it cannot load or when a tfjs
  // backend is forced); tfjs itself stays the training engine.
  async function runtimeFor(modelId?: string): Promise<{ entry: ModelEntry; runtime: InferenceRuntime }> {
    const entry = await resolveModelEntry(store, modelId);
    return { entry, runtime: await inferenceRuntime(entry, { backend: deps.backend, tf }) };
  }

  async function studyPrediction(studyId: string, modelId?: string): Promise<{ study: Study; p: StudyPrediction; notes: string[] }> {
    const study = studies.get(studyId);
    const { entry, runtime } = await runtimeFor(modelId);
    // Read each time: the CLI or another window may have changed it.
    const policy = await readSitePolicy(deps.userDir);
    const key = `${studyId}|${policy.ageUnknown}|${entry.id}`;
    // The promise is cached, so predict and gradCam asked at once share one forward pass.
    let p = predictions.get(key);
    if (!p) {
      p = predictStudy(runtime, entry.card, study, policy);
      predictions.set(key, p);
      p.catch(() => predictions.delete(key));
    }
    return { study, p: await p, notes: answerNotes(study, entry.card, policy) };
  }

  const engine: Engine = {
    async getInfo() {
      await tf();
      return {
        version: deps.version ?? engineVersion(),
        backend: backendName(),
        trainingBackend: trainingBackendName(backendReport()),
        inference: await runtimeFor()
          .then(({ runtime }) => runtime.engine)
          .catch((err: unknown) => `unavailable (${err instanceof Error ? err.message : String(err)})`),
        // An unreadable active model says why in `inference` (and on every prediction).
        activeModel: await store.activeId().catch(() => null),
        modelsDirs: [deps.builtInModelsDir, join(deps.userDir, 'models')],
        resultsDir: join(deps.userDir, 'results'),
        ...(audit.problem() ? { auditProblem: audit.problem() ?? undefined } : {}),
      };
    },
    async openStudy(file, opts) {
      const { studyId, study } = await studies.open(file, opts?.frame ?? 0);
      return studyInfo(studyId, study);
    },
    async getStudyImage(studyId) {
      return studyImage(studyId, studies.get(studyId));
    },
    async getStudyTags(studyId) {
      return studies.get(studyId).tags;
    },
    async closeStudy(studyId) {
      studies.close(studyId);
      forgetStudy(studyId);
    },
    async predict(studyId, modelId): Promise<Prediction> {
      const { study, p, notes } = await studyPrediction(studyId, modelId);
      return {
        ...(notes.length > 0 ? { notes } : {}),
        file: study.file,
        probability: p.probability,
        label: p.label,
        threshold: p.threshold,
        model: p.model,
        engine: p.engine,
        ms: p.ms,
        warnings: [...p.warnings],
        warningCodes: [...p.warningCodes],
      };
    },
    async recordReveal(studyId, modelId) {
      // The answer revealed is the one on screen (cached): which file, which model, what held it back.
      const { study, p } = await studyPrediction(studyId, modelId);
      void audit.record('recordReveal', 'done', { source: study.file, model: p.model, warnings: p.warnings });
    },
    recordRead: (studyId, read) => reads.recordRead(studyId, read),
    getRead: (studyId, reader) => reads.getRead(studyId, reader),
    clearRead: (studyId, reader) => reads.clearRead(studyId, reader),
    listReads: (files, reader) => reads.listReads(files, reader),
    async gradCam(studyId, modelId): Promise<GradCam> {
      const { study, p } = await studyPrediction(studyId, modelId);
      const key = `${studyId}|${p.model}`;
      let cam = heatmaps.get(key);
      if (!cam) {
        cam = Promise.resolve().then(() => ({ studyId, model: p.model, rows: study.rows, columns: study.columns, heat: upsampleCam(p.cam, study.rows, study.columns) }));
        heatmaps.set(key, cam);
        cam.catch(() => heatmaps.delete(key));
      }
      return cam;
    },
    async getSitePolicy() {
      const { policy, problem } = await readSitePolicyChecked(deps.userDir);
      return problem ? { ...policy, problem } : policy;
    },
    getLastScoreRun: async () => {
      await lastRun.flushed();
      return readLastScoreRun(deps.userDir);
    },
    setSitePolicy: (policy) => writeSitePolicy(deps.userDir, policy),
    cachedPatientData: () => cachedPatientData(deps.userDir),
    async clearCachedPatientData(spec) {
      // A run of this engine saves its score cache again as it goes (and at its end): the scores would come back.
      const running = await worklist.methods.runningScores({ rows: false });
      if (running.length > 0) throw new AlveoError('BAD_ARGUMENT', `a worklist run is scoring ${running[0].spec.folder}: cancel it (or let it finish), then clear the caches`);
      return clearCachedPatientData(deps.userDir, { olderThanDays: spec.olderThanDays });
    },
    listModels: () => store.list(),
    listUnreadableModels: () => store.listUnreadable(),
    setActiveModel: (modelId) => store.setActive(modelId),
    async renameModel(modelId, name) {
      await store.rename(modelId, name);
    },
    keepEvaluation: (jobId) => evaluations.keepEvaluation(jobId),
    compareEvaluations: (jobIds) => evaluations.compareEvaluations(jobIds),
    async deleteModel(modelId) {
      // Its run would save the score cache again after it is removed (and score with a model that is gone).
      if ((await worklist.methods.runningScores({ rows: false })).some((r) => r.modelId === modelId)) {
        throw new AlveoError('BAD_ARGUMENT', `a worklist run is scoring with '${modelId}': cancel it (or let it finish) before deleting the model`);
      }
      await store.delete(modelId);
      await unloadInferenceRuntimes(modelId); // frees its sessions and weights
      predictions.deleteWhere((k) => k.endsWith(`|${modelId}`));
      heatmaps.deleteWhere((k) => k.endsWith(`|${modelId}`));
      lime.forget({ modelId });
      // Its scores can never be used again (a new model under the same id has another stamp).
      await Promise.all(resultCacheFiles(deps.userDir, modelId).map((f) => rm(f, { force: true }).catch(() => undefined)));
    },
    async startScore(spec) {
      const entry = await resolveModelEntry(store, spec.modelId);
      const { ref, provenance } = await startScoreJob(runner, spec, entry, { deps, tf, store });
      worklist.scoreStarted(ref.jobId, spec, entry.id, provenance); // for its CSV, and a page that reloads mid-run
      lastRun.started(ref.jobId, spec, entry.id);
      return { ...ref, provenance };
    },
    async cancelJob(jobId, choice) {
      runner.cancel(jobId, choice);
    },
    ...worklist.methods,
    ...lime.methods,
    ...studySets,
    ...createTrainingApi({ store, runner, deps }).methods,
    ...createAdaptationApi({ runner, store, userDir: deps.userDir, tf, runtimeFor: (entry) => inferenceRuntime(entry, { backend: deps.backend, tf }) }).methods,
    ...createTrainingPanelApi(),
    // PACS nodes, retrieve jobs, results as DICOM; results come from this engine's own methods.
    ...createPacsApi({
      userDir: deps.userDir,
      runner,
      secrets: deps.secrets,
      version: () => deps.version ?? engineVersion(),
      results: {
        study: (studyId) => engine.study(studyId),
        predict: (studyId, modelId) => engine.predict(studyId, modelId),
        gradCam: (studyId, modelId) => engine.gradCam(studyId, modelId),
        getRead: (studyId, reader) => (reader ? reads.getRead(studyId, reader) : reads.readOnScreen(studyId)),
        loadModel: (idOrDir) => engine.loadModel(idOrDir),
        runtime: (idOrDir) => engine.runtime(idOrDir),
        openStudy: (file) => engine.openStudy(file),
        closeStudy: (studyId) => engine.closeStudy(studyId),
      },
    }),
    subscribe(listener) {
      listeners.add(listener);
      return () => {
        listeners.delete(listener);
      };
    },
    onNotice(listener) {
      noticeListeners.add(listener);
      return () => {
        noticeListeners.delete(listener);
      };
    },
    async dispose() {
      await runner.dispose();
      await lastRun.flushed();
      await audit.flushed();
      listeners.clear();
    },
    tf,
    loadModel: async (idOrDir) => resolveModel(await tf(), store, idOrDir),
    runtime: runtimeFor,
    study: (studyId) => studies.get(studyId),
    store,
    audit,
    waitForJob: (jobId) => runner.wait(jobId),
  };
  return auditEngine(engine, audit, (studyId) => {
    try {
      return studies.get(studyId).file;
    } catch {
      return null; // not open (the call itself says so)
    }
  });
}
