// "Read first" in the worklist: a row whose image has no read of the reader's yet shows no score
// and no label, and neither its place in a sort by score nor a filter by label gives them away
// (the row sorts and filters as a row without an answer). Recording a read reveals that row only.
import type { ReaderFinding, ScoreRow } from '../../../../src-main/api/contract';

export interface WorklistRowShown extends ScoreRow {
  /** Read first is on and the reader has not read this image yet: its answer is withheld here. */
  hiddenUntilRead?: true;
  /** The reader's own read of this image, when recorded. */
  read?: ReaderFinding;
}

export function blindRows(rows: readonly ScoreRow[], readFirst: boolean, reads: ReadonlyMap<string, ReaderFinding>): WorklistRowShown[] {
  if (!readFirst && reads.size === 0) return rows as WorklistRowShown[];
  return rows.map((r) => {
    const read = reads.get(r.file);
    if (read) return { ...r, read };
    // A failed row has no answer to hide.
    if (!readFirst || r.error !== null) return r;
    return { ...r, probability: null, label: null, hiddenUntilRead: true };
  });
}
