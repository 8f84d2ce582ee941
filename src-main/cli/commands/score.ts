// alveo score FOLDER [--csv OUT] [--json] [--columns K,...] [--bom] [--decimal-comma] [--recursive] [--model ID|DIR] [--shard I/N] [--one-view] [--dicom-out DIR]
// Scores every image in the folder: CSV to OUT (atomically) or stdout, or --json lines (one per
// file: scored, failed with why, or skipped with why); progress with ETA on stderr, then every
// skipped entry with why (beyond 50, the first 20 and a count). Where --csv and --dicom-out go is
// checked before scoring. Ctrl-C (or SIGTERM, SIGHUP, a closed stdout) cancels and keeps what is
// done in OUT's NAME.partial.csv (OUT is left as it was); a second one quits at once. Exit 1 when
// any file failed or the run failed; the last stderr line says which.
import { rm } from 'node:fs/promises';
import type { ScoreProvenance, ScoreRow } from '../../api/contract';
import { createEngine, sourceTreeDeps } from '../../engine/index';
import { parseShard } from '../../engine/inference/shard-files';
import { scoreCsv, scoreCsvHeader, scoreCsvLine, scoreStatus, type ScoreCsvOptions } from '../../engine/inference/score-csv';
import { csvStyleOf } from '../../engine/text/csv-cell';
import { ATTRIBUTE_KEYWORDS } from '../../engine/studies/dicom/dicom-attributes';
import { csvTargetProblem, identifiersAsked, partialCsvName, scoreCsvFileNames } from '../score-csv-target';
import { EXIT, printJsonLine } from '../cli-conventions';
import { writeFileAtomic } from '../../engine/files/atomic-files';
import { formatClock } from '../../engine/training/progress-text';
import { defineCommand } from '../command';
import { resolveModelEntry } from '../../engine/engine-models';
import { missingGuardrailNote } from '../missing-guardrail-note';
import { outputFolderProblem } from '../output-path-problem';
import { progressLine } from '../progress-line';
import { skippedText } from '../skipped-text';
import { writeScoreDicom } from '../score-dicom-out';
import { exitCodeOf, runJob } from '../run-job';
import { stoppedExitCode } from '../on-stop-request';

