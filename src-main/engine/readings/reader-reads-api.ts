// ReaderReadsApi over the open studies: a read is stored by reader and image content, with when,
// whether the model's answer was on screen, and the model's answer for the same image then. What
// the answer's being seen means is the engine's to keep, not the screen's: once an image has a read
// (even one withdrawn since) its answer has been shown, so any later finding is "after", and the
// first finding stays on record beside it. A note changed alone changes only the note.
import type { Prediction } from '../../api/inference';
import { heldBack } from '../../api/held-back';
import type { ReaderRead, ReaderReadInput, ReaderReadsApi } from '../../api/reader-reads';
import { Lru } from '../engine-lru';
import { sha256File } from '../inference/result-cache';
import { osUserName } from '../user-folder/os-user';
import type { Study } from '../studies/study';
import { ReaderReadStore, type StoredRead } from './reader-read-store';

export interface ReaderReadsDeps {
  userDir: string;
  study(studyId: string): Study;
  predict(studyId: string): Promise<Prediction>;
  /** Who records when no name is given; the OS user by default. */
  reader?: () => string;
}

export interface ReaderReads extends ReaderReadsApi {
  store: ReaderReadStore;
  /** The read of whoever last read this study on screen ("Save result as DICOM" names no reader). */
  readOnScreen(studyId: string): Promise<ReaderRead | null>;
}

/** The stored record as the API answers it: without its key or withdrawn marker. */
function plain(r: StoredRead): ReaderRead {
  const { key: _key, withdrawn: _withdrawn, ...read } = r;
  return read;
}

export function createReaderReads(deps: ReaderReadsDeps): ReaderReads {
  const store = new ReaderReadStore(deps.userDir);
  // Who reads each open study, as last named for it: "Save result as DICOM" (which names no
  // reader) carries the read of whoever is reading that study on screen.
  const readers = new Lru<string, string>(64);
  const readerOf = (studyId: string, given?: string): string => {
    const who = given?.trim() || (deps.reader ?? osUserName)();
    readers.set(studyId, who);
    return who;
  };
  // The content hash of each open study's file, worked out once (a 30 MB DICOM takes ~0.1 s).
  const keys = new Lru<string, Promise<string>>(64);
  const keyOf = (studyId: string): Promise<string> => {
    const study = deps.study(studyId); // throws NOT_FOUND for a study that is not open
    let key = keys.get(studyId);
    if (!key) {
      key = sha256File(study.file).then((sha) => `${sha}:${study.frame}`);
      keys.set(studyId, key);
      key.catch(() => keys.delete(studyId));
    }
    return key;
  };

  return {
    store,
    async recordRead(studyId: string, input: ReaderReadInput): Promise<ReaderRead> {
      const study = deps.study(studyId);
      const key = await keyOf(studyId);
      const reader = readerOf(studyId, input.reader);
      // The model's answer as the reader had (or would have had) it; an image the model cannot read still takes a read.
      const p = await deps.predict(studyId).catch(() => null);
      const note = input.note?.trim();
      const now = new Date().toISOString();
      const saved = await store.update(key, reader, (existing) => {
        if (existing && !existing.withdrawn && existing.finding === input.finding) {
          // The same finding again ("Save note"): the note only; when and how it was read stay.
          const { note: _old, ...rest } = existing;
          // The path as opened now: the worklist finds reads by the path its rows hold.
          return { ...rest, file: study.file, ...(note ? { note } : {}) };
        }
        const first = existing ? (existing.first ?? { finding: existing.finding, at: existing.at, afterAi: existing.afterAi }) : undefined;
        // The time to the first finding only: a change later is not a read's length.
        const readingMs = existing ? existing.readingMs : input.readingMs;
        return {
          key,
          reader,
          finding: input.finding,
          ...(note ? { note } : {}),
          // Once read, the image's answer has been shown (read first reveals it on recording).
          afterAi: existing ? true : input.afterAi,
          at: now,
          ...(first ? { first } : {}),
          ...(readingMs !== undefined ? { readingMs: Math.round(readingMs) } : {}),
          file: study.file,
          image: key.slice(0, 16) + key.slice(key.indexOf(':')),
          ...(study.attributes.SOPInstanceUID ? { sopInstanceUid: study.attributes.SOPInstanceUID } : {}),
          ...(study.attributes.StudyInstanceUID ? { studyInstanceUid: study.attributes.StudyInstanceUID } : {}),
          ...(p ? { ai: { label: p.label, probability: p.probability, threshold: p.threshold, model: p.model, heldBack: heldBack(p) } } : {}),
        };
      });
      return plain(saved);
    },
    async readOnScreen(studyId: string): Promise<ReaderRead | null> {
      const found = await store.get(await keyOf(studyId), readers.get(studyId) ?? (deps.reader ?? osUserName)());
      return found && !found.withdrawn ? plain(found) : null;
    },
    async getRead(studyId: string, reader?: string): Promise<ReaderRead | null> {
      const found = await store.get(await keyOf(studyId), readerOf(studyId, reader));
      return found && !found.withdrawn ? plain(found) : null;
    },
    async clearRead(studyId: string, reader?: string): Promise<void> {
      const key = await keyOf(studyId);
      const who = readerOf(studyId, reader);
      if (!(await store.get(key, who))) return;
      await store.update(key, who, (existing) => ({ ...(existing as StoredRead), withdrawn: new Date().toISOString() }));
    },
    async listReads(files: string[], reader?: string): Promise<ReaderRead[]> {
      const wanted = new Set(files);
      const who = reader?.trim() || (deps.reader ?? osUserName)();
      return (await store.all()).filter((r) => r.reader === who && !r.withdrawn && wanted.has(r.file)).map(plain);
    },
  };
}
