// The open study set (issue 7): a folder, several files or a DICOMDIR, grouped by the engine into
// studies and series. Its images, in reading order, are what the thumbnail strip shows and the
// arrow keys move through; each image opens in the viewer with its own prediction and Grad-CAM.
// The study on screen gets a summary: the highest probability among its frontal images. Files the
// open left out (not images, damaged) are named in a note; a failed open changes nothing on screen.
import { SvelteMap } from 'svelte/reactivity';
import type { StudySet, StudySetImage, StudySetStudy, StudySummary } from '../../../../src-main/api/contract';
import type { ApiClient } from '../api/create-api-client';
import { filesNotShown, type FilesNotShown } from './files-not-shown';
import { newestStudy } from './newest-study';
import { plainError } from './plain-error';
import { ThumbnailCache } from './thumbnail-cache.svelte';

export type SummarySlot = StudySummary | 'loading' | { error: string };

export interface StripImage extends StudySetImage {
  /** Index of its study in the set, and its place in that study (1-based, for "image 2 of 3"). */
  study: number;
  position: number;
}

/** What the study set needs from the app (kept structural: app-state imports this module). */
export interface StudySetHost {
  readonly api: ApiClient;
  readonly study: { readonly opening: string | null; readonly info: { readonly file: string } | null; readonly error: unknown };
  readonly ai: { readonly predicting: boolean };
  open(file: string): Promise<void>;
}

export class StudySetState {
  set = $state.raw<StudySet | null>(null);
  images = $state.raw<StripImage[]>([]);
  loading = $state(false);
  /** Why the last open showed nothing, beyond the viewer's own error (which names one file). */
  error = $state<string | null>(null);
  /** Files the open set left out, with why; null when none, or once dismissed. */
  notShown = $state.raw<FilesNotShown | null>(null);
  readonly summaries = new SvelteMap<string, SummarySlot>();
  readonly thumbnails: ThumbnailCache;
  private seq = 0;

  constructor(private readonly app: StudySetHost) {
    this.thumbnails = new ThumbnailCache(app.api);
  }

  /** Where the image on screen sits in the set; -1 when the viewer shows something else. */
  get index(): number {
    const file = this.app.study.opening ?? this.app.study.info?.file;
    return file ? this.images.findIndex((i) => i.file === file) : -1;
  }

  /** The strip shows while the viewer shows one of the set's images and there is more than one. */
  get visible(): boolean {
    return this.images.length > 1 && this.index >= 0;
  }

  /** The note belongs to the set: it shows while the viewer shows one of the set's images. */
  get note(): FilesNotShown | null {
    return this.index >= 0 ? this.notShown : null;
  }

  /** The index of the set's most recent dated study; -1 when none is dated. */
  get newest(): number {
    return this.set ? newestStudy(this.set.studies) : -1;
  }

  get study(): StudySetStudy | null {
    const i = this.images[this.index];
    return i && this.set ? this.set.studies[i.study] : null;
  }

  /** Opens whatever the user chose: one image as before, or a set when there is more than one. */
  async open(paths: string[]): Promise<void> {
    const seq = ++this.seq;
    this.loading = true;
    this.error = null;
    let set: StudySet;
    try {
      set = await this.app.api.openStudySet(paths);
    } catch (err) {
      if (seq === this.seq) this.loading = false;
      // The viewer says in plain words why a single path cannot be opened.
      if (paths.length === 1) return this.app.open(paths[0]);
      this.error = plainError(err, 'Could not open these files').detail;
      return;
    }
    if (seq !== this.seq) return;
    this.loading = false;
    const images = set.studies.flatMap((st, s) => {
      const all = st.series.flatMap((se) => se.images);
      return all.map((im, k) => ({ ...im, study: s, position: k + 1 }));
    });
    const notShown = filesNotShown(set);
    if (images.length > 1) {
      this.replace(set, images, notShown);
      // The newest study first, as a reading station opens: priors are a step back (the strip keeps
      // the engine's order, oldest first, and marks them).
      await this.go(Math.max(0, images.findIndex((im) => im.study === this.newest)));
      return;
    }
    // One image, or none readable: the plain viewer path, which also reports errors. The set on
    // screen is replaced only once the file has opened, so a failed open leaves everything as it was.
    const file = images[0]?.file ?? set.errors[0]?.file ?? paths[0];
    await this.app.open(file);
    if (seq !== this.seq) return;
    if (!this.app.study.error && this.app.study.info?.file === file) this.replace(set, images, notShown);
    // The viewer's error names one file; when others failed with it, they are listed too.
    else if (notShown?.files.some((f) => f.file !== file)) this.error = `Nothing could be opened: ${notShown.list}`;
  }

  private replace(set: StudySet, images: StripImage[], notShown: FilesNotShown | null): void {
    this.thumbnails.clear();
    this.summaries.clear();
    this.set = set;
    this.images = images;
    this.notShown = notShown;
  }

  async go(i: number): Promise<void> {
    const image = this.images[Math.max(0, Math.min(this.images.length - 1, i))];
    if (!image) return;
    await this.app.open(image.file);
    void this.summarize(image.study);
  }

  /** Arrow keys: the previous or next image; false when there is no set to move through. */
  step(delta: number): boolean {
    if (!this.visible) return false;
    const next = this.index + delta;
    if (next >= 0 && next < this.images.length) void this.go(next);
    return true;
  }

  summaryFor(study: number): SummarySlot | undefined {
    const uid = this.set?.studies[study]?.studyUid;
    return uid ? this.summaries.get(uid) : undefined;
  }

  private async summarize(study: number): Promise<void> {
    const st = this.set?.studies[study];
    if (!st || this.summaries.has(st.studyUid)) return;
    this.summaries.set(st.studyUid, 'loading');
    // The image on screen is read first; the rest of its study follows.
    for (let waited = 0; this.app.ai.predicting && waited < 120_000; waited += 100) await new Promise((r) => setTimeout(r, 100));
    try {
      const summary = await this.app.api.summarizeStudy(st.series.flatMap((se) => se.images.map((im) => im.file)));
      this.summaries.set(st.studyUid, summary);
    } catch (err) {
      this.summaries.set(st.studyUid, { error: plainError(err, 'No study summary').detail });
    }
  }

  dismissNote(): void {
    this.notShown = null;
  }

  dismissError(): void {
    this.error = null;
  }
}

const instances = new WeakMap<StudySetHost, StudySetState>();

/** The app's one study set (created on first use). */
export function studySetStateFor(app: StudySetHost): StudySetState {
  let s = instances.get(app);
  if (!s) {
    s = new StudySetState(app);
    instances.set(app, s);
  }
  return s;
}