export const command = defineCommand({
  name: 'score',
  args: 'FOLDER',
  summary: 'score every image in a folder, CSV out',
  options: {
    csv: { type: 'string', arg: 'OUT', help: 'write the CSV to OUT (atomically) instead of stdout' },
    json: { type: 'boolean', help: 'one JSON object per line on stdout, one per file: scored, failed (error) or skipped' },
    columns: { type: 'string', arg: 'K,...', help: 'add DICOM attribute columns, e.g. PatientName,PatientID,StudyDate,PatientAge (keywords below)' },
    bom: { type: 'boolean', help: 'start the CSV with a UTF-8 byte-order mark (for Excel)' },
    'decimal-comma': { type: 'boolean', help: "for Excel set to a decimal comma (German, French… regional settings): ';'-separated, 0,25 in the number columns, with the byte-order mark" },
    recursive: { type: 'boolean', help: 'score sub-folders too' },
    model: { type: 'string', arg: 'ID|DIR', help: 'a stored model id or a model folder (default: the active model)' },
    shard: { type: 'string', arg: 'I/N', help: 'score shard I (0-based) of N; join the parts with alveo merge' },
    'one-view': { type: 'boolean', help: "one forward pass per image where the model averages test-time views (the default model's 5): about 5x faster, at the card's one-view threshold" },
    'dicom-out': { type: 'string', arg: 'DIR', help: 'also write a DICOM SR + Grad-CAM capture per scored DICOM' },
    reader: { type: 'string', arg: 'NAME', help: "with --dicom-out: whose read (\"Your read\" in the app, under \"Reading as\") the SRs carry; default: this computer's user" },
  },
  help: [
    '--columns: patient identifiers appear only when named there; without one, the file',
    'column is relative to FOLDER (PACS-cache files: pacs-study-N/image-M). Known keywords:',
    ...wrap(ATTRIBUTE_KEYWORDS.join(', '), 80).map((l) => `  ${l}`),
  ].join('\n'),
  async run({ values, positionals }) {
    const [folder] = positionals;
    if (!folder || positionals.length > 1) {
      const why = !folder ? 'give the FOLDER to score' : `one FOLDER at a time (got ${positionals.length}); to score single files, run alveo predict`;
      console.error(`alveo score: ${why}\nusage: alveo ${command.usage}`);
      return EXIT.usage;
    }
    let shard;
    try {
      shard = values.shard === undefined ? undefined : parseShard(values.shard); // 0-based I of N (merge: alveo merge)
    } catch (err) {
      console.error(`alveo score: ${(err as Error).message}\nusage: alveo ${command.usage}`);
      return 2;
    }
    if (values['one-view'] && values['dicom-out']) {
      // The DICOM results re-read each study as the model is served; their answer would not be the CSV's.
      console.error(`alveo score: --one-view and --dicom-out do not go together: DICOM results carry the model's answer with its test-time views\nusage: alveo ${command.usage}`);
      return EXIT.usage;
    }
    const attributes = parseColumns(values.columns);
    if (typeof attributes === 'string') {
      console.error(`alveo score: ${attributes}\nusage: alveo ${command.usage}`);
      return EXIT.usage;
    }
    // Before scoring: a long run must not end in a write error.
    const problem = (values.csv && (await csvTargetProblem(values.csv))) || (values['dicom-out'] && (await outputFolderProblem('--dicom-out', values['dicom-out'])));
    if (problem) {
      console.error(`alveo score: ${problem}`);
      return EXIT.failed;
    }
    const deps = sourceTreeDeps();
    const fileName = scoreCsvFileNames(folder, deps.userDir);
    const paths = identifiersAsked(attributes);
    const csvOptions: ScoreCsvOptions = { attributes, style: csvStyleOf({ bom: values.bom, decimalComma: values['decimal-comma'] }), fileName, paths };
    const engine = createEngine(deps);
    const rows: ScoreRow[] = [];
    const toStdout = !values.csv && !values.json;
    const line = progressLine(2000);
    // The header goes out with the first row or once the run ends, so a folder that cannot be read
    // leaves stdout empty (a script piping it gets no header-only CSV).
    let headerWritten = !toStdout;
    const writeHeader = () => {
      if (!headerWritten) process.stdout.write(scoreCsvHeader(csvOptions) + '\n');
      headerWritten = true;
    };
    try {
      // A model that cannot load is the job's error to report; here only whether its guardrail is there.
      const note = await resolveModelEntry(engine.store, values.model).then(missingGuardrailNote, () => null);
      if (note) process.stderr.write(note + '\n');
      const start = async () => {
        const started = await engine.startScore({ folder, recursive: values.recursive, modelId: values.model, shard, ...(values['one-view'] ? { oneView: true } : {}) });
        // What produces the answers (weights sha256, views, engine, version, time, policy): every row says it.
        csvOptions.provenance = started.provenance;
        return started;
      };
      const end = await runJob(engine, 'score', start, {
        row: (row) => {
          rows.push(row);
          writeHeader();
          if (toStdout) process.stdout.write(scoreCsvLine(row, csvOptions) + '\n');
          if (values.json) printJsonLine(rowJson(row, attributes, fileName, paths, csvOptions.provenance));
        },
        progress: (p) => {
          const final = p.done === p.total;
          // The engine's rate leaves cache hits out: null while every image so far came from the cache.
          const rate = p.imagesPerSecond ? `${p.imagesPerSecond.toFixed(1)} images/s` : '';
          const eta = p.etaMs !== null && !final ? `ETA ${formatClock(p.etaMs)}` : '';
          const extra = [rate, eta].filter(Boolean).join(', ');
          line.update(`scored ${p.done}/${p.total}${extra ? `  ${extra}` : ''}`, final);
        },
        cancelling: 'cancelling: keeping the images already scored',
      });
      line.end();
      if (end.outcome !== 'failed') writeHeader(); // an empty folder is still a CSV
      // A cancelled run keeps what was scored, beside the target as NAME.partial.csv: a partial list
      // must not pass for the whole folder, nor replace a complete CSV from an earlier run.
      // Owner-only, as the app's worklist export: results about patients (paths often name them).
      // Only a finished run replaces the CSV. A cancelled one, or one that failed after scoring some
      // images, keeps them as NAME.partial.csv; a failure with nothing scored writes nothing (a
      // header-only file would read as "nothing found").
      const partial = end.outcome === 'cancelled' || (end.outcome === 'failed' && rows.length > 0);
      // No image at all (an empty folder, a mount that is not there): an earlier run's CSV is not
      // replaced by a header. A shard may hold none: its part is written, for merge.
      const noImage = end.outcome === 'done' && rows.length === 0 && !shard;
      const csvFile = values.csv && !noImage && (end.outcome === 'done' ? values.csv : partial ? partialCsvName(values.csv) : undefined);
      if (csvFile) {
        // Every image is scored by now: a CSV that cannot be written is said as that, not as a failed run.
        const written = await writeFileAtomic(csvFile, scoreCsv(rows, csvOptions), 0o600).then(
          () => true,
          (err: unknown) => {
            const notes = end.result?.notes ?? [];
            for (const note of notes) process.stderr.write(`warning: ${note}\n`);
            // result-cache.ts words an unsaved cache so: then nothing is cached to say.
            const cacheSaved = !notes.some((n) => /^the result cache .* could not be saved/.test(n));
            const scored = rows.filter((r) => r.error === null).length;
            const cached = end.outcome === 'done' && cacheSaved && scored > 0 ? `; the ${scored} score${scored === 1 ? ' is' : 's are'} cached, so the same command again is quick` : '';
            console.error(`alveo score: ${err instanceof Error ? err.message : String(err)} (any earlier ${csvFile} is unchanged${cached})`);
            return false;
          },
        );
        if (!written) return 1;
        void engine.audit.record('scoreCsv', 'done', { file: csvFile, rows: rows.length, ...(attributes.length ? { columns: attributes } : {}) });
      }
      if (values.csv && end.outcome === 'done') await rm(partialCsvName(values.csv), { force: true }); // finished: the part is stale
      const skipped = end.result?.skipped ?? [];
      if (values.json) for (const s of skipped) printJsonLine({ file: fileName(s.file), ...(paths ? { path: s.file } : {}), skipped: s.reason });
      else if (skipped.length) process.stderr.write(`\n${skippedText(skipped)}`);
      // Problems beside the images (a cache that could not be saved, a mistyped site policy): the rows
      // are complete all the same, so they are warnings on stderr, never lines of the --json stream.
      for (const note of end.result?.notes ?? []) process.stderr.write(`warning: ${note}\n`);
      if (end.outcome === 'failed') {
        // Last, and worded apart from "N of M images failed": the whole run failed (same exit 1).
        if (csvFile) console.error(`the ${rows.length} image(s) scored before the failure are in ${csvFile}`);
        console.error(`alveo score: the run failed: ${end.error}`);
        return 1;
      }
      const failed = rows.filter((r) => r.error !== null).length;
      const where = csvFile ? ` -> ${csvFile}` : '';
      const engineName = end.result?.engine;
      const cache = cacheText(end.result?.fromCache ?? 0, rows.length - failed, end.result?.ms ?? 0);
      process.stderr.write(`\n${end.outcome === 'cancelled' ? 'cancelled: ' : ''}${rows.length - failed} scored${cache}, ${failed} failed${where}${engineName ? ` (${engineName})` : ''}\n`);
      if (csvFile && end.outcome === 'cancelled') process.stderr.write(`partial: the same command again finishes ${values.csv} (what is scored comes from the cache)\n`);
      if (values['dicom-out'] && end.outcome === 'done') {
        const d = await writeScoreDicom(engine, rows, values['dicom-out'], values.model, values.reader);
        process.stderr.write(`DICOM: ${d.written} SR + Secondary Capture pair(s) -> ${values['dicom-out']}; ${d.skipped} JPEG/PNG skipped (no study to attach to), ${d.failed} failed\n`);
        if (d.stopped) return stoppedExitCode();
        if (d.failed) return 1;
      }
      // A folder with no image (empty, a mount that is not there, a typo one level up) is not a
      // success for a scheduled run: exit 1, said last. The CSV (header only) says the same. One
      // shard of a small folder may hold none: merge --folder checks the whole.
      if (end.outcome === 'done' && rows.length === 0 && shard) process.stderr.write(`shard ${values.shard} holds no image of ${folder}\n`);
      else if (end.outcome === 'done' && rows.length === 0) {
        process.stderr.write(`alveo score: no image (DICOM, JPEG or PNG) found in ${folder}${values.recursive ? '' : ' (add --recursive for its sub-folders)'}${values.csv ? `; ${values.csv} not written` : ''}\n`);
        return EXIT.failed;
      }
      // Exit 1 also when the whole run fails: the last line says which of the two it is.
      if (end.outcome === 'done' && failed > 0) process.stderr.write(`${failed} of ${rows.length} images failed (each row says why)\n`);
      // Exit codes (cli-conventions.ts): 130/143 cancelled, 1 when any file failed, else 0.
      return end.outcome === 'done' && failed > 0 ? EXIT.failed : exitCodeOf(end);
    } catch (err) {
      console.error(`alveo score: the run failed: ${err instanceof Error ? err.message : String(err)}`);
      return 1;
    } finally {
      await engine.dispose();
    }
  },
});

