// The one way Alveo writes a CSV cell, used by every CSV it writes (score, worklist export, merge).
// RFC 4180 quoting, plus the CSV-injection defence (CWE-1236, OWASP "CSV Injection"): a cell that
// begins with = + - @ a tab or a carriage return is a formula to Excel, LibreOffice and Google
// Sheets, so a crafted PatientName or file name such as `=HYPERLINK(...)` could run when the CSV is
// opened. Such a cell gets a leading single quote, which spreadsheets show as text. Plain numbers
// (-0.5, 1e-3) are not formulas and stay as they are, so numeric columns keep working. A value that
// itself begins with a quote gets one more, so the escape can be undone exactly (restoreFormula):
// `alveo merge` and scripts read back the file names as they are on the disk.
// The style (api/csv-style.ts) picks the delimiter, the decimal sign of number columns and the
// byte-order mark; the formula defence is the same in every style.
import type { CsvStyle } from '../../api/csv-style';

/** Spreadsheets (Excel on Windows above all) read UTF-8 correctly only after this mark. */
export const UTF8_BOM = '\ufeff';

export interface CsvDialect {
  delimiter: ',' | ';';
  /** Number columns are written with a decimal comma (0,25), as Excel with such regional settings reads them. */
  decimalComma: boolean;
  bom: boolean;
}

const DIALECTS: Record<CsvStyle, CsvDialect> = {
  scripts: { delimiter: ',', decimalComma: false, bom: false },
  excel: { delimiter: ',', decimalComma: false, bom: true },
  'excel-decimal-comma': { delimiter: ';', decimalComma: true, bom: true },
};

export function csvDialect(style: CsvStyle = 'scripts'): CsvDialect {
  return DIALECTS[style];
}

/** The style given, else the one flags ask for (`--decimal-comma`, `--bom`; the decimal comma has the mark too). */
export function csvStyleOf(opts: { style?: CsvStyle; bom?: boolean; decimalComma?: boolean }): CsvStyle {
  return opts.style ?? (opts.decimalComma ? 'excel-decimal-comma' : opts.bom ? 'excel' : 'scripts');
}

const FORMULA_START = /^[=+\-@\t\r]/;
const PLAIN_NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;
const DECIMAL_COMMA_NUMBER = /^[+-]?(\d+,?\d*|,\d+)([eE][+-]?\d+)?$/;

/**
 * The value with a leading ' when a spreadsheet would take it for a formula (or it begins with '
 * itself). With `decimalComma`, a number written so (-0,5) is a number too, not a formula.
 */
export function neutraliseFormula(value: string, decimalComma = false): string {
  const number = PLAIN_NUMBER.test(value) || (decimalComma && DECIMAL_COMMA_NUMBER.test(value));
  return (FORMULA_START.test(value) && !number) || value.startsWith("'") ? `'${value}` : value;
}

/** The value a cell was written from: neutraliseFormula undone (one leading ' removed). */
export function restoreFormula(cell: string): string {
  return cell.startsWith("'") ? cell.slice(1) : cell;
}

/** A number column's value as the style writes it: 0.25 -> 0,25 in the decimal-comma style; anything not a plain number stays. */
export function csvNumber(value: string, style: CsvStyle = 'scripts'): string {
  return DIALECTS[style].decimalComma && PLAIN_NUMBER.test(value) ? value.replace('.', ',') : value;
}

/** A number column's cell as read back: 0,25 -> 0.25 in the decimal-comma style (csvNumber undone). */
export function readCsvNumber(cell: string, decimalComma: boolean): string {
  return decimalComma && DECIMAL_COMMA_NUMBER.test(cell) ? cell.replace(',', '.') : cell;
}

/** One field: formula-safe, then quoted when it holds the style's delimiter, a quote, CR/LF or edge whitespace. */
export function csvCell(value: string, style: CsvStyle = 'scripts'): string {
  const { delimiter, decimalComma } = DIALECTS[style];
  const safe = neutraliseFormula(value, decimalComma);
  const special = delimiter === ';' ? /[";\r\n]|^\s|\s$/ : /[",\r\n]|^\s|\s$/;
  return special.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

export interface CsvLineFormat {
  style?: CsvStyle;
  /** The columns (by position) holding numbers: csvNumber writes them in the style. */
  numeric?: readonly boolean[];
}

export function csvLine(values: readonly string[], format: CsvLineFormat = {}): string {
  const style = format.style ?? 'scripts';
  return values.map((v, i) => csvCell(format.numeric?.[i] ? csvNumber(v, style) : v, style)).join(DIALECTS[style].delimiter);
}

export interface CsvTextOptions {
  /** Start with a UTF-8 byte-order mark (for spreadsheet users; scripts usually do not want it). The excel styles always have one. */
  bom?: boolean;
  style?: CsvStyle;
  /** Which columns, by header name, hold numbers. */
  numeric?: (column: string) => boolean;
}

/** Header and rows as CSV text, one line each, ending in a newline. */
export function csvText(header: readonly string[], rows: readonly (readonly string[])[], opts: CsvTextOptions = {}): string {
  const style = opts.style ?? 'scripts';
  const bom = opts.bom || DIALECTS[style].bom;
  const numeric = opts.numeric ? header.map(opts.numeric) : undefined;
  return (bom ? UTF8_BOM : '') + [csvLine(header, { style }), ...rows.map((r) => csvLine(r, { style, numeric }))].join('\n') + '\n';
}
