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
// The style (api/csv-style.ts) sets the delimiter and, in the number columns (SCORE_CSV_NUMERIC and
// the decimal-string DICOM attributes), the decimal sign; read-score-csv.ts reads every style back.
import type { ScoreProvenance, ScoreRow } from '../../api/contract';
import type { CsvStyle } from '../../api/csv-style';
import { heldBack } from '../../api/held-back';
import { csvCell, csvDialect, csvLine, csvStyleOf, UTF8_BOM } from '../text/csv-cell';
import { tagOfKeyword, vrOf } from '../studies/dicom/tag-dictionary';

/** The columns every score CSV has started with since the first release. */
export const SCORE_CSV_CONTRACT = ['file', 'probability', 'label', 'threshold', 'model', 'error', 'warnings', 'status'] as const;
/** Columns added since, in the order they follow the contract (a CSV of an older release lacks them). */
export const SCORE_CSV_ADDED = ['warning_codes', 'notes', 'model_sha256', 'views', 'engine', 'alveo', 'run_at', 'age_unknown', 'guardrail_rules', 'temperature'] as const;
export const SCORE_CSV_COLUMNS = [...SCORE_CSV_CONTRACT, ...SCORE_CSV_ADDED] as const;
/** The columns holding numbers (views and guardrail_rules are whole numbers: no decimal sign to change). */
export const SCORE_CSV_NUMERIC: ReadonlySet<string> = new Set(['probability', 'threshold', 'views', 'guardrail_rules', 'temperature']);

/** A column of a score CSV that holds numbers: SCORE_CSV_NUMERIC, or a DICOM attribute of VR DS/IS (WindowCenter, RescaleSlope…). */
export function isScoreNumericColumn(column: string): boolean {
  let numeric = NUMERIC_COLUMNS.get(column);
  if (numeric === undefined) {
    const tag = /^[A-Z][A-Za-z0-9]+$/.test(column) ? tagOfKeyword(column) : undefined;
    const vr = tag ? vrOf(tag) : undefined;
    numeric = SCORE_CSV_NUMERIC.has(column) || vr === 'DS' || vr === 'IS';
    NUMERIC_COLUMNS.set(column, numeric);
  }
  return numeric;
}
const NUMERIC_COLUMNS = new Map<string, boolean>();

/** 'ok' (shown as is), 'held back' (intended-use warnings: not a finding) or 'failed'. */
export function scoreStatus(row: Pick<ScoreRow, 'error' | 'warnings'>): 'ok' | 'held back' | 'failed' {
  return row.error ? 'failed' : heldBack(row) ? 'held back' : 'ok';
}

export interface ScoreCsvOptions {
  /** DICOM keywords to add as extra columns (e.g. PatientID only when the user asks for it). */
  attributes?: string[];
  /** Start with a UTF-8 byte-order mark (spreadsheet users): the style 'excel' when no style is given. */
  bom?: boolean;
  /** Delimiter, decimal sign and byte-order mark (default: 'excel' with `bom`, else 'scripts'). */
  style?: CsvStyle;
  /** What the `file` column says for a row's file; default the path as scored. Alveo's CSVs give a
   * name relative to the scored folder (worklist/shareable-file-names.ts), the same with or without
   * identifiers, so runs of one folder join on it. */
  fileName?: (file: string) => string;
  /** Add a `path` column (the file as scored) before the attributes: identifiers were asked for. */
  paths?: boolean;
  /** What produced the run; its columns are empty without it. */
  provenance?: ScoreProvenance;
}

/** A CSV field, formula-safe and RFC 4180 quoted (csv-cell.ts: every CSV Alveo writes uses it), comma style. */
export const csvField = (value: string): string => csvCell(value);

/** The columns, in order: the fixed ones, `path` with identifiers, then the attribute columns asked for. */
export function scoreCsvColumns(opts: ScoreCsvOptions = {}): string[] {
  return [...SCORE_CSV_COLUMNS, ...(opts.paths ? ['path'] : []), ...(opts.attributes ?? [])];
}

/** The header line: the fixed columns, then the attribute columns asked for. */
export function scoreCsvHeader(opts: ScoreCsvOptions = {}): string {
  const style = csvStyleOf(opts);
  return (csvDialect(style).bom ? UTF8_BOM : '') + csvLine(scoreCsvColumns(opts), { style });
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
  return csvLine(fields, { style: csvStyleOf(opts), numeric: scoreCsvColumns(opts).map(isScoreNumericColumn) });
}

/** A table of score CSV cells (as read back, '.' decimals) written in a style: `alveo merge`'s output. */
export function scoreTableCsv(header: readonly string[], rows: readonly (readonly string[])[], style: CsvStyle): string {
  const numeric = header.map(isScoreNumericColumn);
  return (csvDialect(style).bom ? UTF8_BOM : '') + [csvLine(header, { style }), ...rows.map((r) => csvLine(r, { style, numeric }))].join('\n') + '\n';
}

export function scoreCsv(rows: readonly ScoreRow[], opts: ScoreCsvOptions = {}): string {
  return [scoreCsvHeader(opts), ...rows.map((r) => scoreCsvLine(r, opts))].join('\n') + '\n';
}
