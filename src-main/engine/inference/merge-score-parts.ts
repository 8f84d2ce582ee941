// Joins the part CSVs of a sharded scoring run (`alveo merge`) and refuses a merge that would mix
// up results: a file scored twice (overlapping shards, a part given twice), rows from different
// models or scored differently (thresholds, weights, views or temperatures that differ: one part
// with --one-view, another site's calibration of the same id), parts with different columns.
// Given the scored folder, it also names the files no part holds (a failed array task) and the
// rows whose file is not in the folder.
import { AlveoError } from '../../api/errors';
import { SCORE_CSV_ADDED, SCORE_CSV_CONTRACT, scoreTableCsv } from './score-csv';
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
  const header = mergedHeader(parts);
  // Each part's rows laid out as the merged header: a column an older release did not write is empty.
  const laidOut = parts.map((p) => {
    const index = header.map((c) => p.header.indexOf(c));
    return { ...p, rows: p.rows.map((r) => ({ line: r.line, fields: index.map((i) => (i < 0 ? '' : r.fields[i])) })) };
  });
  // The weights and the views, where the parts name them: two parts of one run were scored the same way.
  const sameness = PROVENANCE_CHECKED.map((column) => ({ column, at: header.indexOf(column), seen: new Map<string, string>() })).filter((c) => c.at >= 0);
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
  for (const p of laidOut) {
    for (const r of p.rows) {
      const where = `${p.file}:${r.line}`;
      for (const c of sameness) if (r.fields[c.at] && !c.seen.has(r.fields[c.at])) c.seen.set(r.fields[c.at], where);
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
  for (const c of sameness) {
    if (c.seen.size > 1) {
      const list = [...c.seen].map(([v, where]) => `${v} (first at ${where})`);
      throw new AlveoError('BAD_ARGUMENT', `the parts differ in ${c.column}: ${list.join(', ')}. ${WHY_DIFFERENT[c.column]} Score every part with the same model, the same way`);
    }
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

/** The provenance columns two parts of one run must agree on (empty cells, from older releases, are not compared). */
const PROVENANCE_CHECKED = ['model_sha256', 'views', 'temperature'] as const;

/** The likely cause, said with the refusal. */
const WHY_DIFFERENT: Record<(typeof PROVENANCE_CHECKED)[number], string> = {
  model_sha256: 'Models of the same id with other weights?',
  views: 'One was scored with --one-view?',
  // Same weights, other calibration: two sites' models calibrated from one parent, both named alike.
  temperature: 'Models of the same id calibrated differently (same weights, another temperature)?',
};

/**
 * The columns of the merged CSV: the contract, the added columns any part has (in their order; a part
 * of an older release lacks some), then the attribute columns, which every part must have alike.
 */
function mergedHeader(parts: readonly ScoreCsvTable[]): string[] {
  const added = new Set<string>(SCORE_CSV_ADDED);
  const attributes = (p: ScoreCsvTable) => p.header.slice(SCORE_CSV_CONTRACT.length).filter((c) => !added.has(c));
  const first = attributes(parts[0]);
  for (const p of parts.slice(1)) {
    const own = attributes(p);
    if (own.join(',') !== first.join(',')) {
      throw new AlveoError('BAD_ARGUMENT', `its attribute columns (${own.join(',') || 'none'}) differ from ${parts[0].file}'s (${first.join(',') || 'none'}): score every part with the same --columns`, p.file);
    }
  }
  const present = SCORE_CSV_ADDED.filter((c) => parts.some((p) => p.header.includes(c)));
  return [...SCORE_CSV_CONTRACT, ...present, ...first];
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

/** The merged table as a comma CSV (scoreTableCsv, the 'scripts' style). */
export function mergedCsv(m: MergedScores): string {
  return scoreTableCsv(m.header, m.rows, 'scripts');
}
