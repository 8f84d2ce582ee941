// Joins the part CSVs of a sharded scoring run (`alveo merge`) and refuses a merge that would mix
// up results: a file scored twice (overlapping shards, a part given twice), rows from different
// models or scored differently (thresholds that differ: one part with --one-view), parts with
// different columns. Given the scored folder, it also names the files no part
// holds (a failed array task) and the rows whose file is not in the folder.
import { AlveoError } from '../../api/errors';
import { csvField } from './score-csv';
import type { ScoreCsvTable } from './read-score-csv';
import { shardKey } from './shard-files';

const FILE = 0;
const THRESHOLD = 3;
const MODEL = 4;
/** How many examples an error lists before "and N more". */
const EXAMPLES = 5;

export interface MergedScores {
  header: string[];
  /** Sorted by file, as an unsharded `alveo score` run lists them. */
  rows: string[][];
  model: string | null;
  parts: number;
}

export interface CoverageCheck {
  folder: string;
  /** The image files of the folder (findImageFiles), absolute or as scored. */
  files: readonly string[];
}

export function mergeScoreParts(parts: readonly ScoreCsvTable[], coverage?: CoverageCheck): MergedScores {
  if (parts.length === 0) throw new AlveoError('BAD_ARGUMENT', 'no part CSV to merge');
  const header = parts[0].header;
  for (const p of parts.slice(1)) {
    if (p.header.join(',') !== header.join(',')) {
      throw new AlveoError('BAD_ARGUMENT', `its columns (${p.header.join(',')}) differ from ${parts[0].file}'s (${header.join(',')}): score every part with the same options`, p.file);
    }
  }
  // One image, one key: its path inside the folder when the folder is given (rows may name it
  // relative to the folder, to the working directory of the run, or absolute), else its name with
  // '/' separators and NFC. Comparing the names as written let a part scored as `alveo score
  // small` and one scored as `alveo score /abs/small` both through.
  const keyOf = coverage ? folderKeys(coverage) : (file: string) => pathSuffixes(file)[0];
  const seen = new Map<string, { part: string; where: string; file: string }>(); // key -> first row
  const duplicates: string[] = [];
  const models = new Map<string, string>(); // model -> first "part:line"
  const thresholds = new Map<string, string>(); // threshold -> first "part:line" (failed rows have none)
  const rows: string[][] = [];
  for (const p of parts) {
    for (const r of p.rows) {
      const where = `${p.file}:${r.line}`;
      const file = r.fields[FILE];
      const key = keyOf(file);
      const before = seen.get(key);
      if (before !== undefined) {
        duplicates.push(before.file === file ? `${file} (${before.where} and ${where})` : `${key} ('${before.file}' at ${before.where} and '${file}' at ${where})`);
      }
      else seen.set(key, { part: p.file, where, file });
      if (!models.has(r.fields[MODEL])) models.set(r.fields[MODEL], where);
      const t = r.fields[THRESHOLD];
      if (t && !thresholds.has(t)) thresholds.set(t, where);
      rows.push(r.fields);
    }
  }
  if (duplicates.length > 0) {
    throw new AlveoError('BAD_ARGUMENT', `${duplicates.length} file(s) appear more than once: ${examples(duplicates)}. Were two parts made with the same --shard, or one part given twice?`);
  }
  if (!coverage) {
    // Without the folder, 'small/x.png' and 'x.png' may be one image named two ways (parts from
    // runs started in different folders) or two images (x.png and small/x.png): refuse rather than guess.
    const ambiguous: string[] = [];
    for (const [key, row] of seen) {
      for (const suffix of pathSuffixes(key).slice(1)) {
        const other = seen.get(suffix);
        if (other && other.part !== row.part) ambiguous.push(`'${row.file}' (${row.where}) and '${other.file}' (${other.where})`);
      }
    }
    if (ambiguous.length > 0) {
      throw new AlveoError('BAD_ARGUMENT', `${ambiguous.length} pair(s) of rows may name the same image two ways: ${examples(ambiguous)}. Give --folder FOLDER (the scored folder) so merge can tell`);
    }
  }
  if (models.size > 1) {
    const list = [...models].map(([m, where]) => `'${m}' (first at ${where})`);
    throw new AlveoError('BAD_ARGUMENT', `the parts were scored with ${models.size} different models: ${list.join(', ')}. Score every part with the same --model`);
  }
  if (thresholds.size > 1) {
    // One model, one threshold: two mean two ways of scoring (its test-time views and --one-view).
    const list = [...thresholds].map(([t, where]) => `${t} (first at ${where})`);
    throw new AlveoError('BAD_ARGUMENT', `the parts were scored at ${thresholds.size} different thresholds: ${list.join(', ')}. They were scored differently (one with --one-view?): score every part the same way`);
  }
  if (coverage) checkCoverage(rows, coverage);
  rows.sort((a, b) => (a[FILE] < b[FILE] ? -1 : a[FILE] > b[FILE] ? 1 : 0));
  return { header, rows, model: models.size === 1 ? [...models.keys()][0] : null, parts: parts.length };
}

/**
 * A row's image as its path inside the folder: the longest ending of the row's path that is an
 * image of the folder (rows may carry the path another machine mounted the folder at, or the path
 * from the working directory of the run). A row naming no image of the folder keeps its own name
 * (checkCoverage reports it).
 */
function folderKeys(coverage: CoverageCheck): (file: string) => string {
  const keys = new Set(coverage.files.map((f) => shardKey(coverage.folder, f)));
  return (file) => {
    const suffixes = pathSuffixes(file);
    return suffixes.find((s) => keys.has(s)) ?? suffixes[0];
  };
}

/**
 * Every image of the folder must be a row and every row an image of the folder. Rows may carry
 * the path another machine mounted the folder at, so a row matches a file by its path relative
 * to the folder: the row's path ends with it.
 */
function checkCoverage(rows: readonly string[][], coverage: CoverageCheck): void {
  const suffixes = new Set(rows.flatMap((r) => pathSuffixes(r[FILE])));
  const keys = new Set<string>();
  const missing: string[] = [];
  for (const f of coverage.files) {
    const key = shardKey(coverage.folder, f);
    keys.add(key);
    if (!suffixes.has(key)) missing.push(f);
  }
  const extra = rows
    .map((r) => r[FILE])
    .filter((file) => !pathSuffixes(file).some((suffix) => keys.has(suffix)));
  const problems: string[] = [];
  if (missing.length) problems.push(`${missing.length} image(s) of ${coverage.folder} are in no part: ${examples(missing)} (a shard missing or cancelled?)`);
  if (extra.length) problems.push(`${extra.length} row(s) name files not in ${coverage.folder}: ${examples(extra)}`);
  if (problems.length) throw new AlveoError('BAD_ARGUMENT', problems.join('; '));
}

/** 'a/b/c.png' -> ['a/b/c.png', 'b/c.png', 'c.png'], with '/' separators and NFC like shardKey. */
function pathSuffixes(file: string): string[] {
  const segments = file.replace(/\\/g, '/').normalize('NFC').split('/');
  return segments.map((_, i) => segments.slice(i).join('/'));
}

function examples(items: readonly string[]): string {
  const shown = items.slice(0, EXAMPLES).join('; ');
  return items.length > EXAMPLES ? `${shown}; and ${items.length - EXAMPLES} more` : shown;
}

export function mergedCsv(m: MergedScores): string {
  return [m.header, ...m.rows].map((fields) => fields.map(csvField).join(',')).join('\n') + '\n';
}
