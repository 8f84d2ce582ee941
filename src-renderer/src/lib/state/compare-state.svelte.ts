// The second viewport: another image of the open study set (the other view of the same study, or
// a prior of the same patient), with its own AI reading. The engine decodes it like any study.
import type { ApiClient } from '../api/create-api-client';
import { AiState } from './ai-state.svelte';
import { plainError } from './plain-error';
import type { OpenedStudy } from './study-state.svelte';

export class CompareState {
  current = $state.raw<OpenedStudy | null>(null);
  opening = $state<string | null>(null);
  error = $state<string | null>(null);
  readonly ai: AiState;
  private seq = 0;

  constructor(private readonly api: ApiClient) {
    this.ai = new AiState(api);
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

  async close(): Promise<void> {
    ++this.seq;
    const previous = this.current;
    this.current = null;
    this.ai.clear();
    if (previous) await this.api.closeStudy(previous.info.studyId).catch(() => undefined);
  }
}

const instances = new WeakMap<object, CompareState>();

/** The app's one second viewport (created on first use, like the study set). */
export function compareStateFor(app: { readonly api: ApiClient }): CompareState {
  let s = instances.get(app);
  if (!s) instances.set(app, (s = new CompareState(app.api)));
  return s;
}
