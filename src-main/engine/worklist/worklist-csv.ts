// The worklist as CSV: the batch-scoring columns (score-csv.ts, a fixed contract) followed by the
// clinical attributes, and the identifying ones only when the user asked for them.
import type { ScoreProvenance, ScoreRow } from '../../api/contract';
import type { CsvStyle } from '../../api/csv-style';
import { CLINICAL_ATTRIBUTES, IDENTIFYING_ATTRIBUTES } from '../../api/worklist-view';
import { SCORE_CSV_COLUMNS, scoreCsv } from '../inference/score-csv';
import type { FileNamer } from './shareable-file-names';

export function worklistCsvColumns(includeIdentifiers: boolean): string[] {
  return [...SCORE_CSV_COLUMNS, ...(includeIdentifiers ? ['path'] : []), ...worklistAttributes(includeIdentifiers)];
}

export function worklistAttributes(includeIdentifiers: boolean): string[] {
  return includeIdentifiers ? [...IDENTIFYING_ATTRIBUTES, ...CLINICAL_ATTRIBUTES] : [...CLINICAL_ATTRIBUTES];
}

/**
 * `style`: delimiter, decimal sign and byte-order mark (api/csv-style.ts); `bom`, the older form of
 * the style 'excel', when no style is given. `fileName`: the file column's name
 * (never the absolute path: shareable-file-names.ts), with or without identifiers; with them a
 * `path` column keeps the path as scored. Cells are formula-safe (csv-cell.ts).
 */
export function worklistCsv(rows: readonly ScoreRow[], includeIdentifiers: boolean, opts: { bom?: boolean; style?: CsvStyle; fileName: FileNamer; provenance?: ScoreProvenance }): string {
  return scoreCsv(rows, { attributes: worklistAttributes(includeIdentifiers), bom: opts.bom, style: opts.style, fileName: opts.fileName, paths: includeIdentifiers, provenance: opts.provenance });
}
