// openStudySet: folders (searched recursively; a DICOMDIR at the top is used as the index), single
// files and DICOMDIRs become one study set. Headers only: pixels are decoded when an image is
// opened. Files that are not images are listed with the reason, never dropped silently: unreadable
// would-be images as errors (with their kind), harmless non-images of a folder as skipped. Alveo's
// own results (its SR and Grad-CAM capture) are skipped wherever they come from (a folder, a file
// given by itself as a PACS open does, a DICOMDIR), as are SR and other non-image DICOM objects.
import { readdir, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { StudySet } from '../../api/contract';
import { AlveoError, serializeError } from '../../api/errors';
import { errorText } from '../inference/score-folder';
import { alveoResultKind, alveoResultReason } from '../studies/alveo-result';
import { dicomSkipReason, findStudyFiles } from '../studies/find-images';
import { notRegularReason, specialFileKind } from '../studies/regular-file';
import { groupStudySet } from './group-study-set';
import type { ImageHeader } from './image-header';
import { readDicomdir } from './read-dicomdir';
import { readImageHeader } from './read-image-header';
import { mapLimited } from '../map-limited';

const CONCURRENCY = 4;

interface Collected {
  files: string[];
  /** Attributes a DICOMDIR's records give for a file (used where the file's header is silent). */
  fromIndex: Map<string, Record<string, string>>;
  errors: StudySet['errors'];
  skipped: StudySet['skipped'];
}

function errorOf(err: unknown, file: string): StudySet['errors'][number] {
  return { file, error: errorText(err, file), code: serializeError(err).code };
}

/** Refuses a named pipe, socket or device by name: reading one would block or make no sense. */
async function refuseSpecial(file: string): Promise<void> {
  const s = await stat(file).catch(() => null);
  const kind = s && specialFileKind(s);
  if (kind) throw new AlveoError('NOT_AN_IMAGE', notRegularReason(kind), file);
}

async function addDicomdir(file: string, into: Collected): Promise<void> {
  await refuseSpecial(file); // a DICOMDIR is read whole: a FIFO so named would hang the read
  const { images, missing, errors } = await readDicomdir(file);
  for (const image of images) {
    into.files.push(image.file);
    into.fromIndex.set(image.file, image.attributes);
  }
  for (const m of missing) into.errors.push({ file: m, error: 'listed in the DICOMDIR but missing on disk', code: 'NOT_FOUND' });
  // Records pointing outside the medium's folder are never opened, but said.
  into.errors.push(...errors);
}

async function topLevelDicomdir(folder: string): Promise<string | null> {
  const names = await readdir(folder).catch(() => [] as string[]);
  const hit = names.find((n) => n.toUpperCase() === 'DICOMDIR');
  return hit ? join(folder, hit) : null;
}

async function collect(paths: readonly string[]): Promise<Collected> {
  const into: Collected = { files: [], fromIndex: new Map(), errors: [], skipped: [] };
  for (const p of paths.map((x) => resolve(x))) {
    try {
      const s = await stat(p).catch(() => null);
      if (!s) throw new AlveoError('NOT_FOUND', 'the file or folder does not exist', p);
      if (s.isDirectory()) {
        const index = await topLevelDicomdir(p);
        // An index that cannot be read is named itself, not the folder that holds it.
        if (index) await addDicomdir(index, into).catch((err: unknown) => into.errors.push(errorOf(err, index)));
        else {
          const found = await findStudyFiles(p, true);
          into.files.push(...found.files);
          into.skipped.push(...found.skipped);
        }
      } else {
        await refuseSpecial(p);
        const reason = await dicomSkipReason(p);
        if (reason) into.skipped.push({ file: p, reason });
        else into.files.push(p);
      }
    } catch (err) {
      into.errors.push(errorOf(err, p));
    }
  }
  return into;
}

export async function openStudySet(paths: readonly string[]): Promise<StudySet> {
  const collected = await collect(paths);
  const headers: ImageHeader[] = [];
  const errors = collected.errors;
  const seen = new Set<string>();
  // A file can turn out to be a DICOMDIR only once read: expand it, then read what it lists.
  let queue = collected.files;
  while (queue.length) {
    const batch = queue.filter((f) => !seen.has(f) && (seen.add(f), true));
    queue = [];
    const reads = await mapLimited(batch, CONCURRENCY, async (file) => {
      try {
        return await readImageHeader(file);
      } catch (err) {
        errors.push(errorOf(err, file));
        return null;
      }
    });
    for (const r of reads) {
      if (!r) continue;
      if (r.kind === 'image') {
        const alveo = alveoResultKind(r.header.attributes);
        if (alveo) {
          // Listed by a DICOMDIR, or its head too long for the sniff: still never a patient image.
          collected.skipped.push({ file: r.header.file, reason: alveoResultReason(alveo) });
          continue;
        }
        const index = collected.fromIndex.get(r.header.file);
        headers.push(index ? { ...r.header, attributes: { ...index, ...r.header.attributes } } : r.header);
        continue;
      }
      const before = collected.files.length;
      try {
        await addDicomdir(r.file, collected);
      } catch (err) {
        errors.push(errorOf(err, r.file));
      }
      queue.push(...collected.files.slice(before));
    }
  }
  errors.sort((x, y) => x.file.localeCompare(y.file));
  collected.skipped.sort((x, y) => x.file.localeCompare(y.file));
  return groupStudySet(headers, errors, collected.skipped);
}
