// PacsHistory.recordSent as one exported call answering plain JSON, so a permission test can run it
// in a child process as an ordinary user (tests/cli/support/unprivileged.ts): root reads any file.
import { AlveoError } from '../../../../src-main/api/errors';
import { PacsHistory, type StoredSent } from '../../../../src-main/engine/pacs/pacs-history';

export type RecordSentAnswer = { notices: string[] } | { error: { name: string; code?: string; message: string; file?: string } };

export async function recordSentAnswer(userDir: string, record: StoredSent): Promise<RecordSentAnswer> {
  try {
    return { notices: await new PacsHistory(userDir).recordSent(record) };
  } catch (err) {
    const e = err instanceof Error ? err : new Error(String(err));
    return { error: { name: e.name, message: e.message, ...(err instanceof AlveoError ? { code: err.code, file: err.file } : {}) } };
  }
}
