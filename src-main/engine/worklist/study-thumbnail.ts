// Worklist thumbnails: the study as a radiologist sees it by default (displayPixels, or its colours), shrunk to fit
// a small square, as JPEG. Decoding is the cost, so answers are kept per file version in memory
// only (they are patient images: nothing is written to disk).
import { stat } from 'node:fs/promises';
import sharp from 'sharp';
import type { Thumbnail } from '../../api/contract';
import { AlveoError } from '../../api/errors';
import { Lru } from '../engine-lru';
import { displayPixels } from '../studies/display-pixels';
import { loadStudy } from '../studies/load-study';
import { notRegularReason, specialFileKind } from '../files/regular-file';
import { squarePixelSize } from '../studies/square-pixel-size';

export const DEFAULT_THUMBNAIL_SIZE = 96;
export const MAX_THUMBNAIL_SIZE = 512;

export class ThumbnailMaker {
  private readonly cache = new Lru<string, Promise<Thumbnail>>(512);

  /** Thumbnail of `file` fitting size x size (aspect kept). Throws AlveoError when it cannot be read. */
  async thumbnail(file: string, size = DEFAULT_THUMBNAIL_SIZE): Promise<Thumbnail> {
    if (!Number.isInteger(size) || size < 16 || size > MAX_THUMBNAIL_SIZE) {
      throw new AlveoError('BAD_ARGUMENT', `thumbnail size must be a whole number from 16 to ${MAX_THUMBNAIL_SIZE}`);
    }
    const s = await stat(file).catch(() => null);
    if (!s) throw new AlveoError('NOT_FOUND', 'no such file', file);
    if (s.isDirectory()) throw new AlveoError('NOT_AN_IMAGE', 'is a folder, not an image file', file);
    const kind = specialFileKind(s);
    if (kind) throw new AlveoError('NOT_AN_IMAGE', notRegularReason(kind), file);
    const key = `${size}|${s.size}|${s.mtimeMs}|${file}`;
    let made = this.cache.get(key);
    if (!made) {
      made = makeThumbnail(file, size);
      this.cache.set(key, made);
      made.catch(() => this.cache.delete(key)); // a failure may be transient (file still being copied)
    }
    return made;
  }
}

export async function makeThumbnail(file: string, size: number): Promise<Thumbnail> {
  const study = await loadStudy(file);
  // A colour image in colour, as the viewer shows it; a grayscale one as its default window shows it.
  const pixels = study.rgb ?? displayPixels(study);
  // Inside size x size, non-square pixels in their shape (one resize: sharp keeps only the last).
  const shown = squarePixelSize(study.rows, study.columns, study.display.spacing);
  const k = Math.min(size / shown.width, size / shown.height);
  const { data, info } = await sharp(pixels, { raw: { width: study.columns, height: study.rows, channels: study.rgb ? 3 : 1 } })
    .resize(Math.max(1, Math.round(shown.width * k)), Math.max(1, Math.round(shown.height * k)), { fit: 'fill', kernel: 'lanczos3' })
    .jpeg({ quality: 82 })
    .toBuffer({ resolveWithObject: true });
  return {
    file,
    width: info.width,
    height: info.height,
    rows: study.rows,
    columns: study.columns,
    mime: 'image/jpeg',
    data: new Uint8Array(data.buffer, data.byteOffset, data.byteLength),
  };
}
