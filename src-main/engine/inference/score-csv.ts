// The batch-scoring CSV. The first six columns are a fixed contract (scripts rely on them);
// `warnings` follows (issue 7); optional attribute columns come last.
import type { ScoreRow } from '../../api/contract';

export const SCORE_CSV_COLUMNS = ['file', 'probability', 'label', 'threshold', 'model', 'error', 'warnings'] as const;

export interface ScoreCsvOptions {
  /** DICOM keywords to add as extra columns (e.g. PatientID only when the user asks for it). */
  attributes?: string[];
}

/** RFC 4180 field: quoted when it holds a comma, quote, CR/LF or edge whitespace. */
export function csvField(value: string): string {
  return /[",\r\n]|^\s|\s$/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

export function scoreCsvLine(row: ScoreRow, opts: ScoreCsvOptions = {}): string {
  const fields = [
    row.file,
    row.probability === null ? '' : String(row.probability),
    row.label ?? '',
    row.threshold === null ? '' : String(row.threshold),
    row.model,
    row.error ?? '',
    row.warnings.join('; '),
    ...(opts.attributes ?? []).map((k) => row.attributes[k] ?? ''),
  ];
  return fields.map(csvField).join(',');
}

export function scoreCsv(rows: readonly ScoreRow[], opts: ScoreCsvOptions = {}): string {
  const header = [...SCORE_CSV_COLUMNS, ...(opts.attributes ?? [])].map(csvField).join(',');
  return [header, ...rows.map((r) => scoreCsvLine(r, opts))].join('\n') + '\n';
}
