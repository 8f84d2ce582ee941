// Everything the app shows, in one place the components share.
import type { ApiClient } from '../api/create-api-client';
import type { HostCapabilities } from '../api/connect';
import type { EngineInfo } from '../../../../src-main/api/contract';
import { AiState } from './ai-state.svelte';
import { ReaderReadState } from './reader-read-state.svelte';
import { studySetStateFor } from './study-set-state.svelte';
import { StudyState } from './study-state.svelte';
import { ViewerState } from './viewer-state.svelte';

const RECENT_KEY = 'alveo.recent';

export class AppState {
  readonly study: StudyState;
  readonly ai: AiState;
  /** The reader's own read of the study on screen; with read-first on, the AI's answer waits for it. */
  readonly readerRead: ReaderReadState;
  readonly viewer = new ViewerState();
  engine = $state<EngineInfo | null>(null);
  /** The first engine check has answered (until then the status bar says it is starting, not unreachable). */
  engineChecked = $state(false);
  /** Why a line of the audit trail could not be written (the action stood): said in the status bar until the app restarts. */
  auditProblem = $state<string | null>(null);
  recent = $state<string[]>(readRecent());

  constructor(
    readonly api: ApiClient,
    readonly host: HostCapabilities,
  ) {
    this.study = new StudyState(api);
    this.readerRead = new ReaderReadState(api);
    this.ai = new AiState(api, () => this.readerRead.awaiting);
  }

  async start(): Promise<void> {
    this.api.onEvent((e) => {
      // Several files (dialog, drop, command line) open as a study set.
      if (e.type === 'host:open-files' && e.files[0]) void studySetStateFor(this).open(e.files);
      if (e.type === 'audit:problem') this.auditProblem = e.message;
    });
    try {
      this.engine = await this.api.getInfo();
      this.auditProblem ??= this.engine.auditProblem ?? null;
    } catch {
      this.engine = null;
    } finally {
      this.engineChecked = true;
    }
    await this.ai.refreshModels();
  }

  async open(file: string, frame = 0): Promise<void> {
    const previous = this.study.info?.studyId;
    const opened = await this.study.open(file, frame);
    if (!opened) return;
    if (previous && previous !== opened.info.studyId) this.ai.forget(previous);
    this.remember(file);
    void this.readerRead.load(opened.info.studyId, opened.info.file);
    void this.ai.read(opened.info);
  }

  async openWithDialog(): Promise<void> {
    const files = (await this.host.openFileDialog?.()) ?? [];
    if (files[0]) await studySetStateFor(this).open(files);
  }

  private remember(file: string): void {
    this.recent = [file, ...this.recent.filter((f) => f !== file)].slice(0, 10);
    try {
      localStorage.setItem(RECENT_KEY, JSON.stringify(this.recent));
    } catch {
      // Storage unavailable (private mode): recents last for this session only.
    }
  }
}

function readRecent(): string[] {
  try {
    const v = JSON.parse(localStorage.getItem(RECENT_KEY) ?? '[]') as unknown;
    return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string').slice(0, 10) : [];
  } catch {
    return [];
  }
}
