// `alveo score --dicom-out DIR`: after scoring, an SR and a Grad-CAM Secondary Capture for every
// scored DICOM (each reopened: the heatmap is not part of a scoring run). JPEG/PNG files are
// counted as skipped: they have no patient or study to attach a DICOM result to.
import type { ScoreRow } from '../api/contract';
import { AlveoError } from '../api/errors';
import type { Engine } from '../engine/index';
import { errorText } from '../engine/inference/score-folder';
import { saveStudyDicom } from '../engine/pacs/save-study-dicom';

export interface ScoreDicomSummary {
  written: number;
  skipped: number;
  failed: number;
}

export async function writeScoreDicom(engine: Engine, rows: ScoreRow[], outDir: string, modelId?: string): Promise<ScoreDicomSummary> {
  const version = (await engine.getInfo()).version;
  const summary: ScoreDicomSummary = { written: 0, skipped: 0, failed: 0 };
  let stop = false;
  const onSigint = () => {
    if (stop) process.exit(130);
    stop = true;
    process.stderr.write('\nstopping after this file (Ctrl-C again to quit now)\n');
  };
  process.on('SIGINT', onSigint);
  try {
    const scored = rows.filter((r) => r.error === null);
    for (const [i, row] of scored.entries()) {
      if (stop) break;
      try {
        const { studyId } = await engine.openStudy(row.file);
        try {
          await saveStudyDicom(engine, studyId, outDir, version, modelId);
          summary.written++;
        } finally {
          await engine.closeStudy(studyId);
        }
      } catch (err) {
        if (err instanceof AlveoError && err.code === 'UNSUPPORTED') summary.skipped++;
        else {
          summary.failed++;
          process.stderr.write(`${row.file}: no DICOM result: ${errorText(err, row.file)}\n`);
        }
      }
      if ((i + 1) % 10 === 0 || i + 1 === scored.length) process.stderr.write(`DICOM results ${i + 1}/${scored.length}\n`);
    }
    return summary;
  } finally {
    process.off('SIGINT', onSigint);
  }
}
