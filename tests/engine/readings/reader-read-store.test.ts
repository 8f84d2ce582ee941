// readings/reads.json of the wrong shape (review 37 F2): `null`, a record that is not one, a field of
// the wrong type. Each is refused as CORRUPT naming the file and what is wrong (never "Cannot read
// properties of null"), and never written over: it holds reads someone made.
import assert from 'node:assert/strict';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { test } from 'node:test';
import { AlveoError } from '../../../src-main/api/errors';
import { ReaderReadStore, readsFile, type StoredRead } from '../../../src-main/engine/readings/reader-read-store';
import { tempDir } from '../../support/temp-dir';

const read: StoredRead = {
  key: 'ab12:0',
  reader: 'Smith^Jane',
  finding: 'pneumonia',
  afterAi: false,
  at: '2026-12-01T10:00:00.000Z',
  file: '/studies/a.dcm',
  ai: { label: 'PNEUMONIA', probability: 0.8, threshold: 0.5, model: 'default', heldBack: false },
};

async function homeWith(text: string): Promise<string> {
  const home = await tempDir('alveo-reads-store-');
  await mkdir(join(home, 'readings'), { recursive: true });
  await writeFile(readsFile(home), text);
  return home;
}

const cases: [string, unknown, string][] = [
  ['null', null, 'it holds null, not a JSON object'],
  ['reads not a list', { version: 2, reads: { a: read } }, 'not a version 2 reads file'],
  ['a null record', { version: 2, reads: [read, null] }, 'read 2 of 2: it is null, not an object'],
  ['a reader that is a number', { version: 2, reads: [{ ...read, reader: 7 }] }, "read 1 of 1: 'reader' is a number, not a string"],
  ['no key', { version: 1, reads: [{ ...read, key: undefined }] }, "read 1 of 1: 'key' is missing, not a string"],
  ['an unknown finding', { version: 2, reads: [{ ...read, finding: 'maybe' }] }, "read 1 of 1: 'finding' is not one of pneumonia, no-pneumonia, indeterminate"],
  ['ai null', { version: 2, reads: [{ ...read, ai: null }] }, "read 1 of 1: 'ai' is not the model's answer (label, probability, threshold, model, heldBack)"],
];

for (const [what, content, problem] of cases) {
  test(`reads.json with ${what}: CORRUPT naming the file and "${problem}"; a new read does not write over it`, async () => {
    const text = JSON.stringify(content);
    const home = await homeWith(text);
    const file = readsFile(home);
    const store = new ReaderReadStore(home);
    const refused = (err: unknown) => {
      assert.ok(err instanceof AlveoError, String(err));
      assert.equal(err.code, 'CORRUPT');
      assert.equal(err.file, file);
      assert.equal(err.message, `${file}: the reader's reads file is damaged (${problem}): move it away to start a new one`);
      return true;
    };
    await assert.rejects(store.all(), refused);
    await assert.rejects(store.get(read.key, read.reader), refused);
    await assert.rejects(
      store.update('cd34:0', 'Smith^Jane', () => ({ ...read, key: 'cd34:0' })),
      refused,
    );
    assert.equal(await readFile(file, 'utf8'), text);
  });
}

test('records of version 1 and 2 read back; a NaN JSON wrote as null is not damage', async () => {
  const older = { ...read, key: 'ef56:0', ai: { ...read.ai, probability: null } };
  const home = await homeWith(JSON.stringify({ version: 1, reads: [older] }));
  const store = new ReaderReadStore(home);
  assert.deepEqual(await store.all(), [older]);
  await store.update(read.key, read.reader, () => read);
  assert.deepEqual(await new ReaderReadStore(home).all(), [older, read]);
});

test('reads.json from a newer Alveo (a rollback): said as such, never called damaged, left as it is', async () => {
  const text = JSON.stringify({ version: 3, reads: [read] });
  const home = await homeWith(text);
  const file = readsFile(home);
  const store = new ReaderReadStore(home);
  const newer = (err: unknown) => {
    assert.ok(err instanceof AlveoError, String(err));
    assert.equal(err.code, 'UNSUPPORTED');
    assert.equal(err.message, `${file}: this reads file was written by a newer Alveo (format 3; this version reads up to 2): update Alveo to use it; the file is left as it is`);
    assert.doesNotMatch(err.message, /damaged|move it away/);
    return true;
  };
  await assert.rejects(store.all(), newer);
  await assert.rejects(store.update('cd34:0', 'Smith^Jane', () => ({ ...read, key: 'cd34:0' })), newer);
  assert.equal(await readFile(file, 'utf8'), text);
});
