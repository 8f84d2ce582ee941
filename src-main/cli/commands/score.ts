// alveo score FOLDER [--csv OUT] [--recursive] [--model ID|DIR] [--shard I/N] [--dicom-out DIR]
// Scores every image in the folder: CSV to OUT (atomically) or stdout, progress with ETA on
// stderr. Ctrl-C cancels and keeps (writes) what is done; a second Ctrl-C quits at once.
import { parseArgs } from 'node:util';
import type { ScoreRow } from '../../api/contract';
import { createEngine, sourceTreeDeps } from '../../engine/index';
import { parseShard } from '../../engine/inference/shard-files';
import { scoreCsv, scoreCsvLine, SCORE_CSV_COLUMNS } from '../../engine/inference/score-csv';
import { writeFileAtomic } from '../../engine/atomic-files';
import { formatClock } from '../../engine/training/progress-text';
import type { CliCommand } from '../command';
import { progressLine } from '../progress-line';
import { writeScoreDicom } from '../score-dicom-out';
import { exitCodeOf, runJob } from '../run-job';

export const command: CliCommand = {
  usage: 'score FOLDER [--csv OUT] [--recursive] [--model ID|DIR] [--shard I/N] [--dicom-out DIR]',
  summary: 'score every image in a folder, CSV out',
  async run(argv) {
    const { values, positionals } = parseArgs({
      args: argv,
      allowPositionals: true,
      options: { csv: { type: 'string' }, recursive: { type: 'boolean', default: false }, model: { type: 'string' }, shard: { type: 'string' }, 'dicom-out': { type: 'string' } },
    });
    const [folder] = positionals;
    if (!folder || positionals.length > 1) {
      console.error(`usage: alveo ${command.usage}`);
      return 2;
    }
    let shard;
    try {
      shard = values.shard === undefined ? undefined : parseShard(values.shard); // 0-based I of N (merge: alveo merge)
    } catch (err) {
      console.error(`alveo score: ${(err as Error).message}\nusage: alveo ${command.usage}`);
      return 2;
    }
    const engine = createEngine(sourceTreeDeps());
    const rows: ScoreRow[] = [];
    const toStdout = !values.csv;
    const line = progressLine(2000);
    try {
      if (toStdout) process.stdout.write(SCORE_CSV_COLUMNS.join(',') + '\n');
      const end = await runJob(engine, 'score', () => engine.startScore({ folder, recursive: values.recursive, modelId: values.model, shard }), {
        row: (row) => {
          rows.push(row);
          if (toStdout) process.stdout.write(scoreCsvLine(row) + '\n');
        },
        progress: (p) => {
          const final = p.done === p.total;
          const rate = p.imagesPerSecond ? `${p.imagesPerSecond.toFixed(1)} images/s` : '';
          const eta = p.etaMs !== null && !final ? `ETA ${formatClock(p.etaMs)}` : '';
          line.update(`scored ${p.done}/${p.total}  ${[rate, eta].filter(Boolean).join(', ')}`, final);
        },
        cancelling: 'cancelling: keeping the images already scored',
      });
      line.end();
      // A cancelled run keeps (writes) what was scored.
      if (values.csv) await writeFileAtomic(values.csv, scoreCsv(rows));
      if (end.outcome === 'failed') {
        console.error(`alveo score: ${end.error}`);
        return 1;
      }
      const failed = rows.filter((r) => r.error !== null).length;
      const where = values.csv ? ` -> ${values.csv}` : '';
      const engineName = end.result?.engine;
      process.stderr.write(`\n${end.outcome === 'cancelled' ? 'cancelled: ' : ''}${rows.length - failed} scored, ${failed} failed${where}${engineName ? ` (${engineName})` : ''}\n`);
      if (values['dicom-out'] && end.outcome === 'done') {
        const d = await writeScoreDicom(engine, rows, values['dicom-out'], values.model);
        process.stderr.write(`DICOM: ${d.written} SR + Secondary Capture pair(s) -> ${values['dicom-out']}; ${d.skipped} JPEG/PNG skipped (no study to attach to), ${d.failed} failed\n`);
        if (d.failed) return 1;
      }
      return exitCodeOf(end);
    } catch (err) {
      console.error(`alveo score: ${err instanceof Error ? err.message : String(err)}`);
      return 1;
    } finally {
      await engine.dispose();
    }
  },
};
