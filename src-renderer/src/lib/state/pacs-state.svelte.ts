// The PACS source: the configured nodes, a study search, retrieving a study into the cache (a
// 'retrieve' job with progress and cancel), and results sent back as DICOM. One instance per app.
import type { DicomResultFiles, PacsNodeConfig, PacsNodeInput, PacsRetrieveResult, PacsStudy, PacsStudyHistory, PacsStudyQuery } from '../../../../src-main/api/contract';
import type { ApiClient } from '../api/create-api-client';
import type { AppState } from './app-state.svelte';
import { plainError } from './plain-error';
import { dicomDate } from '../../panels/worklist/worklist-format';
import { trackJob, type TrackedJob } from './track-job';
import type { StudySort } from '../../panels/pacs/sort-studies';

/** Today as an <input type="date"> value, in the reader's local time. */
export function todayInput(now = new Date()): string {
  const p = (n: number) => String(n).padStart(2, '0');
  return `${now.getFullYear()}-${p(now.getMonth() + 1)}-${p(now.getDate())}`;
}


export interface RetrieveProgress {
  studyInstanceUid: string;
  done: number;
  total: number;
}

/** A result sent to a node (remembered by the engine): a repeat is "Send again", never a silent duplicate. */
export interface SentResult {
  nodeId: string;
  nodeName: string;
  at: Date;
}

/** "14:05": when a result was sent, in the reader's local time. */
export function clockTime(at: Date): string {
  return `${String(at.getHours()).padStart(2, '0')}:${String(at.getMinutes()).padStart(2, '0')}`;
}

/** When a result was sent: "14:05" today, "2026-11-30 14:05" another day. */
export function sentTime(at: Date, now = new Date()): string {
  if (at.toDateString() === now.toDateString()) return clockTime(at);
  const p = (n: number) => String(n).padStart(2, '0');
  return `${at.getFullYear()}-${p(at.getMonth() + 1)}-${p(at.getDate())} ${clockTime(at)}`;
}

/** <dir>/<name> with the separator the engine's path already uses; the name made safe as a folder name. */
export function childFolder(dir: string, name: string): string {
  const sep = dir.includes('\\') && !dir.includes('/') ? '\\' : '/';
  return `${dir.replace(/[\\/]+$/, '')}${sep}${name.replace(/[^\w.-]+/g, '_') || 'results'}`;
}

/** The folder a path is in ('/a/b/c' -> '/a/b'), with the path's own separator. */
export function parentFolder(path: string): string {
  const trimmed = path.replace(/[\\/]+$/, '');
  const at = Math.max(trimmed.lastIndexOf('/'), trimmed.lastIndexOf('\\'));
  return at <= 0 ? trimmed.slice(0, at + 1) || trimmed : trimmed.slice(0, at);
}

/** A folder's own name ('/a/b/c' -> 'c'). */
export function folderName(path: string): string {
  const trimmed = path.replace(/[\\/]+$/, '');
  return trimmed.slice(Math.max(trimmed.lastIndexOf('/'), trimmed.lastIndexOf('\\')) + 1);
}

/** "ORTHANC: 12 studies of 2026-12-01" / "… from 2026-11-28 to 2026-12-01": a PACS worklist's label, naming no one. */
export function searchLabel(nodeName: string, studies: readonly PacsStudy[]): string {
  const days = studies.map((s) => s.studyDate).filter((d) => /^\d{8}$/.test(d)).sort();
  const when = !days.length ? '' : days[0] === days.at(-1) ? ` of ${dicomDate(days[0])}` : ` from ${dicomDate(days[0])} to ${dicomDate(days.at(-1))}`;
  // The engine takes a label of at most 200 characters: a long node name is shortened, never the count or dates.
  const name = nodeName.length > 80 ? `${nodeName.slice(0, 79)}…` : nodeName;
  return `${name}: ${studies.length} ${studies.length === 1 ? 'study' : 'studies'}${when}`;
}

/** What retrieving several studies came to: those retrieved (with images), those that failed (with why). */
export interface RetrievedStudies {
  retrieved: { study: PacsStudy; result: PacsRetrieveResult }[];
  failed: { study: PacsStudy; error: string }[];
  /** What the retrieves said beside (a cached copy that could not be checked, images that failed). */
  notes: string[];
  cancelled: boolean;
}

