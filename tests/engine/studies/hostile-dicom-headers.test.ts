// DICOM headers made to cost (review 18 H2, L2), written here: millions of tiny elements are refused
// before dicom-parser builds them, in every encoding and inside sequences; a header under the limit
// opens with its tag list capped and saying so; an absurd transfer syntax UID is clipped in the
// error; an element whose length is more than the whole file is not called only "cut short".
import assert from 'node:assert/strict';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { deflateRawSync } from 'node:zlib';
import { before, test } from 'node:test';
import { AlveoError } from '../../../src-main/api/errors';
import { loadStudy } from '../../../src-main/engine/studies/load-study';
import { readImageHeader } from '../../../src-main/engine/study-sets/read-image-header';
import { MAX_LISTED_TAGS } from '../../../src-main/engine/studies/dicom/dicom-tags';
import { MAX_ELEMENTS, MAX_TOP_LEVEL_ELEMENTS } from '../../../src-main/engine/studies/dicom/header-element-limit';
import { dicomBytes, writeDicom, type DicomSpec } from '../../fixtures/write-dicom';
import { MAX_ATTRIBUTE_CHARS } from '../../../src-main/engine/studies/dicom/dicom-attributes';
import { tempDir } from '../../support/temp-dir';

let dir: string;
before(async () => {
  dir = await tempDir('alveo-hostile-headers-');
});

const SPEC: DicomSpec = { rows: 8, columns: 8, pixels: Array.from({ length: 64 }, (_, i) => i * 50), attributes: { Modality: 'CR' } };
const DEFLATED = '1.2.840.10008.1.2.1.99';

/** `n` private elements of 2 bytes each ('ab'), 10 bytes apiece, groups 0029, 002B, ... in order. */
function tinyElements(n: number, explicit: boolean): Buffer {
  const out = Buffer.alloc(n * 10);
  for (let i = 0; i < n; i++) {
    const p = i * 10;
    out.writeUInt16LE(0x29 + 2 * Math.floor(i / 60000), p);
    out.writeUInt16LE(0x1000 + (i % 60000), p + 2);
    if (explicit) {
      out.write('SH', p + 4, 'latin1');
      out.writeUInt16LE(2, p + 6);
    } else {
      out.writeUInt32LE(2, p + 4);
    }
    out.write('ab', p + 8, 'latin1');
  }
  return out;
}

/** The file's bytes with `extra` put just before its pixel data element. */
function beforePixels(bytes: Buffer, extra: Buffer): Buffer {
  const at = bytes.lastIndexOf(Buffer.from([0xe0, 0x7f, 0x10, 0x00]));
  assert.ok(at > 0, 'the pixel data element is found');
  return Buffer.concat([bytes.subarray(0, at), extra, bytes.subarray(at)]);
}

/**
 * An explicit VR element (0029,0010) of undefined length holding one item of undefined length with
 * `body`: an SQ, or a UN (whose items dicom-parser reads as implicit VR).
 */
function sequenceOf(body: Buffer, vr: 'SQ' | 'UN' = 'SQ'): Buffer {
  const head = Buffer.alloc(12 + 8);
  head.writeUInt16LE(0x0029, 0);
  head.writeUInt16LE(0x0010, 2);
  head.write(vr, 4, 'latin1');
  head.writeUInt32LE(0xffffffff, 8);
  head.writeUInt16LE(0xfffe, 12);
  head.writeUInt16LE(0xe000, 14);
  head.writeUInt32LE(0xffffffff, 16);
  const end = Buffer.from([0xfe, 0xff, 0x0d, 0xe0, 0, 0, 0, 0, 0xfe, 0xff, 0xdd, 0xe0, 0, 0, 0, 0]);
  return Buffer.concat([head, body, end]);
}

/** An explicit VR OB element (0027,0010) of undefined length, ended by an item delimiter. */
function undefinedLengthValue(): Buffer {
  const head = Buffer.alloc(12);
  head.writeUInt16LE(0x0027, 0);
  head.writeUInt16LE(0x0010, 2);
  head.write('OB', 4, 'latin1');
  head.writeUInt32LE(0xffffffff, 8);
  return Buffer.concat([head, Buffer.from('abcd'), Buffer.from([0xfe, 0xff, 0x0d, 0xe0, 0, 0, 0, 0])]);
}

