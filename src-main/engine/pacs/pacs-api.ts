// The PACS part of EngineApi: configured nodes, search, retrieve into the cache (a job), and
// results as DICOM saved to a folder or sent to a node. Nothing here opens a socket until a
// method that names a configured node is called.
import { randomBytes } from 'node:crypto';
import { mkdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { DicomResultFiles, PacsApi, PacsRetrieveResult } from '../../api/pacs';
import type { JobRunner } from '../jobs/job-runner';
import { alveoResultSources } from './alveo-results-in-study';
import { MoveRefusals } from './move-refusals';
import { openPacsClient } from './open-pacs-client';
import { cachedStudy, openPacsCache } from './pacs-cache';
import { pacsCacheDir } from './pacs-cache-dir';
import { cacheFreshness } from './pacs-cache-freshness';
import { retrieveWholeStudy, updateCachedStudy } from './pacs-cache-update';
import { pacsError } from './pacs-error';
import { PacsHistory } from './pacs-history';
import { describeNode } from './pacs-node';
import { PacsNodeStore } from './pacs-node-store';
import { saveFilesDicom, type StudyFileSource } from './save-files-dicom';
import { saveStudyDicom } from './save-study-dicom';
import type { SecretStore } from './secret-store';

export interface PacsApiDeps {
  userDir: string;
  runner: JobRunner;
  results: StudyFileSource;
  version: () => string;
  secrets?: SecretStore;
}

const UID = /^[0-9.]{1,64}$/;

/** The retrieve job's result, with its note only when there is one. */
function answer(result: PacsRetrieveResult, note: string | undefined): PacsRetrieveResult {
  return note ? { ...result, note } : result;
}

export function createPacsApi(deps: PacsApiDeps): PacsApi {
  const nodes = new PacsNodeStore(deps.userDir, deps.secrets);
  const pacsDir = join(deps.userDir, 'pacs');
  const history = new PacsHistory(deps.userDir);
  // A move destination the PACS refused is not asked for again per study (move-refusals.ts).
  const refusals = new MoveRefusals();
  // The node carries its configured name, so its errors say "Dead node (DEAD@host:9): …".
  const clientFor = async (nodeId: string) => {
    const { config, node } = await nodes.node(nodeId);
    return refusals.guard(nodeId, openPacsClient({ ...node, name: config.name }));
  };
  const toFiles = (r: Awaited<ReturnType<typeof saveStudyDicom>>): DicomResultFiles => ({ studyInstanceUid: r.studyInstanceUid, sr: r.sr.file, sc: r.sc.file, notes: r.notes });

  return {
    listPacsNodes: () => nodes.list(),
    async savePacsNode(input) {
      const saved = await nodes.save(input);
      refusals.forget(saved.id);
      return saved;
    },
    async deletePacsNode(id) {
      await nodes.delete(id);
      refusals.forget(id);
    },
    async echoPacsNode(nodeId) {
      const t0 = performance.now();
      await (await clientFor(nodeId)).echo();
      return Math.round(performance.now() - t0);
    },
    async findPacsStudies(nodeId, query) {
      return (await clientFor(nodeId)).findStudies(query);
    },
    async startPacsRetrieve(spec) {
      const client = await clientFor(spec.nodeId);
      const uid = spec.studyInstanceUid;
      if (!UID.test(uid)) throw pacsError(client.node, 'not-found', `'${uid}' is not a Study Instance UID`);
      // The cache keeps images only: where they came from is remembered beside it, for "Send to"
      // (a memory that cannot be written only loses that default, never the retrieve). A damaged
      // origins.json set aside on the way is said with the retrieve's note.
      const remembered = (result: PacsRetrieveResult) =>
        history.recordOrigin(uid, spec.nodeId).then(
          (notices) => answer(result, [result.note, ...notices].filter(Boolean).join('; ') || undefined),
          () => result,
        );
      return deps.runner.start('retrieve', async (ctx) => {
        const say = (done: number, total: number, message: string) => ctx.progress({ done, total, etaMs: null, message });
        const cache = await openPacsCache(deps.userDir);
        const folder = join(cache, uid);
        const cached = await cachedStudy(folder);
        if (cached) {
          const check = await cacheFreshness(client, uid, cached, ctx.signal);
          if (check.note) say(check.fresh ? cached.length : 0, cached.length, check.note);
          if (check.fresh) return remembered(answer({ studyInstanceUid: uid, folder, files: cached, cached: true }, check.note));
          const up = await updateCachedStudy(client, cache, uid, cached, check, { signal: ctx.signal, say });
          return remembered(answer({ studyInstanceUid: uid, folder, files: (await cachedStudy(folder)) ?? [], cached: up.fetched === 0 }, up.note));
        }
        const got = await retrieveWholeStudy(client, cache, uid, { signal: ctx.signal, say });
        const note = got.failed ? `${got.failed} images could not be retrieved` : undefined;
        return remembered(answer({ studyInstanceUid: uid, folder, files: (await cachedStudy(folder)) ?? [], cached: false }, note));
      });
    },
    async saveResultAsDicom(studyId, outDir, modelId) {
      return toFiles(await saveStudyDicom(deps.results, studyId, outDir, deps.version(), modelId));
    },
    async sendResultToPacs(studyId, nodeId, modelId) {
      const client = await clientFor(nodeId);
      // A scratch copy only: once the node has it (or refused it), patient-derived files must not
      // pile up in the user folder where the app never shows them. "Save result as DICOM…" keeps one.
      const outDir = join(pacsDir, 'sent', `${Date.now()}-${randomBytes(3).toString('hex')}`);
      // Private like the cache beside it: the scratch copy is patient-derived.
      await mkdir(outDir, { recursive: true, mode: 0o700 });
      try {
        const written = await saveStudyDicom(deps.results, studyId, outDir, deps.version(), modelId);
        const { sr, sc, ...files } = toFiles(written);
        const stored = await client.store([sr, sc]);
        const failed = stored.filter((s) => !s.ok);
        if (failed.length) throw pacsError(client.node, 'refused', failed.map((f) => f.error).join('; '));
        const said = stored.flatMap((s) => (s.note ? [s.note] : []));
        const node = describeNode(client.node);
        // Beside the source attributes left out: what the node made of what it stored.
        const sent = { ...files, notes: [...files.notes, ...said], node };
        const sopInstanceUid = deps.results.study(studyId).attributes.SOPInstanceUID ?? '';
        if (!sopInstanceUid) return sent;
        const record = { sopInstanceUid, nodeId, nodeName: client.node.name ?? nodeId, at: new Date().toISOString(), srInstanceUid: written.sr.sopInstanceUid, scInstanceUid: written.sc.sopInstanceUid };
        // The node has it: a record that cannot be written must not report the send as failed.
        const kept = await history.recordSent({ studyInstanceUid: written.studyInstanceUid, ...record }).then((notices) => notices, () => null);
        return { ...sent, notes: [...sent.notes, ...(kept ?? [])], ...(kept ? { record } : {}) };
      } finally {
        await rm(outDir, { recursive: true, force: true });
      }
    },
    async pacsStudyHistory(studyInstanceUid) {
      const known = new Set((await nodes.list()).map((n) => n.id));
      // The origin is only a default for "Send to": a damaged origins.json must not hide what was sent.
      const origin = await history.origin(studyInstanceUid).catch(() => null);
      return {
        studyInstanceUid,
        originNodeId: origin && known.has(origin) ? origin : null,
        sent: await history.sent(studyInstanceUid),
        resultsInStudy: UID.test(studyInstanceUid) ? await alveoResultSources(join(pacsCacheDir(deps.userDir), studyInstanceUid)) : [],
      };
    },
    async startDicomResults(spec) {
      return deps.runner.start('dicom-results', (ctx) =>
        saveFilesDicom(deps.results, spec.files, spec.outDir, deps.version(), {
          modelId: spec.modelId,
          ...(spec.reader ? { reader: spec.reader } : {}),
          signal: ctx.signal,
          progress: (done, total) => ctx.progress({ done, total, etaMs: null, message: 'saving DICOM results' }),
        }),
      );
    },
  };
}
