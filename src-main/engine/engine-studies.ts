// Open studies by id. The decoded Study stays in the engine (the renderer gets plain data views
// of it); the least recently used ones are dropped when too many are open.
import { randomUUID } from 'node:crypto';
import type { StudyInfo } from '../api/contract';
import { AlveoError } from '../api/errors';
import { Lru } from './engine-lru';
import { loadStudy } from './studies/load-study';
import type { Study } from './studies/study';

export class OpenStudies {
  private readonly studies: Lru<string, Study>;

  constructor(capacity: number, onClose: (studyId: string) => void) {
    this.studies = new Lru(capacity, (id) => onClose(id));
  }

  async open(file: string): Promise<{ studyId: string; study: Study }> {
    const study = await loadStudy(file);
    const studyId = randomUUID();
    this.studies.set(studyId, study);
    return { studyId, study };
  }

  get(studyId: string): Study {
    const study = this.studies.get(studyId);
    if (!study) throw new AlveoError('NOT_FOUND', `study ${studyId} is not open (it was closed, or dropped after too many others were opened)`);
    return study;
  }

  close(studyId: string): boolean {
    return this.studies.delete(studyId);
  }
}

export function studyInfo(studyId: string, s: Study): StudyInfo {
  return {
    studyId,
    file: s.file,
    format: s.format,
    rows: s.rows,
    columns: s.columns,
    frames: s.frames,
    minValue: s.minValue,
    maxValue: s.maxValue,
    window: { ...s.window },
    windowSource: s.windowSource,
    display: structuredClone(s.display),
    invert: s.invert,
    photometricInterpretation: s.photometricInterpretation,
    transferSyntaxUid: s.transferSyntaxUid,
    attributes: { ...s.attributes },
    notes: [...s.notes],
  };
}
