// Compressed pixel data whose fragment length is damaged (review 45 F1): dicom-parser only warns
// and hands on the wrong bytes, so the file must be refused as damaged, naming the fragment, not
// shown as some other picture. Files written here (RLE, two frames, one fragment each).
import assert from 'node:assert/strict';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { test } from 'node:test';
import { AlveoError } from '../../../src-main/api/errors';
import { loadStudy } from '../../../src-main/engine/studies/load-study';
import { dicomBytes, type DicomSpec } from '../../fixtures/write-dicom';
import { tempDir } from '../../support/temp-dir';

const SIDE = 16;
const SPEC: DicomSpec = {
  rows: SIDE,
  columns: SIDE,
  frames: 2,
  rle: true,
  pixels: Array.from({ length: 2 * SIDE * SIDE }, (_, i) => (i * 37) % 4000),
  attributes: { Modality: 'CR' },
};

/** The byte offsets of the item tags (FFFE,E000) of the pixel data: offset table first, then each fragment. */
function itemTags(bytes: Buffer): number[] {
  const pixel = bytes.lastIndexOf(Buffer.from([0xe0, 0x7f, 0x10, 0x00]));
  const out: number[] = [];
  let p = pixel + 12;
  while (bytes.readUInt16LE(p) === 0xfffe && bytes.readUInt16LE(p + 2) === 0xe000) {
    out.push(p);
    p += 8 + bytes.readUInt32LE(p + 4);
  }
  return out;
}

async function damaged(name: string, change: (bytes: Buffer, items: number[]) => void): Promise<string> {
  const bytes = dicomBytes(SPEC);
  const items = itemTags(bytes);
  assert.equal(items.length, 3, 'an offset table and two fragments');
  change(bytes, items);
  const path = join(await tempDir('alveo-fragments-'), name);
  await writeFile(path, bytes);
  return path;
}

async function refusedAsDamaged(path: string, fragment: number, after: string): Promise<void> {
  for (const frame of [0, 1]) {
    await assert.rejects(loadStudy(path, { frame }), (err: unknown) => {
      assert.ok(err instanceof AlveoError, String(err));
      assert.equal(err.code, 'CORRUPT', err.message);
      assert.equal(err.file, path);
      assert.match(err.message, new RegExp(`fragment ${fragment} does not start with an item tag \\(the length of ${after} is wrong`));
      return true;
    });
  }
}

test('the good file opens, both frames (the damage below is all that differs)', async () => {
  const path = await damaged('good.dcm', () => {});
  const frames = await Promise.all([0, 1].map((frame) => loadStudy(path, { frame })));
  assert.deepEqual(Array.from(frames[1].values.slice(0, 3)), Array.from(SPEC.pixels as number[]).slice(SIDE * SIDE, SIDE * SIDE + 3));
});

test("a first fragment's length 16 bytes short: refused as damaged, fragment 2 named", async () => {
  const path = await damaged('short.dcm', (b, items) => b.writeUInt32LE(b.readUInt32LE(items[1] + 4) - 16, items[1] + 4));
  await refusedAsDamaged(path, 2, 'fragment 1');
});

test("a first fragment's length 16 bytes long: refused as damaged, fragment 2 named", async () => {
  const path = await damaged('long.dcm', (b, items) => b.writeUInt32LE(b.readUInt32LE(items[1] + 4) + 16, items[1] + 4));
  await refusedAsDamaged(path, 2, 'fragment 1');
});

test("an offset table's length that runs into the first fragment: refused as damaged, fragment 1 named", async () => {
  const path = await damaged('table.dcm', (b, items) => b.writeUInt32LE(8, items[0] + 4));
  await refusedAsDamaged(path, 1, 'the offset table');
});
