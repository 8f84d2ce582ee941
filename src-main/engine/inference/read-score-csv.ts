// Reads back a CSV that `alveo score` wrote (RFC 4180: quoted fields, doubled quotes, CR/LF and
// delimiters inside quotes), keeping every column as text so a merge writes the fields unchanged, each
// as it was before the spreadsheet escape (csv-cell.ts): a file named `-x.png` is `-x.png` again.
// Any style Alveo writes (api/csv-style.ts): the header line says the delimiter, and in the
// semicolon style the number columns' decimal commas are read back as '.' (0,25 -> 0.25).
import { AlveoError } from '../../api/errors';
import { readCsvNumber, restoreFormula } from '../text/csv-cell';
import { isScoreNumericColumn, SCORE_CSV_CONTRACT } from './score-csv';

export interface ScoreCsvTable {
  file: string;
  /** ';' for the decimal-comma style (its number cells are given back with '.'). */
  delimiter: ',' | ';';
  header: string[];
  /** Data rows, each with header.length fields; `line` is the 1-based line the row starts on. */
  rows: { fields: string[]; line: number }[];
}

/** Splits CSV text into records of fields. Throws on an unterminated quote. */
export function parseCsvRecords(text: string, file: string, delimiter: ',' | ';' = ','): { fields: string[]; line: number }[] {
  const records: { fields: string[]; line: number }[] = [];
  let fields: string[] = [];
  let field = '';
  let quoted = false;
  let line = 1;
  let start = 1;
  let any = false; // the current record has at least one character
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '\n') line++;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
      continue;
    }
    if (c === '"') {
      quoted = true;
      any = true;
    } else if (c === delimiter) {
      fields.push(field);
      field = '';
      any = true;
    } else if (c === '\n') {
      if (any || field !== '') {
        fields.push(field);
        records.push({ fields, line: start });
      }
      fields = [];
      field = '';
      any = false;
      start = line;
    } else if (c !== '\r') {
      field += c;
      any = true;
    }
  }
  if (quoted) throw new AlveoError('CORRUPT', `unterminated quoted field starting on line ${start}`, file);
  if (any || field !== '') {
    fields.push(field);
    records.push({ fields, line: start });
  }
  return records;
}

/**
 * The delimiter of a CSV by its header line: the first ',' or ';' in it (an Alveo header starts
 * `file,` or `file;`; its column names hold neither). Comma when it has neither.
 */
export function headerDelimiter(text: string): ',' | ';' {
  const end = text.indexOf('\n');
  return /^[^,\n]*;/.test(end < 0 ? text : text.slice(0, end)) ? ';' : ',';
}

/** A score CSV of any release and style: its header must start with the contract's columns; every row as wide as it. */
export function readScoreCsv(text: string, file: string): ScoreCsvTable {
  const body = text.replace(/^\uFEFF/, '');
  const delimiter = headerDelimiter(body);
  const [head, ...rows] = parseCsvRecords(body, file, delimiter);
  if (!head) throw new AlveoError('CORRUPT', 'empty file: not an alveo score CSV', file);
  const fixed = head.fields.slice(0, SCORE_CSV_CONTRACT.length);
  if (fixed.join(',') !== SCORE_CSV_CONTRACT.join(',')) {
    throw new AlveoError('CORRUPT', `not an alveo score CSV: the header must start with ${SCORE_CSV_CONTRACT.join(delimiter)}, got ${head.fields.join(delimiter)}`, file);
  }
  for (const r of rows) {
    if (r.fields.length !== head.fields.length) {
      throw new AlveoError('CORRUPT', `line ${r.line} has ${r.fields.length} fields, the header ${head.fields.length}`, file);
    }
  }
  // Releases before warning_codes escaped only formula-like cells (a name that began with ' was
  // written as it was): for their parts only a quote before = + - @ tab CR is the escape's.
  const restore = head.fields.includes('warning_codes') ? restoreFormula : restoreOlderFormula;
  const numeric = head.fields.map((c) => delimiter === ';' && isScoreNumericColumn(c));
  const cell = (f: string, i: number) => readCsvNumber(restore(f), numeric[i]);
  return { file, delimiter, header: head.fields, rows: rows.map((r) => ({ line: r.line, fields: r.fields.map(cell) })) };
}

function restoreOlderFormula(cell: string): string {
  return /^'[=+\-@\t\r]/.test(cell) ? cell.slice(1) : cell;
}
