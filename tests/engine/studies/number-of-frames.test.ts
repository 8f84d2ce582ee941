// Number of Frames against the pixel data (review 45 F9). Files written here.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { AlveoError } from '../../../src-main/api/errors';
import { loadStudy } from '../../../src-main/engine/studies/load-study';
import { inspectDicom } from '../../../src-main/engine/studies/inspect-dicom';
import { writeDicom, type DicomSpec } from '../../fixtures/write-dicom';
import { tempDir } from '../../support/temp-dir';

const SIDE = 8;
const pixels = (frames: number) => Array.from({ length: frames * SIDE * SIDE }, (_, i) => i);

async function write(spec: Omit<DicomSpec, 'rows' | 'columns'>): Promise<string> {
  return writeDicom(join(await tempDir('alveo-frames-'), 'f.dcm'), { rows: SIDE, columns: SIDE, attributes: { Modality: 'CR' }, ...spec });
}

test('uncompressed: a header claiming 1000000 frames over 2 frames of pixels offers the 2, and says so', async () => {
  const path = await write({ pixels: pixels(2), elements: [[0x00280008, 'IS', '1000000']] });
  const second = await loadStudy(path, { frame: 1 });
  assert.equal(second.frames, 2);
  assert.deepEqual(Array.from(second.values.slice(0, 2)), [SIDE * SIDE, SIDE * SIDE + 1]);
  assert.ok(second.notes.includes('the header says 1000000 frames (Number of Frames), but the pixel data holds 2 whole frames: those are shown'), second.notes.join(' | '));
  await assert.rejects(loadStudy(path, { frame: 2 }), /frame 3 asked for, but the file holds 2 frames$/);
  // The exact check still decodes what the header declares, and says what is missing.
  await assert.rejects(inspectDicom(path), /the pixel data is truncated \(frame 3 needs 128 bytes; 0 present\)/);
});

test('uncompressed: as many frames as declared, no note', async () => {
  const study = await loadStudy(await write({ pixels: pixels(3), frames: 3 }));
  assert.equal(study.frames, 3);
  assert.ok(!study.notes.some((n) => /Number of Frames/.test(n)), study.notes.join(' | '));
});

test('RLE: a header claiming 3 frames over one fragment says which count disagrees, not "split over fragments"', async () => {
  const path = await write({ pixels: pixels(1), rle: true, elements: [[0x00280008, 'IS', '3']] });
  await assert.rejects(loadStudy(path), (err: unknown) => {
    assert.ok(err instanceof AlveoError);
    assert.equal(err.code, 'CORRUPT');
    assert.match(err.message, /the header says 3 frames \(Number of Frames\), but the RLE pixel data holds 1 fragment, where each frame takes one$/);
    return true;
  });
});
