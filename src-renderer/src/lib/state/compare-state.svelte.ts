// The second viewport: another image of the open study set (the other view of the same study, or
// a prior of the same patient), with its own AI reading. The engine decodes it like any study.
import type { ApiClient } from '../api/create-api-client';
import { AiState } from './ai-state.svelte';
import { plainError } from './plain-error';
import type { StripImage } from './study-set-state.svelte';
import type { OpenedStudy } from './study-state.svelte';

export interface CompareCandidate {
  file: string;
  label: string;
  relation: 'same study' | 'prior' | 'other';
}

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

/**
 * Images of the open set worth showing beside `file`: the other views of its study first, then
 * the same patient's other studies (priors), then the rest. The first is the default choice.
 */
export function compareCandidates(images: StripImage[], file: string | undefined, dates: string[]): CompareCandidate[] {
  const here = images.find((i) => i.file === file);
  if (!here) return images.filter((i) => i.file !== file).map((i) => ({ file: i.file, label: describe(i, dates), relation: 'other' }));
  const patient = here.attributes.PatientID;
  const rank = (i: StripImage) => (i.study === here.study ? 0 : patient && i.attributes.PatientID === patient ? 1 : 2);
  return images
    .filter((i) => i.file !== file)
    .map((i) => ({ i, r: rank(i) }))
    // Within the same study a different view (lateral beside frontal) comes before a repeat.
    .sort((a, b) => a.r - b.r || Number(b.i.lateral !== here.lateral) - Number(a.i.lateral !== here.lateral))
    .map(({ i, r }) => ({ file: i.file, label: describe(i, dates), relation: r === 0 ? 'same study' : r === 1 ? 'prior' : 'other' }));
}

function describe(i: StripImage, dates: string[]): string {
  const date = dates[i.study] ? `${dates[i.study].slice(0, 4)}-${dates[i.study].slice(4, 6)}-${dates[i.study].slice(6, 8)}` : '';
  const name = i.file.split(/[\\/]/).pop() ?? i.file;
  return [i.viewPosition || (i.lateral ? 'lateral' : ''), date, name].filter(Boolean).join(' · ');
}

const instances = new WeakMap<object, CompareState>();

/** The app's one second viewport (created on first use, like the study set). */
export function compareStateFor(app: { readonly api: ApiClient }): CompareState {
  let s = instances.get(app);
  if (!s) instances.set(app, (s = new CompareState(app.api)));
  return s;
}
