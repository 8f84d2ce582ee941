// The one way Alveo writes a CSV cell, used by every CSV it writes (score, worklist export, merge).
// RFC 4180 quoting, plus the CSV-injection defence (CWE-1236, OWASP "CSV Injection"): a cell that
// begins with = + - @ a tab or a carriage return is a formula to Excel, LibreOffice and Google
// Sheets, so a crafted PatientName or file name such as `=HYPERLINK(...)` could run when the CSV is
// opened. Such a cell gets a leading single quote, which spreadsheets show as text. Plain numbers
// (-0.5, 1e-3) are not formulas and stay as they are, so numeric columns keep working. A value that
// itself begins with a quote gets one more, so the escape can be undone exactly (restoreFormula):
// `alveo merge` and scripts read back the file names as they are on the disk.

/** Spreadsheets (Excel on Windows above all) read UTF-8 correctly only after this mark. */
export const UTF8_BOM = '\ufeff';

const FORMULA_START = /^[=+\-@\t\r]/;
const PLAIN_NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

/** The value with a leading ' when a spreadsheet would take it for a formula (or it begins with ' itself). */
export function neutraliseFormula(value: string): string {
  return (FORMULA_START.test(value) && !PLAIN_NUMBER.test(value)) || value.startsWith("'") ? `'${value}` : value;
}

/** The value a cell was written from: neutraliseFormula undone (one leading ' removed). */
export function restoreFormula(cell: string): string {
  return cell.startsWith("'") ? cell.slice(1) : cell;
}

/** One field: formula-safe, then quoted when it holds a comma, quote, CR/LF or edge whitespace. */
export function csvCell(value: string): string {
  const safe = neutraliseFormula(value);
  return /[",\r\n]|^\s|\s$/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

export function csvLine(values: readonly string[]): string {
  return values.map(csvCell).join(',');
}

export interface CsvTextOptions {
  /** Start with a UTF-8 byte-order mark (for spreadsheet users; scripts usually do not want it). */
  bom?: boolean;
}

/** Header and rows as CSV text, one line each, ending in a newline. */
export function csvText(header: readonly string[], rows: readonly (readonly string[])[], opts: CsvTextOptions = {}): string {
  return (opts.bom ? UTF8_BOM : '') + [header, ...rows].map(csvLine).join('\n') + '\n';
}
