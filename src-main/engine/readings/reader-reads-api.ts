// ReaderReadsApi over the open studies: a read is stored by the image's content, with who recorded
// it, when, whether the AI's answer was on screen, and the model's answer for the same image then.
import type { Prediction } from '../../api/inference';
import { heldBack } from '../../api/held-back';
import type { ReaderRead, ReaderReadInput, ReaderReadsApi } from '../../api/reader-reads';
import { Lru } from '../engine-lru';
import { sha256File } from '../inference/result-cache';
import { osUserName } from '../os-user';
import type { Study } from '../studies/study';
import { ReaderReadStore, type StoredRead } from './reader-read-store';

export interface ReaderReadsDeps {
  userDir: string;
  study(studyId: string): Study;
  predict(studyId: string): Promise<Prediction>;
  /** Who records; the OS user by default. */
  reader?: () => string;
}

export interface ReaderReads extends ReaderReadsApi {
  store: ReaderReadStore;
}

/** The stored record without its key: what the API answers. */
function plain(r: StoredRead): ReaderRead {
  const { key: _key, ...read } = r;
  return read;
}

export function createReaderReads(deps: ReaderReadsDeps): ReaderReads {
  const store = new ReaderReadStore(deps.userDir);
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
      // The model's answer as the reader had (or would have had) it; an image the model cannot read still takes a read.
      const p = await deps.predict(studyId).catch(() => null);
      const note = input.note?.trim();
      const read: StoredRead = {
        key,
        finding: input.finding,
        ...(note ? { note } : {}),
        afterAi: input.afterAi,
        reader: (deps.reader ?? osUserName)(),
        at: new Date().toISOString(),
        file: study.file,
        ...(study.attributes.SOPInstanceUID ? { sopInstanceUid: study.attributes.SOPInstanceUID } : {}),
        ...(study.attributes.StudyInstanceUID ? { studyInstanceUid: study.attributes.StudyInstanceUID } : {}),
        ...(p ? { ai: { label: p.label, probability: p.probability, threshold: p.threshold, model: p.model, heldBack: heldBack(p) } } : {}),
      };
      await store.put(read);
      return plain(read);
    },
    async getRead(studyId: string): Promise<ReaderRead | null> {
      const found = await store.get(await keyOf(studyId));
      return found ? plain(found) : null;
    },
    async clearRead(studyId: string): Promise<void> {
      await store.delete(await keyOf(studyId));
    },
    async listReads(files: string[]): Promise<ReaderRead[]> {
      const wanted = new Set(files);
      return (await store.all()).filter((r) => wanted.has(r.file)).map(plain);
    },
  };
}