/**
 * How many scores came from the result cache and how fast the rest were computed: a rate over
 * cache hits (thousands per second) would say nothing about the model's speed.
 */
function cacheText(fromCache: number, scored: number, ms: number): string {
  if (fromCache === 0) return '';
  const computed = scored - fromCache;
  if (computed <= 0) return ` (${fromCache} from the cache, none computed)`;
  const rate = ms > 0 ? ` at ${(computed / (ms / 1000)).toFixed(1)} images/s` : '';
  return ` (${fromCache} from the cache; ${computed} computed${rate})`;
}

/** --columns K1,K2: the DICOM keywords to add, or why they cannot be (a usage error). */
function parseColumns(text: string | undefined): string[] | string {
  if (text === undefined) return [];
  const keys = text.split(',').map((k) => k.trim()).filter(Boolean);
  const known = new Set<string>(ATTRIBUTE_KEYWORDS);
  const unknown = keys.filter((k) => !known.has(k));
  if (unknown.length) return `--columns: unknown DICOM keyword${unknown.length > 1 ? 's' : ''} ${unknown.join(', ')} (see alveo score --help)`;
  if (keys.length === 0) return '--columns needs at least one DICOM keyword, e.g. PatientName,StudyDate';
  return [...new Set(keys)];
}

/**
 * A row as one JSON object with the CSV's fields: named as the CSV names it (relative to the folder
 * unless identifiers were asked for), its status, notes and the run's provenance; attributes only
 * those asked for with --columns (no identifiers otherwise).
 */
function rowJson(row: ScoreRow, attributes: string[], fileName: (file: string) => string, paths: boolean, provenance: ScoreProvenance | undefined): Record<string, unknown> {
  const named = {
    file: fileName(row.file),
    ...(paths ? { path: row.file } : {}),
    probability: row.probability,
    label: row.label,
    threshold: row.threshold,
    model: row.model,
    error: row.error,
    warnings: row.warnings,
    warningCodes: row.warningCodes ?? [],
    status: scoreStatus(row),
    notes: row.notes ?? [],
    ...(provenance ? { provenance } : {}),
  };
  return attributes.length ? { ...named, attributes: Object.fromEntries(attributes.map((k) => [k, row.attributes[k] ?? null])) } : named;
}

function wrap(text: string, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(' ')) {
    if (line && line.length + word.length + 1 > width) {
      lines.push(line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  return line ? [...lines, line] : lines;
}
