// The reader's own read of the study on screen (the engine keeps it by image content), and the
// "read first" choice: the model's answer waits until the reader has recorded theirs, so that the
// read is the reader's own (automation bias), as a blinded second read would be.
import { SvelteMap, SvelteSet } from 'svelte/reactivity';
import type { ReaderFinding, ReaderRead } from '../../../../src-main/api/contract';
import type { ApiClient } from '../api/create-api-client';
import { plainError } from './plain-error';

const READ_FIRST_KEY = 'alveo.readFirst';
const READER_KEY = 'alveo.readerName';

function stored(key: string): string {
  try {
    return localStorage.getItem(key) ?? '';
  } catch {
    return '';
  }
}

function storedReadFirst(): boolean {
  try {
    return localStorage.getItem(READ_FIRST_KEY) === '1';
  } catch {
    return false;
  }
}

export class ReaderReadState {
  studyId = $state<string | null>(null);
  read = $state.raw<ReaderRead | null>(null);
  /** The engine has said whether this study has a read. */
  loaded = $state(false);
  busy = $state(false);
  /** The read could not be read (a damaged or unreadable store): Read first then does not lock the reader out. */
  loadError = $state<string | null>(null);
  /** The read could not be recorded or cleared: said, and the answer stays hidden as before. */
  saveError = $state<string | null>(null);
  readFirst = $state(storedReadFirst());
  /** Who reads, as they want to be named (several readers on one login each keep their own reads); '' is the OS user. */
  readerName = $state(stored(READER_KEY));
  /** The findings read on the worklist's files (and on studies read since): rows show them, and Read first hides the others. */
  readonly findingsByFile = new SvelteMap<string, ReaderFinding>();
  /** Studies whose answer the reader has seen (a read recorded, even one cleared since): not hidden again. */
  private readonly answered = new SvelteSet<string>();
  private file: string | null = null;
  /** When the study on screen opened: a first read says how long it took. */
  private openedAt = 0;

  constructor(private readonly api: ApiClient) {}

  /**
   * The model's answer waits for the reader: read-first is on and no read is recorded for the study
   * on screen (nor known yet). A store that cannot be read does not lock the reader out of the answer.
   */
  get awaiting(): boolean {
    return this.readFirst && this.studyId !== null && !this.loadError && !this.answered.has(this.studyId) && (!this.loaded || this.read === null);
  }

  /** What to say under the read: a failed save first. */
  get error(): string | null {
    return this.saveError ?? this.loadError;
  }

  /** Whether an answer from the engine still belongs on screen: the same study, asked for by the same reader. */
  private current(studyId: string | null, reader: string | undefined): boolean {
    return this.studyId === studyId && this.reader === reader;
  }

  /** Another reader takes over: their own reads (of the study on screen and the worklist's rows) are read again. */
  setReaderName(name: string, worklistFiles: string[]): void {
    this.readerName = name.trim();
    try {
      localStorage.setItem(READER_KEY, this.readerName);
    } catch {
      // storage unavailable: the name lasts for this session only
    }
    this.findingsByFile.clear();
    // What the last reader saw is not this one's to see.
    this.answered.clear();
    if (this.studyId && this.file) void this.load(this.studyId, this.file);
    if (worklistFiles.length) void this.loadFiles(worklistFiles);
  }

  private get reader(): string | undefined {
    return this.readerName || undefined;
  }

  setReadFirst(on: boolean): void {
    this.readFirst = on;
    try {
      localStorage.setItem(READ_FIRST_KEY, on ? '1' : '0');
    } catch {
      // storage unavailable: the choice lasts for this session only
    }
  }

  /** The reads on a worklist's files (a new run, a reload): what its rows show and hide. */
  async loadFiles(files: string[]): Promise<void> {
    const reader = this.reader;
    try {
      const reads = await this.api.listReads(files, reader);
      // Asked for a reader who has handed over since: not theirs to show.
      if (this.reader !== reader) return;
      const found = new Map(reads.map((r) => [r.file, r.finding]));
      for (const f of files) {
        const finding = found.get(f);
        if (finding) this.findingsByFile.set(f, finding);
        else this.findingsByFile.delete(f);
      }
    } catch {
      // An older engine, or a damaged store (said when a study opens): the rows stay as they are.
    }
  }

  async load(studyId: string, file: string): Promise<void> {
    this.openedAt = performance.now();
    this.studyId = studyId;
    this.file = file;
    this.read = null;
    this.loaded = false;
    this.loadError = null;
    this.saveError = null;
    const reader = this.reader;
    try {
      const read = await this.api.getRead(studyId, reader);
      if (!this.current(studyId, reader)) return;
      this.read = read;
      if (read) this.findingsByFile.set(file, read.finding);
      this.loaded = true;
    } catch (err) {
      if (!this.current(studyId, reader)) return;
      this.loadError = plainError(err).detail;
      this.loaded = true;
    }
  }

  /** `afterAi`: the model's answer was on screen as the reader chose. */
  async record(finding: ReaderFinding, note: string, afterAi: boolean): Promise<void> {
    const studyId = this.studyId;
    const reader = this.reader;
    if (!studyId) return;
    this.busy = true;
    this.saveError = null;
    try {
      const readingMs = this.read ? undefined : Math.min(86_400_000, Math.round(performance.now() - this.openedAt));
      const read = await this.api.recordRead(studyId, { finding, note, afterAi, ...(reader ? { reader } : {}), ...(readingMs !== undefined ? { readingMs } : {}) });
      if (this.reader !== reader) return;
      this.findingsByFile.set(read.file, read.finding);
      this.answered.add(studyId);
      if (this.studyId === studyId) this.read = read;
    } catch (err) {
      if (this.current(studyId, reader)) this.saveError = plainError(err).detail;
    } finally {
      this.busy = false;
    }
  }

  async clear(): Promise<void> {
    const studyId = this.studyId;
    const file = this.file;
    const reader = this.reader;
    if (!studyId) return;
    this.busy = true;
    this.saveError = null;
    try {
      await this.api.clearRead(studyId, reader);
      if (this.reader !== reader) return;
      if (file) this.findingsByFile.delete(file);
      if (this.studyId === studyId) this.read = null;
    } catch (err) {
      if (this.current(studyId, reader)) this.saveError = plainError(err).detail;
    } finally {
      this.busy = false;
    }
  }
}
