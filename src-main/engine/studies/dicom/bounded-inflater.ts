// Deflated Explicit VR Little Endian (1.2.840.10008.1.2.1.99) is the one transfer syntax where
// dicom-parser inflates the whole data set in one synchronous call with no limit: a 1.5 MB file of
// zeros can inflate to gigabytes and freeze the engine (review 16 M1). This inflater stops at a
// budget above any image Alveo would open, and names the file.
import { inflateRawSync } from 'node:zlib';
import { AlveoError } from '../../../api/errors';

/** 256 MiB: a 100-megapixel 16-bit frame (MAX_PIXELS) and its header fit; a bomb does not. */
export const MAX_INFLATED_BYTES = 256 * 1024 * 1024;

/** dicom-parser's `inflater` option: the header bytes up to `position`, then the data set inflated within `limit`. */
export function boundedInflater(file?: string, limit = MAX_INFLATED_BYTES): (bytes: Uint8Array, position: number) => Uint8Array {
  return (bytes, position) => {
    let inflated: Buffer;
    try {
      inflated = inflateRawSync(bytes.subarray(position), { maxOutputLength: limit });
    } catch (err) {
      const e = err as NodeJS.ErrnoException;
      if (e.code === 'ERR_BUFFER_TOO_LARGE' || e instanceof RangeError) {
        throw new AlveoError('TOO_LARGE', `its deflated data set inflates to more than ${Math.round(limit / 2 ** 20)} MiB (more than any image Alveo opens): refused`, file);
      }
      throw new AlveoError('CORRUPT', `its deflated data set cannot be inflated (${e.message})`, file);
    }
    const full = Buffer.alloc(position + inflated.length);
    full.set(bytes.subarray(0, position), 0);
    full.set(inflated, position);
    return full;
  };
}