/** A Part-10 file's meta header and its data set deflated, as Deflated Explicit VR Little Endian stores it. */
function deflate(bytes: Buffer): Buffer {
  const metaEnd = 144 + bytes.readUInt32LE(140);
  return Buffer.concat([bytes.subarray(0, metaEnd), deflateRawSync(bytes.subarray(metaEnd))]);
}

let n = 0;
async function write(bytes: Buffer): Promise<string> {
  const path = join(dir, `h${++n}.dcm`);
  await writeFile(path, bytes);
  return path;
}

async function refused(run: Promise<unknown>, path: string, code: string, words: RegExp): Promise<string> {
  let message = '';
  await assert.rejects(run, (err: unknown) => {
    assert.ok(err instanceof AlveoError, String(err));
    assert.equal(err.code, code, err.message);
    assert.equal(err.file, path);
    assert.match(err.message, words);
    message = err.message;
    return true;
  });
  return message;
}

const TOP_LEVEL = new RegExp(`: the DICOM header holds more than ${MAX_TOP_LEVEL_ELEMENTS} elements before the pixel data \\(no image needs that many\\): refused$`);

test('a header of more top-level elements than any image needs is refused, in words, explicit and implicit VR', async () => {
  const many = MAX_TOP_LEVEL_ELEMENTS + 1000;
  const explicit = await write(beforePixels(dicomBytes(SPEC), tinyElements(many, true)));
  await refused(loadStudy(explicit), explicit, 'TOO_LARGE', TOP_LEVEL);
  // `alveo study` reads headers through readImageHeader: the same refusal, not a parse of them all.
  await refused(readImageHeader(explicit), explicit, 'TOO_LARGE', TOP_LEVEL);
  const implicit = await write(beforePixels(dicomBytes({ ...SPEC, encoding: 'implicit-nometa' }), tinyElements(many, false)));
  await refused(loadStudy(implicit), implicit, 'TOO_LARGE', TOP_LEVEL);
});

test('the elements of a deflated data set are counted once inflated', async () => {
  const path = await write(deflate(beforePixels(dicomBytes({ ...SPEC, transferSyntaxUid: DEFLATED }), tinyElements(MAX_TOP_LEVEL_ELEMENTS + 1000, true))));
  await refused(loadStudy(path), path, 'TOO_LARGE', TOP_LEVEL);
});

test('elements hidden inside a sequence count too', async () => {
  const path = await write(beforePixels(dicomBytes(SPEC), sequenceOf(tinyElements(MAX_ELEMENTS + 1000, true))));
  await refused(loadStudy(path), path, 'TOO_LARGE', new RegExp(`: the DICOM header holds more than ${MAX_ELEMENTS} elements, sequences included, before the pixel data \\(no image needs that many\\): refused$`));
});

/** An SQ element (0029,0010) of defined length holding `n` empty items of defined length (8 bytes each). */
function emptyItems(n: number): Buffer {
  const out = Buffer.alloc(12 + n * 8);
  out.writeUInt16LE(0x0029, 0);
  out.writeUInt16LE(0x0010, 2);
  out.write('SQ', 4, 'latin1');
  out.writeUInt32LE(n * 8, 8);
  for (let i = 0; i < n; i++) {
    out.writeUInt16LE(0xfffe, 12 + i * 8);
    out.writeUInt16LE(0xe000, 14 + i * 8);
  }
  return out;
}

test('sequence items count as elements: a sequence of millions of empty items is refused (review 45 F8)', async () => {
  // 16 MB of empty items made dicom-parser build 2 million data sets (1.3 GB).
  const path = await write(beforePixels(dicomBytes(SPEC), emptyItems(MAX_ELEMENTS + 1000)));
  await refused(loadStudy(path), path, 'TOO_LARGE', /: the DICOM header holds more than \d+ elements, sequences included, before the pixel data/);
  // A sequence of many items under the limit (an enhanced multi-frame file's per-frame groups) still opens.
  const fine = await write(beforePixels(dicomBytes(SPEC), emptyItems(10_000)));
  assert.equal((await loadStudy(fine)).columns, 8);
});

