// The reads as CSV, one row per reader and image: what the reader says, when and how, the first
// finding when they changed it since, and the model's answer for the same image then; `image` is
// the image's content key (a JPEG moved or renamed keeps it). Cells through csvText (spreadsheet
// formulas neutralised; the style's delimiter, and its decimal sign in the number columns).
import type { CsvStyle } from '../../api/csv-style';
import type { ReaderRead } from '../../api/reader-reads';
import { csvStyleOf, csvText } from '../text/csv-cell';
import { readerAgrees } from '../../api/reader-reads';

export const READS_CSV_COLUMNS = [
  'file',
  'image',
  'sop_instance_uid',
  'study_instance_uid',
  'reader',
  'finding',
  'note',
  'at',
  'after_ai',
  'first_finding',
  'first_at',
  'first_after_ai',
  'reading_seconds',
  'model',
  'model_score',
  'model_label',
  'threshold',
  'held_back',
  'agrees',
] as const;

/** The columns holding numbers with a fraction (written with a decimal comma in that style). */
export const READS_CSV_NUMERIC: ReadonlySet<string> = new Set(['reading_seconds', 'model_score', 'threshold']);

/** `bom`: the style 'excel' when no style is given. */
export function readsCsv(reads: readonly ReaderRead[], opts: { bom?: boolean; style?: CsvStyle } = {}): string {
  const rows = reads.map((r) => {
    const agrees = r.ai ? readerAgrees(r, r.ai) : null;
    return [
      r.file,
      r.image ?? '',
      r.sopInstanceUid ?? '',
      r.studyInstanceUid ?? '',
      r.reader,
      r.finding,
      r.note ?? '',
      r.at,
      String(r.afterAi),
      r.first?.finding ?? '',
      r.first?.at ?? '',
      r.first ? String(r.first.afterAi) : '',
      r.readingMs !== undefined ? (r.readingMs / 1000).toFixed(1) : '',
      r.ai?.model ?? '',
      r.ai ? r.ai.probability.toFixed(6) : '',
      r.ai?.label ?? '',
      r.ai ? String(r.ai.threshold) : '',
      r.ai ? String(r.ai.heldBack) : '',
      agrees === null ? '' : String(agrees),
    ];
  });
  return csvText(READS_CSV_COLUMNS, rows, { style: csvStyleOf(opts), numeric: (c) => READS_CSV_NUMERIC.has(c) });
}
