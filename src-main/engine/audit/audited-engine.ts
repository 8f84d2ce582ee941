// Which engine calls leave a line in the audit trail (audit-log.ts), and what each line says: the
// calls that change what Alveo answers (active model, site policy, models made or removed), that
// take results out of it (exports, DICOM results saved or sent) or bring patient data in (PACS
// retrieves, scored folders), and the end of every job. Reading and looking (predict, thumbnails,
// listings) are not recorded. Lines name models, folders, files, nodes and UIDs, never a patient.
import type { EngineApi } from '../../api/contract';
import type { EngineEvent } from '../../api/events';
import type { AuditLog } from './audit-log';

type Method = keyof EngineApi;
type Describe<K extends Method> = (args: Parameters<EngineApi[K]>, result: Awaited<ReturnType<EngineApi[K]>> | undefined, fileOf: (studyId: string) => string | null) => Record<string, unknown>;
/** Why a method leaves no line: each method of the contract says one or the other, so a new one is a decision, not an oversight. */
type NotAudited = 'looks' | 'computes an answer shown, nothing kept' | 'writes its own line';
type Descriptions = { [K in Method]: Describe<K> | NotAudited };

/** The plain fields of a spec (text, numbers, yes/no, lists of text), secrets left out. */
export function plainFields(spec: object): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(spec)) {
    if (/password|secret|token/i.test(k)) continue;
    const plain = ['string', 'number', 'boolean'].includes(typeof v) || (Array.isArray(v) && v.every((x) => typeof x === 'string'));
    if (plain) out[k] = Array.isArray(v) && v.length > 50 ? `${v.length} items` : v;
  }
  return out;
}

const job = (ref: { jobId: string } | undefined) => ({ job: ref?.jobId ?? null });

/** A text without the user and password an address may carry (https://user:pw@host/...): never in the trail. */
export function withoutCredentials(text: string): string {
  return text.replace(/(\/\/)[^/@\s]*@/g, '$1');
}

