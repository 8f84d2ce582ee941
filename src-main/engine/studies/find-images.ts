// The files of a folder, sorted by what their content says they are (never by name alone), so a
// batch accounts for every one of them:
//   files   - to open: DICOM (with or without the Part-10 preamble, any name, e.g. a SOP Instance
//             UID), JPEG and PNG by their magic bytes; and anything that should have been an image
//             but cannot be read (an image extension over other bytes, an empty file, a GIF or TIFF,
//             unrecognised binary), which then gets an error row saying why.
//   skipped - harmless non-images, listed with the reason: DICOMDIR indexes, DICOM objects that
//             hold no image (SR, key objects, presentation states...), Alveo's own results (its SR
//             and Grad-CAM capture, never read as patient images), text files, PDF and archives
//             (unless named like images), Thumbs.db / desktop.ini; and what a batch cannot look
//             into, so nothing vanishes: broken links, sub-folders Alveo cannot read, named pipes,
//             sockets and devices.
// Hidden files and folders (".name") are left out, and so is an Alveo user folder met inside the
// scanned one (user-folder-marker.ts).
import type { Stats } from 'node:fs';
import { readdir, realpath, stat } from 'node:fs/promises';
import { basename, extname, join } from 'node:path';
import { AlveoError } from '../../api/errors';
import { nonImageDicomReason } from './dicom/non-image-dicom';
import { isDicomdir, looksLikeText, sniffDocument, sniffFormat } from './sniff-format';
import { mapLimited } from '../map-limited';
import { notRegularReason, openRegularFile, specialFileKind } from './regular-file';
import { errnoInWords } from '../files/errno-in-words';
import { holdsUserFolderMarker, USER_FOLDER_SKIP_REASON } from '../user-folder/user-folder-marker';

const IMAGE_EXTENSIONS = new Set(['.dcm', '.dicom', '.dic', '.jpg', '.jpeg', '.png']);
const SYSTEM_FILES = new Set(['thumbs.db', 'desktop.ini']);
/** Enough for the DICM magic (132), a DICOMDIR's meta header and a fair look at text. */
const SNIFF_BYTES = 4096;
/** A DICOM's head, read again for its identifying attributes (group 0008 comes well before the pixels). */
const DICOM_HEAD_BYTES = 64 * 1024;
/** Files sniffed at once: hides the latency of network shares without flooding the disk. */
const PARALLEL = 16;

export interface SkippedFile {
  file: string;
  reason: string;
}

export interface FolderFiles {
  /** To open (images, and would-be images that will fail with a reason), sorted. */
  files: string[];
  /** Not opened, each with why: harmless non-images and what could not be looked into; sorted by file. */
  skipped: SkippedFile[];
}

async function head(file: string, size = SNIFF_BYTES): Promise<Uint8Array | null> {
  let handle;
  try {
    handle = await openRegularFile(file); // a FIFO given by path must not block the sniff
    const buf = Buffer.alloc(size);
    const { bytesRead } = await handle.read(buf, 0, size, 0);
    return buf.subarray(0, bytesRead);
  } catch {
    return null; // unreadable: it goes to `files`, where opening it reports the cause
  } finally {
    await handle?.close();
  }
}

/** Why a file is skipped, or null when it is (or should have been) an image. */
export async function skipReason(file: string): Promise<string | null> {
  const name = basename(file).toLowerCase();
  if (SYSTEM_FILES.has(name)) return 'a system file';
  const bytes = await head(file);
  if (bytes === null || bytes.length === 0) return null;
  const format = sniffFormat(bytes);
  if (format === 'dicom') {
    if (isDicomdir(bytes) || name === 'dicomdir') return 'a DICOMDIR (the index of a DICOM folder, not an image)';
    return dicomSkipReason(file);
  }
  if (format === 'jpeg' || format === 'png') return null;
  if (IMAGE_EXTENSIONS.has(extname(name))) return null; // named as an image: say why it is not one
  const document = sniffDocument(bytes);
  if (document) return document;
  if (looksLikeText(bytes)) return 'a text file';
  return null;
}

/** Why a DICOM file is skipped (an Alveo result, a non-image SOP class), or null: read from its head. */
export async function dicomSkipReason(file: string): Promise<string | null> {
  const bytes = await head(file, DICOM_HEAD_BYTES);
  return bytes === null ? null : nonImageDicomReason(bytes);
}

/** Why a sub-folder could not be listed, in words. */
function unreadableFolderReason(err: unknown): string {
  return `a folder Alveo cannot read (${errnoInWords(err)})`;
}

/** Why a symbolic link could not be followed, in words (ELOOP is not a missing target). */
export function unfollowedLinkReason(err: unknown): string {
  const code = (err as NodeJS.ErrnoException | null)?.code;
  if (code === 'ELOOP') return 'a link that points back to itself (a loop)';
  if (code === 'ENOENT' || code === 'ENOTDIR') return 'a broken link (its target does not exist)';
  return `a link Alveo cannot follow (${errnoInWords(err)})`;
}

// Hidden entries (macOS's ._ files and .DS_Store, a NAS's .snapshot) are not scored, but said, so a
// batch accounts for every name in the folder.
export const HIDDEN_FILE_REASON = 'a hidden file (its name starts with "."): not scored';
export const HIDDEN_FOLDER_REASON = 'a hidden folder (its name starts with "."): not looked into';

