// Big files are judged by their head before anything reads them whole (review 18 H4, M1): a 1 GB
// file named .dcm that is not an image is refused from its first bytes, with little memory; the
// header reader keeps the same 1 GiB limit and words as every other reader, also past 2 GiB.
// The big files are sparse (truncate): they take no disk.
import assert from 'node:assert/strict';
import { truncate, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { before, test } from 'node:test';
import { AlveoError } from '../../../src-main/api/errors';
import { loadStudy, readStudyBytes } from '../../../src-main/engine/studies/load-study';
import { readImageHeader } from '../../../src-main/engine/study-sets/read-image-header';
import { dicomBytes } from '../../fixtures/write-dicom';
import { tempDir } from '../../support/temp-dir';

let dir: string;
before(async () => {
  dir = await tempDir('alveo-study-bytes-');
});

const MB = 2 ** 20;

/** A sparse file of `size` bytes that starts with `head`. */
async function sparse(name: string, head: Buffer, size: number): Promise<string> {
  const path = join(dir, name);
  await writeFile(path, head);
  await truncate(path, size);
  return path;
}

/** Peak resident memory of this process so far, in bytes. */
const peakRss = () => process.resourceUsage().maxRSS * 1024;

async function refused(run: Promise<unknown>, path: string, code: string, words: RegExp): Promise<void> {
  await assert.rejects(run, (err: unknown) => {
    assert.ok(err instanceof AlveoError, String(err));
    assert.equal(err.code, code, err.message);
    assert.equal(err.file, path);
    assert.match(err.message, words);
    return true;
  });
}

test('a 1000 MB file named .dcm that is not an image is refused from its head, without reading it whole', async () => {
  const zeros = await sparse('junk.dcm', Buffer.alloc(0), 1000 * MB);
  const gif = await sparse('renamed.png', Buffer.from('GIF89a'), 1000 * MB);
  const peak = peakRss();
  await refused(loadStudy(zeros), zeros, 'NOT_AN_IMAGE', /: not a DICOM, JPEG or PNG image$/);
  await refused(loadStudy(gif), gif, 'UNSUPPORTED', /: this is a GIF image; Alveo opens DICOM, JPEG and PNG files$/);
  // Read whole, each would have taken 1000 MB: the head is a few KB.
  const grew = peakRss() - peak;
  assert.ok(grew < 200 * MB, `peak memory grew by ${Math.round(grew / MB)} MB`);
  // The reader a batch calls (then hashing the bytes for its cache) refuses it the same way.
  await refused(readStudyBytes(zeros), zeros, 'NOT_AN_IMAGE', /: not a DICOM, JPEG or PNG image$/);
});

test('an image still reads whole, and a headerless DICOM whose first element is longer than the head still opens', async () => {
  const spec = { rows: 4, columns: 4, pixels: Array.from({ length: 16 }, (_, i) => i * 100) };
  const part10 = dicomBytes(spec);
  const path = join(dir, 'small.dcm');
  await writeFile(path, part10);
  assert.deepEqual(await readStudyBytes(path), part10);
  // (0008,0008) ImageType comes first in an ACR-NEMA style file: 6000 bytes, past the 4 KB head.
  const raw = dicomBytes({ ...spec, encoding: 'implicit-nometa', attributes: { ImageType: 'ORIGINAL'.padEnd(6000, 'X') } });
  assert.equal(raw.readUInt32LE(4), 6000);
  const rawPath = join(dir, 'acr-nema.dcm');
  await writeFile(rawPath, raw);
  assert.equal((await loadStudy(rawPath)).rows, 4);
});

test('the header reader keeps the 1 GiB limit and its words, also past 2 GiB (not Node\'s raw error)', async () => {
  const dicm = Buffer.concat([Buffer.alloc(128), Buffer.from('DICM')]);
  for (const mb of [1100, 3072]) {
    const path = await sparse(`big-${mb}.dcm`, dicm, mb * MB);
    await refused(readImageHeader(path), path, 'TOO_LARGE', new RegExp(`: the file is too large to open \\(${mb} MB\\)$`));
    await refused(readStudyBytes(path), path, 'TOO_LARGE', new RegExp(`: the file is too large to open \\(${mb} MB\\)$`));
  }
});
