// The PACS source: the configured nodes, a study search, retrieving a study into the cache (a
// 'retrieve' job with progress and cancel), and results sent back as DICOM. One instance per app.
import type { DicomResultFiles, PacsNodeConfig, PacsNodeInput, PacsRetrieveResult, PacsStudy, PacsStudyQuery } from '../../../../src-main/api/contract';
import type { ApiClient } from '../api/create-api-client';
import type { AppState } from './app-state.svelte';
import { plainError } from './plain-error';
import { trackJob, type TrackedJob } from './track-job';

export interface RetrieveProgress {
  studyInstanceUid: string;
  done: number;
  total: number;
}

export class PacsState {
  nodes = $state.raw<PacsNodeConfig[]>([]);
  nodeId = $state<string | null>(null);
  patientId = $state('');
  patientName = $state('');
  dateFrom = $state('');
  dateTo = $state('');
  modalities = $state('CR,DX');
  studies = $state.raw<PacsStudy[]>([]);
  searching = $state(false);
  searched = $state(false);
  retrieving = $state<RetrieveProgress | null>(null);
  /** One line for the user: what just happened (echo OK, sent, saved). */
  message = $state<string | null>(null);
  error = $state<string | null>(null);
  busy = $state(false);
  /** Worklist rows being saved as DICOM. */
  savingRows = $state<{ done: number; total: number } | null>(null);

  readonly node = $derived(this.nodes.find((n) => n.id === this.nodeId) ?? null);
  private tracked: TrackedJob<'retrieve'> | null = null;

  constructor(private readonly api: ApiClient) {}

  private fail(err: unknown, context: string): void {
    const p = plainError(err, context);
    this.error = `${p.title}: ${p.detail}`;
    this.message = null;
  }

  async refresh(): Promise<void> {
    try {
      this.nodes = await this.api.listPacsNodes();
      if (!this.nodes.some((n) => n.id === this.nodeId)) this.nodeId = this.nodes[0]?.id ?? null;
    } catch (err) {
      this.fail(err, 'PACS nodes');
    }
  }

  async saveNode(input: PacsNodeInput): Promise<boolean> {
    this.error = null;
    try {
      const saved = await this.api.savePacsNode(input);
      await this.refresh();
      this.nodeId = saved.id;
      this.message = `Saved ${saved.name}${saved.passwordStorage === 'session' ? ' (password kept for this session only: no keychain here)' : ''}`;
      return true;
    } catch (err) {
      this.fail(err, 'Saving the node');
      return false;
    }
  }

  async deleteNode(id: string): Promise<void> {
    try {
      await this.api.deletePacsNode(id);
      await this.refresh();
    } catch (err) {
      this.fail(err, 'Deleting the node');
    }
  }

  async echo(): Promise<void> {
    if (!this.nodeId) return;
    this.error = null;
    this.busy = true;
    try {
      const ms = await this.api.echoPacsNode(this.nodeId);
      this.message = `${this.node?.name ?? 'PACS'} answered in ${ms} ms`;
    } catch (err) {
      this.fail(err, 'Test connection');
    } finally {
      this.busy = false;
    }
  }

  query(): PacsStudyQuery {
    const q: PacsStudyQuery = {};
    if (this.patientId.trim()) q.patientId = this.patientId.trim();
    if (this.patientName.trim()) q.patientName = this.patientName.trim();
    const day = (v: string) => v.replace(/-/g, '');
    if (/^\d{8}$/.test(day(this.dateFrom))) q.dateFrom = day(this.dateFrom);
    if (/^\d{8}$/.test(day(this.dateTo))) q.dateTo = day(this.dateTo);
    const mods = this.modalities.split(',').map((m) => m.trim().toUpperCase()).filter(Boolean);
    if (mods.length) q.modalities = mods;
    q.limit = 500;
    return q;
  }

  async search(): Promise<void> {
    if (!this.nodeId) return;
    this.error = null;
    this.searching = true;
    try {
      this.studies = await this.api.findPacsStudies(this.nodeId, this.query());
      this.searched = true;
    } catch (err) {
      this.fail(err, 'Search');
    } finally {
      this.searching = false;
    }
  }

