// The PACS part of EngineApi: configured nodes, search, retrieve into the cache (a job), and
// results as DICOM saved to a folder or sent to a node. Nothing here opens a socket until a
// method that names a configured node is called.
import { randomBytes } from 'node:crypto';
import { mkdir, readdir, rename, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { DicomResultFiles, PacsApi } from '../../api/pacs';
import type { JobRunner } from '../jobs/job-runner';
import { openPacsClient } from './open-pacs-client';
import { pacsError } from './pacs-error';
import { describeNode } from './pacs-node';
import { PacsNodeStore } from './pacs-node-store';
import { retrieveStudy } from './retrieve-study';
import { saveFilesDicom, type StudyFileSource } from './save-files-dicom';
import { saveStudyDicom } from './save-study-dicom';
import type { SecretStore } from './secret-store';
import { pacsCacheDir } from './pacs-cache-dir';

export interface PacsApiDeps {
  userDir: string;
  runner: JobRunner;
  results: StudyFileSource;
  version: () => string;
  secrets?: SecretStore;
}

const UID = /^[0-9.]{1,64}$/;

async function cachedFiles(folder: string): Promise<string[] | null> {
  const s = await stat(folder).catch(() => null);
  if (!s?.isDirectory()) return null;
  const files = (await readdir(folder)).filter((f) => f.endsWith('.dcm')).sort();
  return files.length ? files.map((f) => join(folder, f)) : null;
}

export function createPacsApi(deps: PacsApiDeps): PacsApi {
  const nodes = new PacsNodeStore(deps.userDir, deps.secrets);
  const pacsDir = join(deps.userDir, 'pacs');
  // The node carries its configured name, so its errors say "Dead node (DEAD@host:9): …".
  const clientFor = async (nodeId: string) => {
    const { config, node } = await nodes.node(nodeId);
    return openPacsClient({ ...node, name: config.name });
  };
  const toFiles = (r: Awaited<ReturnType<typeof saveStudyDicom>>): DicomResultFiles => ({ studyInstanceUid: r.studyInstanceUid, sr: r.sr.file, sc: r.sc.file, notes: r.notes });

  return {
    listPacsNodes: () => nodes.list(),
    savePacsNode: (input) => nodes.save(input),
    deletePacsNode: (id) => nodes.delete(id),
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
      if (!UID.test(spec.studyInstanceUid)) throw pacsError(client.node, 'not-found', `'${spec.studyInstanceUid}' is not a Study Instance UID`);
      return deps.runner.start('retrieve', async (ctx) => {
        const cache = pacsCacheDir(deps.userDir);
        const folder = join(cache, spec.studyInstanceUid);
        const cached = await cachedFiles(folder);
        if (cached) return { studyInstanceUid: spec.studyInstanceUid, folder, files: cached, cached: true };
        // The study lands in a staging folder renamed into place when complete: the cache holds
        // whole studies or nothing.
        const staging = join(cache, `.partial-${spec.studyInstanceUid}-${randomBytes(4).toString('hex')}`);
        try {
          await retrieveStudy(client, spec.studyInstanceUid, staging, {
            signal: ctx.signal,
            progress: (p) => ctx.progress({ done: p.done, total: p.total ?? p.done, etaMs: null, message: `retrieving from ${describeNode(client.node)}` }),
          });
          await rm(folder, { recursive: true, force: true });
          await rename(staging, folder);
        } finally {
          await rm(staging, { recursive: true, force: true });
        }
        return { studyInstanceUid: spec.studyInstanceUid, folder, files: (await cachedFiles(folder)) ?? [], cached: false };
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
      await mkdir(outDir, { recursive: true });
      try {
        const { sr, sc, ...files } = toFiles(await saveStudyDicom(deps.results, studyId, outDir, deps.version(), modelId));
        const stored = await client.store([sr, sc]);
        const failed = stored.filter((s) => !s.ok);
        if (failed.length) throw pacsError(client.node, 'refused', failed.map((f) => f.error).join('; '));
        return { ...files, node: describeNode(client.node) };
      } finally {
        await rm(outDir, { recursive: true, force: true });
      }
    },
    async startDicomResults(spec) {
      return deps.runner.start('dicom-results', (ctx) =>
        saveFilesDicom(deps.results, spec.files, spec.outDir, deps.version(), {
          modelId: spec.modelId,
          signal: ctx.signal,
          progress: (done, total) => ctx.progress({ done, total, etaMs: null, message: 'saving DICOM results' }),
        }),
      );
    },
  };
}
