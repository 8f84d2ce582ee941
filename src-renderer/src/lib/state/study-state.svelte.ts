// The study on screen: its description, its pixels (kept raw: never deep-proxied) and its tags.
import type { DicomTag, StudyImage, StudyInfo } from '../../../../src-main/api/contract';
import type { ApiClient } from '../api/create-api-client';
import { plainError, type PlainError } from './plain-error';

export interface OpenedStudy {
  info: StudyInfo;
  image: StudyImage;
}

export class StudyState {
  current = $state.raw<OpenedStudy | null>(null);
  opening = $state<string | null>(null);
  error = $state<(PlainError & { file: string }) | null>(null);
  tags = $state.raw<DicomTag[] | null>(null);
  tagsError = $state<string | null>(null);
  private seq = 0;

  constructor(private readonly api: ApiClient) {}

  get info(): StudyInfo | null {
    return this.current?.info ?? null;
  }

  /** Opens a file (frame: 0-based, of a multi-frame DICOM); the previous study stays on screen until the new one is ready, then is closed. */
  async open(file: string, frame = 0): Promise<OpenedStudy | null> {
    const seq = ++this.seq;
    this.opening = file;
    this.error = null;
    try {
      const info = await this.api.openStudy(file, frame ? { frame } : undefined);
      const image = await this.api.getStudyImage(info.studyId);
      if (seq !== this.seq) {
        void this.api.closeStudy(info.studyId).catch(() => undefined);
        return null;
      }
      const previous = this.current;
      this.current = { info, image };
      this.tags = null;
      this.tagsError = null;
      if (previous && previous.info.studyId !== info.studyId) {
        void this.api.closeStudy(previous.info.studyId).catch(() => undefined);
      }
      return this.current;
    } catch (err) {
      if (seq === this.seq) this.error = { ...plainError(err, 'Could not open the file'), file };
      return null;
    } finally {
      if (seq === this.seq) this.opening = null;
    }
  }

  async close(): Promise<void> {
    const previous = this.current;
    this.current = null;
    this.tags = null;
    if (previous) await this.api.closeStudy(previous.info.studyId).catch(() => undefined);
  }

  async loadTags(): Promise<void> {
    const info = this.info;
    if (!info || this.tags) return;
    try {
      const tags = await this.api.getStudyTags(info.studyId);
      if (this.info?.studyId === info.studyId) this.tags = tags;
    } catch (err) {
      this.tagsError = plainError(err).detail;
    }
  }

  dismissError(): void {
    this.error = null;
  }
}