test('elements inside a UN value of undefined length (read as implicit VR) count too', async () => {
  const path = await write(beforePixels(dicomBytes(SPEC), sequenceOf(tinyElements(MAX_ELEMENTS + 1000, false), 'UN')));
  await refused(loadStudy(path), path, 'TOO_LARGE', /: the DICOM header holds more than \d+ elements, sequences included, before the pixel data/);
});

test('elements after a value of undefined length count too', async () => {
  const path = await write(beforePixels(dicomBytes(SPEC), Buffer.concat([undefinedLengthValue(), tinyElements(MAX_TOP_LEVEL_ELEMENTS + 1000, true)])));
  await refused(loadStudy(path), path, 'TOO_LARGE', TOP_LEVEL);
});

test('a header under the limit opens, and its tag list stops at MAX_LISTED_TAGS rows, saying how many were left out', async () => {
  const plain = await loadStudy(await write(dicomBytes(SPEC)));
  const extra = 2 * MAX_LISTED_TAGS;
  const study = await loadStudy(await write(beforePixels(dicomBytes(SPEC), tinyElements(extra, true))));
  assert.equal(study.rows, 8);
  assert.equal(study.tags.length, MAX_LISTED_TAGS + 1);
  const note = study.tags.at(-1);
  assert.equal(note?.keyword, 'Not listed');
  assert.equal(note?.value, `the list stops at ${MAX_LISTED_TAGS} rows: ${plain.tags.length + extra - MAX_LISTED_TAGS} more elements are left out`);
  // The rows listed are the first in tag order, the file's own attributes among them.
  assert.ok(study.tags.some((t) => t.keyword === 'Modality' && t.value === 'CR'));
  // An ordinary file lists every element and no note.
  assert.ok(plain.tags.every((t) => t.keyword !== 'Not listed'));
});

test('an absurdly long transfer syntax UID is clipped in the error', async () => {
  const uid = `1.2.${'1.2.'.repeat(4000)}9`;
  const path = await write(dicomBytes({ ...SPEC, transferSyntaxUid: uid }));
  const message = await refused(loadStudy(path), path, 'UNSUPPORTED', new RegExp(`unknown transfer syntax 1\\.2\\.1\\.2\\.[0-9.]*… \\(${uid.length} characters\\), which Alveo cannot decode$`));
  assert.ok(message.length < path.length + 300, `${message.length} characters`);
});

test('an element whose length is more than the whole file: its length runs past the end (damaged or cut short)', async () => {
  const bytes = dicomBytes(SPEC);
  // (0008,0018) SOPInstanceUID, explicit VR: its 2-byte length at +6 is damaged to 0xE5E5.
  const at = bytes.indexOf(Buffer.from([0x08, 0x00, 0x18, 0x00, 0x55, 0x49]), 144);
  assert.ok(at > 0);
  bytes.writeUInt16LE(0xe5e5, at + 6);
  const path = await write(bytes);
  await refused(
    loadStudy(path),
    path,
    'CORRUPT',
    new RegExp(`: the length of element \\(0008,0018\\) SOPInstanceUID runs past the end of the file \\(damaged, or the file is cut short\\): it declares ${0xe5e5} bytes from byte ${at + 8}, and the whole file has ${bytes.length}, before any pixel data$`),
  );
});

test('an absurdly long attribute value is clipped where it is shown (rows, CSV, JSON), saying its length', async () => {
  const dir = await tempDir('alveo-long-attr-');
  const path = join(dir, 'long.dcm');
  await writeDicom(path, { rows: 2, columns: 2, pixels: [1, 2, 3, 4], attributes: { StudyDescription: 'CHEST'.repeat(3600), PatientID: 'P1' } });
  const study = await loadStudy(path);
  assert.equal(study.attributes.StudyDescription, `${'CHEST'.repeat(3600).slice(0, MAX_ATTRIBUTE_CHARS)}… (18000 characters)`);
  assert.equal(study.attributes.PatientID, 'P1', 'ordinary values whole');
});
