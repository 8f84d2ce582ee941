// "Save results as DICOM" for many files (a worklist's scored rows): each opened, its SR +
// Grad-CAM capture written, then closed, so a long list never holds more than one study.
// JPEG/PNG files are counted as skipped: they have no patient or study to attach a result to.
// Alveo's own results are refused (failed, with why): no result is ever made of a result.
import type { DicomResultsSummary } from '../../api/pacs';
import { AlveoError } from '../../api/errors';
import { errorText } from '../inference/score-folder';
import { saveStudyDicom, type StudyResultSource } from './save-study-dicom';

export interface StudyFileSource extends StudyResultSource {
  openStudy(file: string): Promise<{ studyId: string }>;
  closeStudy(studyId: string): Promise<void>;
}

export interface SaveFilesOptions {
  modelId?: string;
  /** Whose reads the SRs carry (the OS user when absent). */
  reader?: string;
  /** Checked between files: a file in progress is finished, the rest are left. */
  signal?: AbortSignal;
  progress?: (done: number, total: number) => void;
}

export async function saveFilesDicom(engine: StudyFileSource, files: string[], outDir: string, softwareVersion: string, opts: SaveFilesOptions = {}): Promise<DicomResultsSummary> {
  const summary: DicomResultsSummary = { written: 0, skipped: 0, failed: [] };
  for (const [i, file] of files.entries()) {
    if (opts.signal?.aborted) break;
    try {
      const { studyId } = await engine.openStudy(file);
      try {
        const saved = await saveStudyDicom(engine, studyId, outDir, softwareVersion, opts.modelId, opts.reader);
        summary.written++;
        if (saved.notes.length) (summary.notes ??= []).push({ file, notes: [...saved.notes] });
      } finally {
        await engine.closeStudy(studyId);
      }
    } catch (err) {
      if (err instanceof AlveoError && err.code === 'UNSUPPORTED') summary.skipped++;
      else summary.failed.push({ file, error: errorText(err, file) });
    }
    opts.progress?.(i + 1, files.length);
  }
  return summary;
}
