// The files of a labelled folder that an evaluation does not count, each with why, so the report
// accounts for every file as `alveo score` does: a labelled file that should have been an image but
// cannot be read (a GIF or text named .jpeg, an empty file, a broken link named like an image, a
// damaged DICOM) has FAILED; a harmless one (text, PDF, hidden or system file, a DICOM that holds no
// image, a file outside the class folders) is SKIPPED. The split follows find-images.ts (score's
// rules), judged from the files themselves rather than from the import's wording.
import { lstat, stat } from 'node:fs/promises';
import { basename, dirname, extname, relative, isAbsolute } from 'node:path';
import type { SkippedFile } from '../../api/datasets';
import { dicomSkipReason, skipReason } from '../studies/find-images';
import type { Dataset } from './import-dataset';
import { detectLayout, type LayoutFound } from './dataset-layout';
import { readRsnaLabels } from './rsna-labels';

const IMAGE_EXTENSIONS = new Set(['.dcm', '.dicom', '.dic', '.jpg', '.jpeg', '.png']);
const SYSTEM_FILES = new Set(['thumbs.db', 'desktop.ini', '__macosx']);

export interface LeftOut {
  failed: SkippedFile[];
  skipped: SkippedFile[];
  /** Left out by the import but not listed by it (its list is capped): not classified. */
  notListed: number;
}

const inside = (dir: string, file: string) => {
  const r = relative(dir, file);
  return r !== '' && !r.startsWith('..') && !isAbsolute(r);
};

/**
 * Classifies the files the import left out. `split`: the Kermany split evaluated ('all' or a
 * validation split: every folder); files of other splits are not part of this evaluation and
 * are not listed.
 */
export async function leftOutFiles(ds: Dataset, split: string): Promise<LeftOut> {
  const listed = ds.summary.skipped.files;
  const notListed = Math.max(0, ds.summary.skipped.total - listed.length);
  if (listed.length === 0) return { failed: [], skipped: [], notListed };
  let found: LayoutFound | null = null;
  try {
    found = await detectLayout(ds.summary.root);
  } catch {
    found = null; // the folder changed under us: every listed file is classified as labelled
  }
  const official = ds.summary.layout === 'kermany' && (split === 'train' || split === 'val' || split === 'test') ? split : null;
  const classFolders = (found?.classFolders ?? []).filter((c) => !official || c.split === official);
  // Kermany, one split: only files under that split's folders belong to this evaluation.
  const area = official ? [...new Set(classFolders.map((c) => dirname(c.folder)))] : null;
  const rsna = found?.layout === 'rsna' && found.labelsCsv ? await readRsnaLabels(found.labelsCsv).catch(() => null) : null;
  const labelled = (file: string): boolean => {
    if (!found) return true;
    if (found.layout === 'rsna') return rsna ? rsna.has(basename(file, extname(file))) : true;
    return classFolders.some((c) => inside(c.folder, file));
  };
  const out: LeftOut = { failed: [], skipped: [], notListed };
  for (const s of listed) {
    if (area && !area.some((d) => inside(d, s.file))) continue;
    const r = await classify(s, labelled(s.file));
    out[r.kind].push({ file: s.file, reason: r.reason });
  }
  return out;
}

async function classify(s: SkippedFile, labelled: boolean): Promise<{ kind: 'failed' | 'skipped'; reason: string }> {
  const skipped = (reason = s.reason) => ({ kind: 'skipped' as const, reason });
  const failed = (reason = s.reason) => ({ kind: 'failed' as const, reason });
  const name = basename(s.file).toLowerCase();
  if (!labelled || name.startsWith('.') || SYSTEM_FILES.has(name)) return skipped();
  const st = await stat(s.file).catch(() => null);
  if (!st) {
    const link = (await lstat(s.file).catch(() => null))?.isSymbolicLink() ?? false;
    const reason = link ? 'a broken link (its target does not exist)' : s.reason;
    // A missing labelled image fails; a dangling link named otherwise is a harmless leftover.
    return IMAGE_EXTENSIONS.has(extname(name)) ? failed(reason) : skipped(reason);
  }
  if (!st.isFile()) return skipped();
  const why = await skipReason(s.file).catch(() => null);
  return why === null ? failed() : skipped(why);
}

/**
 * Of the images that failed to decode, those score would skip (DICOMs that hold no image: SR, key
 * objects, Alveo's own results) move to `skipped`.
 */
export async function splitDecodeFailures(failures: SkippedFile[], isDicom: (file: string) => boolean): Promise<LeftOut> {
  const out: LeftOut = { failed: [], skipped: [], notListed: 0 };
  for (const f of failures) {
    const why = isDicom(f.file) ? await dicomSkipReason(f.file).catch(() => null) : null;
    if (why) out.skipped.push({ file: f.file, reason: why });
    else out.failed.push(f);
  }
  return out;
}