export class PacsState {
  nodes = $state.raw<PacsNodeConfig[]>([]);
  #nodeId = $state<string | null>(null);
  patientId = $state('');
  patientName = $state('');
  dateFrom = $state('');
  dateTo = $state('');
  modalities = $state('CR,DX');
  studies = $state.raw<PacsStudy[]>([]);
  /** The search table's order (kept with the dates: it names no one). */
  sort = $state<StudySort>({ key: 'date', descending: true });
  /** The node whose search produced `studies`: Open and Score retrieve from it, whatever is selected now. */
  studiesNodeId = $state<string | null>(null);
  /** The last search went over DICOMweb with a '+' in it and found nothing (see plusHint). */
  plusMissed = $state(false);
  searching = $state(false);
  searched = $state(false);
  /** Study Instance UID -> the node it was retrieved from: where its result is sent by default. */
  origins = $state.raw<Record<string, string>>({});
  /** Result key (image + node) -> when it was sent there, this session (the engine's record may lag). */
  sent = $state.raw<Record<string, SentResult>>({});
  /** Study Instance UID -> what the engine remembers of it (origin, sends): survives a reload. */
  histories = $state.raw<Record<string, PacsStudyHistory>>({});
  /** The folder the user last typed for DICOM results (this session); null: the proposed default. */
  lastResultFolder = $state<string | null>(null);
  retrieving = $state<RetrieveProgress | null>(null);
  /** Retrieving several studies (score a search as a worklist): the one under way, of how many. */
  batch = $state<{ index: number; count: number } | null>(null);
  private batchCancelled = false;
  /** One line for the user: what just happened (echo OK, sent, saved). */
  message = $state<string | null>(null);
  error = $state<string | null>(null);
  busy = $state(false);
  /** Worklist rows being saved as DICOM. */
  savingRows = $state<{ done: number; total: number } | null>(null);

  readonly node = $derived(this.nodes.find((n) => n.id === this.nodeId) ?? null);
  readonly studiesNode = $derived(this.nodes.find((n) => n.id === this.studiesNodeId) ?? null);
  private tracked: TrackedJob<'retrieve'> | null = null;

  constructor(private readonly api: ApiClient) {}

  /** Once per app: the dates, modalities and order the last session searched with (PacsPanel restores them). */
  queryRestored = false;

  /** "Today": both ends of the date range. */
  today(): void {
    this.dateFrom = this.dateTo = todayInput();
  }

  get nodeId(): string | null {
    return this.#nodeId;
  }

