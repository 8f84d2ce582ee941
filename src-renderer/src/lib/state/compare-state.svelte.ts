// The second viewport: another image of the open study set (the other view of the same study, or
// a prior of the same patient), with its own AI reading. The engine decodes it like any study.
// It remembers for which image on screen the user chose what it shows: a choice holds only beside
// that image, so moving on to another patient never carries the last patient's film along.
import { untrack } from 'svelte';
import { SvelteMap } from 'svelte/reactivity';
import type { ApiClient } from '../api/create-api-client';
import { AiState } from './ai-state.svelte';
import { plainError } from './plain-error';
import type { ReaderReadState } from './reader-read-state.svelte';
import type { OpenedStudy } from './study-state.svelte';

/** Headers kept for the compare list: more than the recent files, a study set's and a day's worklist need. */
const KNOWN_MAX = 2000;

export class CompareState {
  current = $state.raw<OpenedStudy | null>(null);
  opening = $state<string | null>(null);
  error = $state<string | null>(null);
  /** The image on screen (its file) for which the user chose what this pane shows; null when it was filled unasked. */
  chosenFor = $state<string | null>(null);
  /**
   * The image on screen the pane was last filled for unasked, and the files filled in beside it:
   * each at most once, so one the pane empties itself of (another patient's after all) stays out.
   */
  filledFor = $state<string | null>(null);
  filled = $state.raw<readonly string[]>([]);
  /** Headers of the images opened here this session, so a recent file's patient is known when offered again. */
  readonly known = new SvelteMap<string, Readonly<Record<string, string>>>();

  /** Remembers a header, the latest last; only the most recent KNOWN_MAX (a session has no end: review 40 F2). */
  remember(file: string, attributes: Readonly<Record<string, string>>): void {
    // Called from effects: reading the map here must not make them depend on it (they write it).
    untrack(() => {
      if (this.known.get(file) === attributes) return;
      this.known.delete(file);
      this.known.set(file, attributes);
      for (const old of this.known.keys()) {
        if (this.known.size <= KNOWN_MAX) break;
        this.known.delete(old);
      }
    });
  }
  readonly ai: AiState;
  private seq = 0;

  /** `reads`: with Read first on, this pane's answer too waits until its image has the reader's read (another view of the same study would give it away). */
  constructor(
    private readonly api: ApiClient,
    reads?: ReaderReadState,
  ) {
    this.ai = new AiState(api, () => Boolean(reads?.readFirst && this.current && !reads.findingsByFile.has(this.current.info.file)));
  }

  /** The user's own choice beside the image `main`: it stays until the image on screen changes. */
  choose(file: string, main: string | null): Promise<void> {
    this.chosenFor = main;
    return this.open(file);
  }

  /** Filled unasked beside `main` (only ever with the same patient's image). */
  fill(file: string, main: string): Promise<void> {
    this.chosenFor = null;
    this.filled = this.filledFor === main ? [...this.filled, file] : [file];
    this.filledFor = main;
    return this.open(file);
  }

  /** Forgets what was filled in unasked (the image on screen is another one now). */
  forgetFilled(): void {
    this.filledFor = null;
    this.filled = [];
  }

  async open(file: string): Promise<void> {
    const seq = ++this.seq;
    this.opening = file;
    this.error = null;
    try {
      const info = await this.api.openStudy(file);
      const image = await this.api.getStudyImage(info.studyId);
      if (seq !== this.seq) return void this.api.closeStudy(info.studyId).catch(() => undefined);
      const previous = this.current;
      this.remember(info.file, info.attributes);
      this.current = { info, image };
      if (previous) {
        this.ai.forget(previous.info.studyId);
        void this.api.closeStudy(previous.info.studyId).catch(() => undefined);
      }
      void this.ai.read(info);
    } catch (err) {
      if (seq === this.seq) this.error = plainError(err, 'Could not open the image').detail;
    } finally {
      if (seq === this.seq) this.opening = null;
    }
  }

  /**
   * Empties the pane. `forget` (the comparison turned off, or another image on screen): what was
   * filled in unasked is forgotten, so C again fills it afresh; without it (the pane emptying itself
   * of an image that does not belong beside the same image on screen) it is remembered, and not
   * filled in again.
   */
  async close(forget = true): Promise<void> {
    ++this.seq;
    this.opening = null;
    this.error = null;
    this.chosenFor = null;
    if (forget) this.forgetFilled();
    const previous = this.current;
    this.current = null;
    this.ai.clear();
    if (previous) await this.api.closeStudy(previous.info.studyId).catch(() => undefined);
  }
}

const instances = new WeakMap<object, CompareState>();

/** The app's one second viewport (created on first use, like the study set). */
export function compareStateFor(app: { readonly api: ApiClient; readonly readerRead?: ReaderReadState }): CompareState {
  let s = instances.get(app);
  if (!s) instances.set(app, (s = new CompareState(app.api, app.readerRead)));
  return s;
}