  /** Retrieves a study into the cache; null when cancelled or failed (the error says why). */
  async retrieve(study: PacsStudy): Promise<PacsRetrieveResult | null> {
    if (!this.nodeId || this.retrieving) return null;
    this.error = null;
    const nodeId = this.nodeId;
    this.retrieving = { studyInstanceUid: study.studyInstanceUid, done: 0, total: study.instances ?? 0 };
    try {
      this.tracked = await trackJob(this.api, 'retrieve', () => this.api.startPacsRetrieve({ nodeId, studyInstanceUid: study.studyInstanceUid }), {
        progress: (p) => {
          this.retrieving = { studyInstanceUid: study.studyInstanceUid, done: p.done, total: p.total };
        },
        end: () => undefined,
      });
      const end = await this.tracked.ended;
      if (end.outcome === 'done') return end.result;
      if (end.outcome === 'failed') this.error = `Retrieve failed: ${end.error}`;
      else this.message = 'Retrieve cancelled: nothing was kept';
      return null;
    } catch (err) {
      this.fail(err, 'Retrieve');
      return null;
    } finally {
      this.tracked = null;
      this.retrieving = null;
    }
  }

  async cancel(): Promise<void> {
    if (this.tracked) await this.api.cancelJob(this.tracked.jobId);
  }

  async saveResult(studyId: string, outDir: string): Promise<DicomResultFiles | null> {
    this.error = null;
    this.busy = true;
    try {
      const r = await this.api.saveResultAsDicom(studyId, outDir);
      this.message = `Saved the SR and the Grad-CAM capture in ${outDir}`;
      return r;
    } catch (err) {
      this.fail(err, 'Save result as DICOM');
      return null;
    } finally {
      this.busy = false;
    }
  }

  /** Worklist rows -> DICOM results in outDir (the engine's 'dicom-results' job); JPEG/PNG rows are counted as skipped. */
  async saveRowsAsDicom(files: string[], outDir: string, modelId?: string): Promise<void> {
    this.error = null;
    this.message = null;
    this.savingRows = { done: 0, total: files.length };
    try {
      const job = await trackJob(this.api, 'dicom-results', () => this.api.startDicomResults({ files, outDir, ...(modelId ? { modelId } : {}) }), {
        progress: (p) => {
          this.savingRows = { done: p.done, total: p.total };
        },
        end: () => undefined,
      });
      const end = await job.ended;
      if (end.outcome === 'failed') {
        this.error = `Save results as DICOM: ${end.error}`;
        return;
      }
      const r = end.result;
      if (!r) return;
      this.message = `Saved ${r.written} result(s) as DICOM in ${outDir}${r.skipped ? `; ${r.skipped} JPEG/PNG skipped (no DICOM study to attach to)` : ''}`;
      if (r.failed.length) this.error = `${r.failed.length} could not be saved: ${r.failed.slice(0, 3).map((f) => `${f.file}: ${f.error}`).join('; ')}`;
    } catch (err) {
      this.fail(err, 'Save results as DICOM');
    } finally {
      this.savingRows = null;
    }
  }

  async sendResult(studyId: string): Promise<boolean> {
    if (!this.nodeId) {
      this.error = 'No PACS node: add one in the PACS tab first';
      return false;
    }
    this.error = null;
    this.busy = true;
    try {
      const r = await this.api.sendResultToPacs(studyId, this.nodeId);
      this.message = `Sent the SR and the Grad-CAM capture to ${this.node?.name ?? r.node}`;
      return true;
    } catch (err) {
      this.fail(err, 'Send result to PACS');
      return false;
    } finally {
      this.busy = false;
    }
  }
}

const instances = new WeakMap<AppState, PacsState>();

export function pacsStateFor(app: AppState): PacsState {
  let s = instances.get(app);
  if (!s) {
    $effect.root(() => {
      s = new PacsState(app.api);
    });
    instances.set(app, s as unknown as PacsState);
    void (s as unknown as PacsState).refresh();
  }
  return s as unknown as PacsState;
}