export const AUDITED: Descriptions = {
  setSitePolicy: ([policy]) => ({ policy }),
  // As alveo cache --clear records it: the rule, then what went.
  clearCachedPatientData: ([spec], removed) => ({ ...plainFields(spec), ...(removed ?? {}) }),
  setActiveModel: ([model]) => ({ model }),
  renameModel: ([model, name]) => ({ model, name }),
  deleteModel: ([model]) => ({ model }),
  keepEvaluation: ([evaluation], entry) => ({ job: evaluation, model: entry?.id ?? null }),
  exportModel: ([model, to], written) => ({ model, to: written ?? to }),
  importModel: ([from], entry) => ({ from, model: entry?.id ?? null }),
  startScore: ([spec], ref) => ({ ...plainFields(spec), ...job(ref) }),
  cancelJob: ([id, choice]) => ({ job: id, ...(choice ? { choice } : {}) }),
  exportWorklist: ([spec], r) => ({ job: spec.jobId, rows: spec.count, identifiers: spec.includeIdentifiers, file: spec.file ?? 'returned to the page', ...(r?.exists ? { written: false, why: 'the file exists: asked before replacing it' } : {}) }),
  // Named by what was saved (no password is ever kept), the address without any user:password@.
  savePacsNode: ([node], saved) => ({ node: saved?.id ?? node.id ?? null, name: node.name, address: withoutCredentials(saved?.address ?? node.address), ...(node.callingAe ? { callingAe: node.callingAe } : {}), ...(node.username ? { username: node.username } : {}) }),
  deletePacsNode: ([node]) => ({ node }),
  startPacsRetrieve: ([spec], ref) => ({ node: spec.nodeId, study: spec.studyInstanceUid, ...job(ref) }),
  saveResultAsDicom: ([studyId, outDir, model], r, fileOf) => ({ source: fileOf(studyId), outDir, model: model ?? 'active', ...(r ? { sr: r.sr, sc: r.sc, study: r.studyInstanceUid } : {}) }),
  sendResultToPacs: ([studyId, node, model], r, fileOf) => ({ source: fileOf(studyId), node, model: model ?? 'active', ...(r?.record ? { instance: r.record.sopInstanceUid } : {}), ...(r ? { study: r.studyInstanceUid } : {}) }),
  // A reader's read is a clinical record: who recorded which finding on which file (the note stays out).
  recordRead: ([studyId, read], r, fileOf) => ({ source: fileOf(studyId), reader: r?.reader ?? read.reader ?? null, finding: read.finding, afterAi: r?.afterAi ?? read.afterAi, ...(r?.first ? { first: r.first.finding } : {}), ...(r?.ai ? { model: r.ai.model } : {}) }),
  clearRead: ([studyId, reader], _r, fileOf) => ({ source: fileOf(studyId), ...(reader ? { reader } : {}) }),
  startDicomResults: ([spec], ref) => ({ files: spec.files.length, outDir: spec.outDir, model: spec.modelId ?? 'active', ...job(ref) }),
  startTraining: ([spec], ref) => ({ ...plainFields(spec), ...job(ref) }),
  startEvaluation: ([spec], ref) => ({ ...plainFields(spec), ...job(ref) }),
  startCalibration: ([spec], ref) => ({ ...plainFields(spec), ...job(ref) }),
  startAdaptation: ([spec], ref) => ({ ...plainFields(spec), ...job(ref) }),
  getInfo: 'looks',
  getSitePolicy: 'looks',
  getLastScoreRun: 'looks',
  cachedPatientData: 'looks',
  listPacsNodes: 'looks',
  echoPacsNode: 'looks',
  findPacsStudies: 'looks',
  pacsStudyHistory: 'looks',
  openStudy: 'looks',
  getStudyImage: 'looks',
  getStudyTags: 'looks',
  closeStudy: 'looks',
  getRead: 'looks',
  listReads: 'looks',
  listModels: 'looks',
  listUnreadableModels: 'looks',
  compareEvaluations: 'looks',
  runningScores: 'looks',
  listDirectory: 'looks',
  getThumbnail: 'looks',
  openStudySet: 'looks',
  summarizeStudy: 'looks',
  inspectDataset: 'looks',
  runningTraining: 'looks',
  defaultTrainingOptions: 'looks',
  previewTrainingData: 'looks',
  predict: 'computes an answer shown, nothing kept',
  gradCam: 'computes an answer shown, nothing kept',
  startLime: 'computes an answer shown, nothing kept',
  // Its line names the answer revealed, which only the engine's cached prediction knows (index.ts).
  recordReveal: 'writes its own line',
};

/**
 * Wraps `engine`'s audited methods (in place: its other methods and in-process helpers stay as
 * they are) so each call that settles leaves a line: 'done', or 'refused' with why. The line is
 * written in the background; engine.dispose() waits for it.
 */
export function auditEngine<E extends EngineApi>(engine: E, log: AuditLog, fileOf: (studyId: string) => string | null): E {
  const target = engine as unknown as Record<Method, (...args: unknown[]) => Promise<unknown>>;
  for (const name of Object.keys(AUDITED) as Method[]) {
    const entry = AUDITED[name];
    if (typeof entry === 'string') continue;
    const original = target[name].bind(engine);
    const describe = entry as (args: unknown[], result: unknown, fileOf: (studyId: string) => string | null) => Record<string, unknown>;
    target[name] = async (...args: unknown[]) => {
      // Named before the call: a study closed meanwhile would no longer say which file it was.
      const before = describe(args, undefined, fileOf);
      let result: unknown;
      try {
        result = await original(...args);
      } catch (err) {
        void log.record(name, 'refused', { ...before, error: withoutCredentials(err instanceof Error ? err.message : String(err)) });
        throw err;
      }
      // Queued, not awaited: a job's id goes back at once (its caller listens by id, and a quick
      // job may end meanwhile); the log keeps the order lines were recorded in (start before end).
      void log.record(name, 'done', { ...before, ...describe(args, result, fileOf) });
      return result;
    };
  }
  return engine;
}

/** A job's end as a line: its kind and outcome, and what it made or counted. */
export function recordJobEnd(log: AuditLog, e: EngineEvent): void {
  if (e.type !== 'job:end') return;
  const result = 'result' in e && e.result && typeof e.result === 'object' ? plainFields(e.result) : {};
  void log.record(`${e.kind}-end`, e.outcome, { job: e.jobId, ...result, ...(e.outcome === 'failed' ? { error: withoutCredentials(e.error) } : {}) });
}
