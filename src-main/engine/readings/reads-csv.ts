// The reads as CSV, one row per image read: what the reader said, when and how, and the model's
// answer for the same image then. Cells through csvLine (spreadsheet formulas neutralised).
import type { ReaderRead } from '../../api/reader-reads';
import { csvLine, UTF8_BOM } from '../csv-cell';
import { readerAgrees } from '../pacs/result-facts';

export const READS_CSV_COLUMNS = ['file', 'sop_instance_uid', 'study_instance_uid', 'finding', 'note', 'reader', 'at', 'after_ai', 'model', 'model_score', 'model_label', 'threshold', 'held_back', 'agrees'] as const;

export function readsCsv(reads: readonly ReaderRead[], opts: { bom?: boolean } = {}): string {
  const rows = reads.map((r) => {
    const agrees = r.ai ? readerAgrees(r, r.ai) : null;
    return [
      r.file,
      r.sopInstanceUid ?? '',
      r.studyInstanceUid ?? '',
      r.finding,
      r.note ?? '',
      r.reader,
      r.at,
      String(r.afterAi),
      r.ai?.model ?? '',
      r.ai ? r.ai.probability.toFixed(6) : '',
      r.ai?.label ?? '',
      r.ai ? String(r.ai.threshold) : '',
      r.ai ? String(r.ai.heldBack) : '',
      agrees === null ? '' : String(agrees),
    ];
  });
  return (opts.bom ? UTF8_BOM : '') + [READS_CSV_COLUMNS, ...rows].map((r) => csvLine(r)).join('\n') + '\n';
}
