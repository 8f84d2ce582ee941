// alveo score FOLDER [--csv OUT] [--recursive] [--model ID|DIR]
// Scores every image in the folder: CSV to OUT (atomically) or stdout, progress with ETA on
// stderr. Ctrl-C cancels and keeps (writes) what is done; a second Ctrl-C quits at once.
import { parseArgs } from 'node:util';
import type { ScoreRow } from '../../api/contract';
import type { EngineEvent, JobProgress } from '../../api/events';
import { createEngine, sourceTreeDeps } from '../../engine/index';
import { scoreCsv, scoreCsvLine, SCORE_CSV_COLUMNS } from '../../engine/inference/score-csv';
import { writeFileAtomic } from '../../engine/inference/write-file-atomic';
import type { CliCommand } from '../command';

export const command: CliCommand = {
  usage: 'score FOLDER [--csv OUT] [--recursive] [--model ID|DIR]',
  summary: 'score every image in a folder, CSV out',
  async run(argv) {
    const { values, positionals } = parseArgs({
      args: argv,
      allowPositionals: true,
      options: { csv: { type: 'string' }, recursive: { type: 'boolean', default: false }, model: { type: 'string' } },
    });
    const [folder] = positionals;
    if (!folder || positionals.length > 1) {
      console.error(`usage: alveo ${command.usage}`);
      return 2;
    }
    const engine = createEngine(sourceTreeDeps());
    const rows: ScoreRow[] = [];
    const toStdout = !values.csv;
    let jobId: string | null = null;
    let cancelled = false;
    const onSigint = () => {
      if (cancelled || !jobId) process.exit(130);
      cancelled = true;
      process.stderr.write('\ncancelling: keeping the images already scored (Ctrl-C again to quit now)\n');
      void engine.cancelJob(jobId);
    };
    const progress = progressPrinter();
    let ended: EngineEvent | null = null;
    try {
      const finished = new Promise<void>((resolve) => {
        engine.subscribe((e) => {
          if (e.jobId !== jobId) return;
          if (e.type === 'job:row') {
            rows.push(e.row);
            if (toStdout) process.stdout.write(scoreCsvLine(e.row) + '\n');
          } else if (e.type === 'job:progress') progress(e);
          else {
            ended = e;
            resolve();
          }
        });
      });
      if (toStdout) process.stdout.write(SCORE_CSV_COLUMNS.join(',') + '\n');
      ({ jobId } = await engine.startScore({ folder, recursive: values.recursive, modelId: values.model }));
      process.on('SIGINT', onSigint);
      await finished;
      if (values.csv) await writeFileAtomic(values.csv, scoreCsv(rows));
      const end = ended as EngineEvent | null;
      if (end?.type === 'job:error' && !end.cancelled) {
        console.error(`alveo score: ${end.error}`);
        return 1;
      }
      const failed = rows.filter((r) => r.error !== null).length;
      const where = values.csv ? ` -> ${values.csv}` : '';
      process.stderr.write(`\n${cancelled ? 'cancelled: ' : ''}${rows.length - failed} scored, ${failed} failed${where}\n`);
      return cancelled ? 130 : 0;
    } catch (err) {
      console.error(`alveo score: ${err instanceof Error ? err.message : String(err)}`);
      return 1;
    } finally {
      process.off('SIGINT', onSigint);
      await engine.dispose();
    }
  },
};

/** One updating line on a terminal; otherwise a line every 2 s at most (logs stay short). */
function progressPrinter(): (p: JobProgress) => void {
  const tty = process.stderr.isTTY;
  let last = 0;
  return (p) => {
    const now = Date.now();
    const final = p.done === p.total;
    if (!tty && !final && now - last < 2000) return;
    last = now;
    const rate = p.imagesPerSecond ? `${p.imagesPerSecond.toFixed(1)} images/s` : '';
    const eta = p.etaMs !== null && !final ? `ETA ${clock(p.etaMs)}` : '';
    const line = `scored ${p.done}/${p.total}  ${[rate, eta].filter(Boolean).join(', ')}`;
    process.stderr.write(tty ? `\r${line.padEnd(60)}` : `${line}\n`);
  };
}

function clock(ms: number): string {
  const s = Math.round(ms / 1000);
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const ss = String(s % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${ss}` : `${m}:${ss}`;
}
