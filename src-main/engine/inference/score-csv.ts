// The batch-scoring CSV. The first eight columns are a fixed contract (scripts rely on them, and
// `alveo merge` reads any CSV that starts with them): file … error, `warnings` (issue 7), then
// `status`: 'held back' where the app holds the answer back (the label column keeps the model's
// raw output, so filter on status). Added since, in this order: `warning_codes` (the warnings as
// stable codes, ';'-separated, for scripts), `notes`, said beside an answer
// without holding it back (a JPEG's population unchecked, the site policy's choice), then what
// produced the run (ScoreProvenance: weights sha256, views, engine, version, time, site policy,
// guardrail rules, then the temperature: a calibrated model shares its parent's weights sha256).
// Then, with identifiers only, `path` (the file as scored: absolute, or as FOLDER
// was typed), and the attribute columns asked for last.
import type { ScoreProvenance, ScoreRow } from '../../api/contract';
import { heldBack } from '../../api/held-back';
import { csvCell, csvLine, UTF8_BOM } from '../text/csv-cell';

/** The columns every score CSV has started with since the first release. */
export const SCORE_CSV_CONTRACT = ['file', 'probability', 'label', 'threshold', 'model', 'error', 'warnings', 'status'] as const;
/** Columns added since, in the order they follow the contract (a CSV of an older release lacks them). */
export const SCORE_CSV_ADDED = ['warning_codes', 'notes', 'model_sha256', 'views', 'engine', 'alveo', 'run_at', 'age_unknown', 'guardrail_rules', 'temperature'] as const;
export const SCORE_CSV_COLUMNS = [...SCORE_CSV_CONTRACT, ...SCORE_CSV_ADDED] as const;

/** 'ok' (shown as is), 'held back' (intended-use warnings: not a finding) or 'failed'. */
export function scoreStatus(row: Pick<ScoreRow, 'error' | 'warnings'>): 'ok' | 'held back' | 'failed' {
  return row.error ? 'failed' : heldBack(row) ? 'held back' : 'ok';
}

export interface ScoreCsvOptions {
  /** DICOM keywords to add as extra columns (e.g. PatientID only when the user asks for it). */
  attributes?: string[];
  /** Start with a UTF-8 byte-order mark (spreadsheet users). */
  bom?: boolean;
  /** What the `file` column says for a row's file; default the path as scored. Alveo's CSVs give a
   * name relative to the scored folder (worklist/shareable-file-names.ts), the same with or without
   * identifiers, so runs of one folder join on it. */
  fileName?: (file: string) => string;
  /** Add a `path` column (the file as scored) before the attributes: identifiers were asked for. */
  paths?: boolean;
  /** What produced the run; its columns are empty without it. */
  provenance?: ScoreProvenance;
}

/** A CSV field, formula-safe and RFC 4180 quoted (csv-cell.ts: every CSV Alveo writes uses it). */
export const csvField = csvCell;

/** The header line: the fixed columns, then the attribute columns asked for. */
export function scoreCsvHeader(opts: ScoreCsvOptions = {}): string {
  return (opts.bom ? UTF8_BOM : '') + csvLine([...SCORE_CSV_COLUMNS, ...(opts.paths ? ['path'] : []), ...(opts.attributes ?? [])]);
}

/** The provenance columns' cells, in SCORE_CSV_ADDED's order after `notes`. */
export function provenanceCells(p: ScoreProvenance | undefined): string[] {
  if (!p) return ['', '', '', '', '', '', '', ''];
  return [p.modelSha256, String(p.views), p.engine, p.alveo, p.runAt, p.ageUnknown, String(p.guardrailRules), String(p.temperature)];
}

export function scoreCsvLine(row: ScoreRow, opts: ScoreCsvOptions = {}): string {
  const fields = [
    opts.fileName ? opts.fileName(row.file) : row.file,
    row.probability === null ? '' : String(row.probability),
    row.label ?? '',
    row.threshold === null ? '' : String(row.threshold),
    row.model,
    row.error ?? '',
    row.warnings.join('; '),
    scoreStatus(row),
    (row.warningCodes ?? []).join(';'),
    (row.notes ?? []).join('; '),
    ...provenanceCells(opts.provenance),
    ...(opts.paths ? [row.file] : []),
    ...(opts.attributes ?? []).map((k) => row.attributes[k] ?? ''),
  ];
  return csvLine(fields);
}

export function scoreCsv(rows: readonly ScoreRow[], opts: ScoreCsvOptions = {}): string {
  return [scoreCsvHeader(opts), ...rows.map((r) => scoreCsvLine(r, opts))].join('\n') + '\n';
}