/** Said of a name that is not valid UTF-8 (Latin-1 names from old shares and CDs). */
export const NOT_UTF8_FILE_REASON = 'the file name is not valid UTF-8: Alveo cannot open it by name; rename it';
export const NOT_UTF8_FOLDER_REASON = 'the folder name is not valid UTF-8: Alveo cannot open it by name; rename it';

/**
 * The name as text, or null when its bytes are not valid UTF-8: Node would decode it with U+FFFD
 * and the path so made names no file ("no such file" later). A Buffer-path pipeline could open it.
 */
function utf8Name(raw: Buffer): string | null {
  const name = raw.toString('utf8');
  return Buffer.from(name, 'utf8').equals(raw) ? name : null;
}

/**
 * Every regular file under `folder` (links followed, loop-safe); what is not looked into (a hidden
 * file or folder, a broken link, an unreadable sub-folder, a special file) in `unlisted`, with why.
 */
async function listFiles(folder: string, recursive: boolean, signal?: AbortSignal): Promise<{ found: string[]; unlisted: SkippedFile[] }> {
  const found: string[] = [];
  const unlisted: SkippedFile[] = [];
  const seenDirs = new Set<string>(); // real paths: symlinked folders must not loop
  async function visit(dir: string, top: boolean): Promise<void> {
    signal?.throwIfAborted();
    const real = await realpath(dir).catch(() => dir);
    if (seenDirs.has(real)) return;
    seenDirs.add(real);
    let entries;
    try {
      // Names as bytes: one that is not valid UTF-8 is reported, not turned into a path that does not exist.
      entries = await readdir(dir, { withFileTypes: true, encoding: 'buffer' });
    } catch (err) {
      if (!top) {
        unlisted.push({ file: dir, reason: unreadableFolderReason(err) }); // keep the rest, but say so
        return;
      }
      const code = (err as NodeJS.ErrnoException).code;
      throw new AlveoError(code === 'ENOENT' ? 'NOT_FOUND' : 'BAD_ARGUMENT', code === 'ENOTDIR' ? 'is not a folder' : `cannot read the folder (${errnoInWords(err)})`, dir);
    }
    if (!top && holdsUserFolderMarker(entries.map((e) => e.name.toString('utf8')))) {
      unlisted.push({ file: dir, reason: USER_FOLDER_SKIP_REASON });
      return;
    }
    for (const entry of entries) {
      const name = utf8Name(entry.name);
      if (name === null) {
        const shown = entry.name.toString('utf8'); // with U+FFFD: enough for a person to find it
        if (shown.startsWith('.')) {
          if (!entry.isDirectory() || recursive) unlisted.push(hidden(join(dir, shown), entry.isDirectory()));
        } else unlisted.push({ file: join(dir, shown), reason: entry.isDirectory() ? NOT_UTF8_FOLDER_REASON : NOT_UTF8_FILE_REASON });
        continue;
      }
      const path = join(dir, name);
      if (name.startsWith('.')) {
        // A hidden sub-folder is said only where sub-folders are looked into (--recursive).
        if (!entry.isDirectory() || recursive) unlisted.push(hidden(path, entry.isDirectory()));
        continue;
      }
      // Symbolic links are followed (datasets are often assembled from links); one that cannot be
      // followed is listed as skipped with why, so a batch accounts for every name in the folder.
      let target: Stats | undefined;
      if (entry.isSymbolicLink()) {
        signal?.throwIfAborted();
        try {
          target = await stat(path);
        } catch (err) {
          unlisted.push({ file: path, reason: unfollowedLinkReason(err) });
          continue;
        }
      }
      const kind = target ?? entry;
      if (kind.isDirectory()) {
        if (recursive) await visit(path, false);
        continue;
      }
      if (kind.isFile()) {
        found.push(path);
        continue;
      }
      // specialFileKind takes a Dirent<string>, not this byte-named one: stat the (rare) special file.
      const stats = target ?? (await stat(path).catch(() => null));
      const special = stats && specialFileKind(stats);
      if (special) unlisted.push({ file: path, reason: notRegularReason(special) });
    }
  }
  await visit(folder, true);
  return { found, unlisted };
}

function hidden(file: string, isFolder: boolean): SkippedFile {
  return { file, reason: isFolder ? HIDDEN_FOLDER_REASON : HIDDEN_FILE_REASON };
}

/**
 * The folder's files, split into those to open and those skipped (with why). `signal` stops the
 * listing between files (it rejects with the abort reason): a cancelled run does not first sniff
 * every file of a large folder, which takes long while another run holds the engine's thread.
 */
export async function findStudyFiles(folder: string, recursive: boolean, signal?: AbortSignal): Promise<FolderFiles> {
  const { found, unlisted } = await listFiles(folder, recursive, signal);
  const all = found.sort();
  const reasons = await mapLimited(all, PARALLEL, (file) => {
    signal?.throwIfAborted();
    return skipReason(file);
  });
  const files: string[] = [];
  const skipped: SkippedFile[] = [...unlisted];
  all.forEach((file, i) => {
    const reason = reasons[i];
    if (reason === null) files.push(file);
    else skipped.push({ file, reason });
  });
  skipped.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
  return { files, skipped };
}

/** The files to open (see findStudyFiles); the skipped ones are left out. */
export async function findImageFiles(folder: string, recursive: boolean): Promise<string[]> {
  return (await findStudyFiles(folder, recursive)).files;
}