  /** Selecting another node clears the search results: they belong to the node that produced them. */
  set nodeId(id: string | null) {
    if (id === this.#nodeId) return;
    this.#nodeId = id;
    this.studies = [];
    this.studiesNodeId = null;
    this.searched = false;
    this.plusMissed = false;
  }

  nodeName(id: string | null | undefined): string | null {
    return this.nodes.find((n) => n.id === id)?.name ?? null;
  }

  /**
   * Where DICOM results are proposed to go: the folder the user last chose, else <user folder>/results/<name>
   * (a study UID, a run's folder name). Never the study's own folder: opening or scoring it again would
   * read Alveo's capture as an image of the patient.
   */
  resultFolder(resultsDir: string | undefined, name: string): string {
    return this.lastResultFolder ?? (resultsDir ? childFolder(resultsDir, name) : '');
  }

  /** The user saved into `folder`; remembered for the session when it is not the proposal. */
  chooseResultFolder(folder: string, proposed: string): void {
    if (folder !== proposed) this.lastResultFolder = folder;
  }

  /** The last send of this image's result to `nodeId`: this session's, else the engine's record. */
  sentTo(key: string, nodeId: string | null, studyInstanceUid?: string): SentResult | null {
    if (!nodeId) return null;
    const recorded = (studyInstanceUid ? this.histories[studyInstanceUid]?.sent : undefined)?.filter((r) => r.sopInstanceUid === key && r.nodeId === nodeId).at(-1);
    const fromDisk = recorded ? { nodeId, nodeName: this.nodeName(nodeId) ?? recorded.nodeName, at: new Date(recorded.at) } : null;
    const session = this.sent[`${key}|${nodeId}`] ?? null;
    return session && (!fromDisk || session.at >= fromDisk.at) ? session : fromDisk;
  }

  /** The retrieved study already holds an Alveo result for this image (sent from anywhere). */
  resultInStudy(studyInstanceUid: string | undefined, sopInstanceUid: string): boolean {
    return Boolean(studyInstanceUid && sopInstanceUid && this.histories[studyInstanceUid]?.resultsInStudy.includes(sopInstanceUid));
  }

  /** The node a study was retrieved from (this session, else as the engine remembers), if it still exists. */
  originOf(studyInstanceUid: string | undefined): string | null {
    const id = studyInstanceUid ? (this.origins[studyInstanceUid] ?? this.histories[studyInstanceUid]?.originNodeId) : undefined;
    return id && this.nodes.some((n) => n.id === id) ? id : null;
  }

  /** Asks the engine what it remembers of a study; quietly nothing for a study not from a PACS. */
  async loadHistory(studyInstanceUid: string | undefined): Promise<void> {
    if (!studyInstanceUid || !/^[0-9.]{1,64}$/.test(studyInstanceUid)) return;
    try {
      const h = await this.api.pacsStudyHistory(studyInstanceUid);
      this.histories = { ...this.histories, [studyInstanceUid]: h };
    } catch {
      // A memory that cannot be read only loses a warning; the send itself still works.
    }
  }

  private fail(err: unknown, context: string): void {
    const p = plainError(err, context);
    this.error = `${p.title}: ${p.detail}`;
    this.message = null;
  }

  async refresh(): Promise<void> {
    try {
      this.nodes = await this.api.listPacsNodes();
      if (this.studiesNodeId && !this.nodes.some((n) => n.id === this.studiesNodeId)) this.studies = [];
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
    const name = this.nodeName(id);
    try {
      await this.api.deletePacsNode(id);
      await this.refresh();
      this.message = `Deleted ${name ?? 'the node'}`;
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
    const nodeId = this.nodeId;
    const query = this.query();
    this.error = null;
    this.searching = true;
    try {
      const found = await this.api.findPacsStudies(nodeId, query);
      // The user picked another node meanwhile: these rows are not its rows.
      if (this.nodeId !== nodeId) return;
      this.studies = found;
      this.studiesNodeId = nodeId;
      this.searched = true;
      // Some DICOMweb servers (Orthanc 1.10) match '%2B' undecoded, so a '+' in an ID finds nothing there.
      const web = /^https?:/i.test(this.node?.address ?? '');
      this.plusMissed = web && found.length === 0 && [query.patientId, query.patientName].some((v) => v?.includes('+'));
    } catch (err) {
      this.fail(err, 'Search');
    } finally {
      this.searching = false;
    }
  }

  /** The one line a retrieve's note makes, for the PACS tab and over the viewer. */
  static retrieveNote(study: PacsStudy, note: string): string {
    return `${study.description || 'Study'}: ${note}`;
  }

  /** A saved or sent result's notes, as the tail of its message (empty when there are none). */
  static saidOf(notes: readonly string[]): string {
    return notes.length ? ` (${notes.join('; ')})` : '';
  }

  /** Retrieves a study into the cache (from the node of the search, unless told); null when cancelled or failed (the error says why). */
  async retrieve(study: PacsStudy, from?: string): Promise<PacsRetrieveResult | null> {
    const nodeId = from ?? this.studiesNodeId ?? this.nodeId;
    if (!nodeId || this.retrieving) return null;
    this.error = null;
    this.retrieving = { studyInstanceUid: study.studyInstanceUid, done: 0, total: study.instances ?? 0 };
    try {
      this.tracked = await trackJob(this.api, 'retrieve', () => this.api.startPacsRetrieve({ nodeId, studyInstanceUid: study.studyInstanceUid }), {
        progress: (p) => {
          this.retrieving = { studyInstanceUid: study.studyInstanceUid, done: p.done, total: p.total };
        },
        end: () => undefined,
      });
      const end = await this.tracked.ended;
      if (end.outcome === 'done') {
        this.origins = { ...this.origins, [study.studyInstanceUid]: nodeId };
        // A copy that could not be checked, or a study fetched again: said where the user looks next.
        if (end.result.note) this.message = PacsState.retrieveNote(study, end.result.note);
        return end.result;
      }
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

  /**
   * Retrieves the studies one after another (cached ones are only checked); one that fails is noted
   * and the next one goes on. Cancel stops after the study under way; those retrieved stay cached.
   */
  async retrieveMany(studies: readonly PacsStudy[]): Promise<RetrievedStudies> {
    const out: RetrievedStudies = { retrieved: [], failed: [], notes: [], cancelled: false };
    if (this.batch || this.retrieving) return out;
    this.batchCancelled = false;
    try {
      for (let i = 0; i < studies.length && !this.batchCancelled; i++) {
        const study = studies[i];
        this.batch = { index: i + 1, count: studies.length };
        const got = await this.retrieve(study);
        if (this.batchCancelled) break;
        if (got?.note) out.notes.push(PacsState.retrieveNote(study, got.note));
        if (got?.files.length) out.retrieved.push({ study, result: got });
        else out.failed.push({ study, error: got ? 'no image in it could be retrieved' : (this.error ?? 'not retrieved') });
      }
    } finally {
      out.cancelled = this.batchCancelled;
      this.batch = null;
      this.error = null;
    }
    return out;
  }

  async cancel(): Promise<void> {
    if (this.batch) this.batchCancelled = true;
    if (this.tracked) await this.api.cancelJob(this.tracked.jobId);
  }

  async saveResult(studyId: string, outDir: string): Promise<DicomResultFiles | null> {
    this.error = null;
    this.busy = true;
    try {
      const r = await this.api.saveResultAsDicom(studyId, outDir);
      this.message = `Saved the SR and the Grad-CAM capture in ${outDir}${PacsState.saidOf(r.notes)}`;
      return r;
    } catch (err) {
      this.fail(err, 'Save result as DICOM');
      return null;
    } finally {
      this.busy = false;
    }
  }

  /** Worklist rows -> DICOM results in outDir (the engine's 'dicom-results' job); JPEG/PNG rows are counted as skipped. */
  /** `reader`: whose reads the SRs carry (the name under "Reading as"). */
  async saveRowsAsDicom(files: string[], outDir: string, modelId?: string, heldOut = 0, reader?: string): Promise<void> {
    this.error = null;
    this.message = null;
    this.savingRows = { done: 0, total: files.length };
    try {
      const job = await trackJob(this.api, 'dicom-results', () => this.api.startDicomResults({ files, outDir, ...(modelId ? { modelId } : {}), ...(reader ? { reader } : {}) }), {
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
      this.message = `Saved ${r.written} result(s) as DICOM in ${outDir}${r.skipped ? `; ${r.skipped} JPEG/PNG skipped (no DICOM study to attach to)` : ''}${heldOut ? `; ${heldOut} held-back row(s) left out` : ''}`;
      if (r.failed.length) this.error = `${r.failed.length} could not be saved: ${r.failed.slice(0, 3).map((f) => `${f.file}: ${f.error}`).join('; ')}`;
    } catch (err) {
      this.fail(err, 'Save results as DICOM');
    } finally {
      this.savingRows = null;
    }
  }

  /** Sends the open study's result to `nodeId`; `key` names the image, so a repeat is known as one. */
  async sendResult(studyId: string, nodeId: string | null, key: string, studyInstanceUid?: string): Promise<boolean> {
    if (!nodeId) {
      this.error = 'No PACS node: add one in the PACS tab first';
      return false;
    }
    this.error = null;
    this.busy = true;
    try {
      const r = await this.api.sendResultToPacs(studyId, nodeId);
      const sent: SentResult = { nodeId, nodeName: this.nodeName(nodeId) ?? r.node, at: new Date() };
      this.sent = { ...this.sent, [`${key}|${nodeId}`]: sent };
      // e.g. "sent uncompressed: … does not accept JPEG-LS", "PatientName … left empty".
      this.message = `Sent the SR and the Grad-CAM capture to ${sent.nodeName} at ${clockTime(sent.at)}${PacsState.saidOf(r.notes)}`;
      void this.loadHistory(studyInstanceUid);
      return true;
    } catch (err) {
      this.fail(err, 'Send result to PACS');
      return false;
    } finally {
      this.busy = false;
    }
  }
}

/**
 * A note that goes with a study opened from the PACS (a cached copy that could not be checked, images
 * that failed): shown over the viewer while one of its files is on screen, so it is seen where the
 * images are read, not on the PACS tab the app just left. Keyed by the study set that opened it.
 */
export class PacsOpenNotice {
  text = $state<string | null>(null);
  files = $state.raw<string[]>([]);

  show(text: string | null, files: string[]): void {
    this.text = text;
    this.files = text ? files : [];
  }

  dismiss(): void {
    this.show(null, []);
  }

  /** The note for the file on screen; null once another study is on screen. */
  forFile(file: string | undefined): string | null {
    return this.text && file && this.files.includes(file) ? this.text : null;
  }
}

const notices = new WeakMap<object, PacsOpenNotice>();

export function pacsOpenNoticeFor(sets: object): PacsOpenNotice {
  let n = notices.get(sets);
  if (!n) {
    n = new PacsOpenNotice();
    notices.set(sets, n);
  }
  return n;
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
