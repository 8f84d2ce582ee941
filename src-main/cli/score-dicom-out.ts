// `alveo score --dicom-out DIR`: after scoring, an SR and a Grad-CAM Secondary Capture for every
// scored DICOM (each reopened: the heatmap is not part of a scoring run), through the engine's
// saveFilesDicom (the app's 'dicom-results' job does the same). JPEG/PNG files are counted as
// skipped: they have no patient or study to attach a DICOM result to.
import type { ScoreRow } from '../api/contract';
import type { Engine } from '../engine/index';
import { saveFilesDicom } from '../engine/pacs/save-files-dicom';
import { stopBetweenItems } from './stop-between-items';

export interface ScoreDicomSummary {
  written: number;
  skipped: number;
  failed: number;
  /** Stopped by a stop request (Ctrl-C, SIGTERM...) before every file was done. */
  stopped: boolean;
}

export async function writeScoreDicom(engine: Engine, rows: ScoreRow[], outDir: string, modelId?: string, reader?: string): Promise<ScoreDicomSummary> {
  const version = (await engine.getInfo()).version;
  let progress = 'DICOM results 0';
  const stop = stopBetweenItems(() => progress);
  try {
    const files = rows.filter((r) => r.error === null).map((r) => r.file);
    const r = await saveFilesDicom(engine, files, outDir, version, {
      modelId,
      ...(reader ? { reader } : {}),
      signal: stop.signal,
      progress: (done, total) => {
        progress = `DICOM results ${done} of ${total}`;
        if (done % 10 === 0 || done === total) process.stderr.write(`DICOM results ${done}/${total}\n`);
      },
    });
    for (const f of r.failed) process.stderr.write(`${f.file}: no DICOM result: ${f.error}\n`);
    // As alveo predict says them: what the results left empty of the source, never guessed.
    for (const n of r.notes ?? []) for (const note of n.notes) process.stderr.write(`${n.file}: DICOM result note: ${note}\n`);
    // As the app's 'dicom-results' job is recorded (its end line): how many, where.
    void engine.audit.record('scoreDicomOut', stop.signal.aborted ? 'cancelled' : 'done', { files: files.length, outDir, model: modelId ?? 'active', written: r.written, skipped: r.skipped, failed: r.failed.length });
    return { written: r.written, skipped: r.skipped, failed: r.failed.length, stopped: stop.signal.aborted };
  } finally {
    stop.dispose();
  }
}
