// Overlay planes (60xx) of DICOM files the test writes: two planes (one moved by its Overlay
// Origin, one a region of interest of an odd bit count) come back bit for bit with their place and
// type, in explicit and implicit VR and (through dcmtk) big endian; a multi-frame overlay gives each
// image frame its own bitmap; malformed planes are skipped with a note naming them, the image still
// opens; the pixels the AI reads are the same with or without overlays; the API carries them; and
// dcmtk draws the same bits white where Alveo says they are.
import assert from 'node:assert/strict';
import { execFile, execFileSync } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { after, before, describe, test } from 'node:test';
import { loadStudy } from '../../../../src-main/engine/studies/load-study';
import { overlayFrameBits } from '../../../../src-main/engine/studies/dicom/overlay-plane-bits';
import { createEngine, sourceTreeDeps, type Engine } from '../../../../src-main/engine/index';
import type { OverlayPlane } from '../../../../src-main/api/overlay-plane';
import { writeDicom, type DicomSpec } from '../../../fixtures/write-dicom';
import { overlayElements, unpackOverlayBits, type OverlaySpec } from '../../../fixtures/overlay-plane-elements';

const run = promisify(execFile);
const ROWS = 40;
const COLS = 50;

/** A bar (rows 5-9, columns 10-24) in a 20 x 30 plane at the image's top left, labelled like a side marker. */
const MARKER: OverlaySpec = { group: 0x6000, rows: 20, columns: 30, origin: [1, 1], label: 'R MARKER', on: (r, c) => r >= 5 && r <= 9 && c >= 10 && c <= 24 };
/** 9 x 11 = 99 bits (not a whole number of bytes), a diagonal pattern, starting at image row 12, column 16. */
const REGION: OverlaySpec = { group: 0x6002, rows: 9, columns: 11, origin: [13, 17], type: 'R', description: 'Collimation', on: (r, c) => (r + 2 * c) % 3 === 0 };

function expected(spec: OverlaySpec, frame = 0): number[] {
  const out: number[] = [];
  for (let r = 0; r < spec.rows; r++) for (let c = 0; c < spec.columns; c++) out.push(spec.on?.(r, c, frame) ? 1 : 0);
  return out;
}

function bitsOf(p: OverlayPlane): number[] {
  assert.equal(p.bits.length, Math.ceil((p.rows * p.columns) / 8), `plane ${p.group}: one bit per overlay pixel, packed`);
  return unpackOverlayBits(p.bits, p.rows * p.columns);
}

const pixels = (frames = 1) => Array.from({ length: ROWS * COLS * frames }, (_, i) => (i * 37) % 4000);

function spec(extra: Partial<DicomSpec> & { overlays?: OverlaySpec[] } = {}): DicomSpec {
  const { overlays = [], ...rest } = extra;
  return { rows: ROWS, columns: COLS, bitsStored: 12, pixels: pixels(rest.frames), attributes: { Modality: 'CR' }, elements: overlays.flatMap(overlayElements), ...rest };
}

function dcmtkMissing(): string | false {
  try {
    execFileSync('dcm2pnm', ['--version'], { stdio: 'ignore' });
    execFileSync('dcmconv', ['--version'], { stdio: 'ignore' });
    return false;
  } catch {
    return 'dcmtk (dcm2pnm, dcmconv) is not installed';
  }
}

describe('overlay planes', () => {
  let dir: string;
  let n = 0;
  const file = (s: DicomSpec) => writeDicom(join(dir, `o${++n}.dcm`), s);
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'alveo-overlay-'));
  });
  after(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  for (const encoding of ['explicit', 'implicit-nometa'] as const) {
    test(`two planes come back bit for bit, with their origin, type and names (${encoding})`, async () => {
      const study = await loadStudy(await file(spec({ encoding, overlays: [MARKER, REGION] })));
      const planes = study.overlays ?? [];
      assert.equal(planes.length, 2);
      const [a, b] = planes;
      assert.deepEqual({ group: a.group, type: a.type, rows: a.rows, columns: a.columns, top: a.top, left: a.left, label: a.label }, { group: '6000', type: 'G', rows: 20, columns: 30, top: 0, left: 0, label: 'R MARKER' });
      assert.deepEqual(bitsOf(a), expected(MARKER));
      assert.deepEqual({ group: b.group, type: b.type, rows: b.rows, columns: b.columns, top: b.top, left: b.left, description: b.description }, { group: '6002', type: 'R', rows: 9, columns: 11, top: 12, left: 16, description: 'Collimation' });
      assert.deepEqual(bitsOf(b), expected(REGION));
      const note = study.notes.find((x) => x.startsWith('overlay planes:'));
      assert.ok(note, study.notes.join(' | '));
      assert.match(note, /^overlay planes: 2 \(1 graphics, 1 region of interest: 6000 "R MARKER", 6002 "Collimation"\), shown over the image/);
      assert.match(note, /the AI reads the image without them/);
    });
  }

  test('overlays are not pixels: the values the AI reads are the same with and without them', async () => {
    const plain = await loadStudy(await file(spec()));
    const marked = await loadStudy(await file(spec({ overlays: [MARKER, REGION] })));
    assert.deepEqual(marked.values, plain.values);
    assert.equal(plain.overlays, undefined);
    assert.ok(!plain.notes.some((x) => x.includes('overlay')), 'no note without overlays');
  });

  test('a multi-frame overlay gives each image frame its own bitmap (frames 2-3 of 3; frame 3 starts mid-byte)', async () => {
    const plane: OverlaySpec = { group: 0x6000, rows: 5, columns: 7, origin: [3, 4], frames: 2, frameOrigin: 2, on: (r, c, f) => (f === 0 ? r === c : r + c === 6) };
    const path = await file(spec({ frames: 3, overlays: [plane] }));
    const first = await loadStudy(path, { frame: 0 });
    assert.equal(first.overlays, undefined);
    assert.ok(first.notes.includes('overlay plane 6000 not shown: it belongs to frames 2–3, not this one'), first.notes.join(' | '));
    const second = await loadStudy(path, { frame: 1 });
    assert.deepEqual(bitsOf(second.overlays![0]), expected(plane, 0));
    const third = await loadStudy(path, { frame: 2 });
    assert.deepEqual(bitsOf(third.overlays![0]), expected(plane, 1));
    assert.deepEqual([third.overlays![0].top, third.overlays![0].left], [2, 3]);
  });

  test('malformed planes are skipped with a note naming each; the image and the good plane still open', async () => {
    const short: OverlaySpec = { ...MARKER, group: 0x6000, data: Buffer.alloc(10) };
    const embedded: OverlaySpec = { group: 0x6002, rows: ROWS, columns: COLS, bitsAllocated: 16, data: null };
    const noSize: OverlaySpec = { group: 0x6004, rows: 0, columns: 30, on: () => true };
    const wide: OverlaySpec = { group: 0x6006, rows: 4, columns: 4, bitsAllocated: 8, on: () => true };
    const good: OverlaySpec = { ...REGION, group: 0x6008, type: 'G', description: undefined };
    const study = await loadStudy(await file(spec({ overlays: [short, embedded, noSize, wide, good] })));
    assert.deepEqual(study.overlays?.map((p) => p.group), ['6008']);
    assert.deepEqual(bitsOf(study.overlays![0]), expected(REGION));
    const notes = study.notes.join('\n');
    assert.match(notes, /^overlay planes: 1 \(graphics: 6008\)/m);
    assert.match(notes, /^overlay plane 6000 "R MARKER" not shown: its Overlay Data \(6000,3000\) holds 10 bytes; 30 x 20 bits need 75$/m);
    assert.match(notes, /^overlay plane 6002 not shown: it is stored in the unused high bits of the pixel data \(a retired encoding/m);
    assert.match(notes, /^overlay plane 6004 not shown: its Overlay Rows \/ Columns \(6004,0010 \/ 0011\) are missing or 0$/m);
    assert.match(notes, /^overlay plane 6006 not shown: Overlay Bits Allocated \(6006,0100\) is 8, not 1$/m);
  });

  test('a plane far larger than its Overlay Data (4000 x 4000 from 64 bytes) is skipped, never read past its data', async () => {
    const big: OverlaySpec = { group: 0x6000, rows: 4000, columns: 4000, on: () => false, data: Buffer.alloc(64) };
    const study = await loadStudy(await file(spec({ overlays: [big] })));
    assert.equal(study.overlays, undefined);
    assert.ok(study.notes.some((x) => /^overlay plane 6000 not shown: its Overlay Data \(6000,3000\) holds 64 bytes; 4000 x 4000 bits need 2000000$/.test(x)), study.notes.join(' | '));
  });

  test('bits are repacked from any start bit, and big-endian OW words are swapped back', () => {
    const data = Uint8Array.of(0b1010_1100, 0b0000_1111, 0b1111_0000);
    // Bits 3..12 (LSB first): byte0 bits 3-7 = 1,0,1,0,1; byte1 bits 0-4 = 1,1,1,1,0.
    assert.deepEqual(unpackOverlayBits(overlayFrameBits(data, 3, 10), 10), [1, 0, 1, 0, 1, 1, 1, 1, 1, 0]);
    // Swapped words: the stream reads byte1, byte0, then byte3 (absent: 0), byte2.
    assert.deepEqual(unpackOverlayBits(overlayFrameBits(data, 0, 16, true), 16), [1, 1, 1, 1, 0, 0, 0, 0, 0, 0, 1, 1, 0, 1, 0, 1]);
    // Bits past the count are zero in the last byte.
    assert.equal(overlayFrameBits(Uint8Array.of(0xff), 0, 3)[0], 0b111);
  });

  test('the API: openStudy counts the planes, getStudyImage carries them bit-packed', async () => {
    const engine: Engine = createEngine(sourceTreeDeps({ userDir: join(dir, 'home') }));
    try {
      const info = await engine.openStudy(await file(spec({ overlays: [MARKER, REGION] })));
      assert.equal(info.overlayPlanes, 2);
      assert.ok(info.notes.some((x) => x.startsWith('overlay planes: 2')));
      const image = await engine.getStudyImage(info.studyId);
      assert.deepEqual(image.overlays?.map((p) => [p.group, p.type, p.top, p.left]), [['6000', 'G', 0, 0], ['6002', 'R', 12, 16]]);
      assert.deepEqual(bitsOf(image.overlays![0]), expected(MARKER));
      const plain = await engine.openStudy(await file(spec()));
      assert.equal(plain.overlayPlanes, undefined);
      assert.equal((await engine.getStudyImage(plain.studyId)).overlays, undefined);
    } finally {
      await engine.dispose();
    }
  });

  test('dcmtk agrees: in big endian (dcmconv +tb) the bits are the same, and dcm2pnm draws them white where Alveo has them', { skip: dcmtkMissing() }, async () => {
    // A flat image at a mid grey, so any overlay bit drawn white stands out in dcmtk's picture.
    const flat = { pixels: Array.from({ length: ROWS * COLS }, () => 1000), window: { center: 2000, width: 4000 } };
    const little = await file(spec({ ...flat, overlays: [MARKER, { ...REGION, type: 'G' }] }));
    const big = join(dir, 'big-endian.dcm');
    await run('dcmconv', ['+tb', little, big]);
    const fromBig = await loadStudy(big);
    const fromLittle = await loadStudy(little);
    assert.equal(fromBig.transferSyntaxUid, '1.2.840.10008.1.2.2');
    assert.deepEqual(fromBig.overlays?.map(bitsOf), fromLittle.overlays?.map(bitsOf));
    const pgm = join(dir, 'dcmtk.pgm');
    await run('dcm2pnm', ['+O', '0', '--write-raw-pnm', little, pgm]);
    const bytes = await readFile(pgm);
    const grey = bytes.subarray(bytes.length - ROWS * COLS);
    const drawn = new Set<number>();
    for (const p of fromLittle.overlays ?? []) {
      const bits = bitsOf(p);
      for (let r = 0; r < p.rows; r++) for (let c = 0; c < p.columns; c++) if (bits[r * p.columns + c]) drawn.add((p.top + r) * COLS + (p.left + c));
    }
    assert.ok(drawn.size > 50);
    for (let i = 0; i < ROWS * COLS; i++) {
      if (drawn.has(i)) assert.equal(grey[i], 255, `dcmtk draws pixel ${i % COLS},${Math.floor(i / COLS)} white, as Alveo's planes say`);
      else assert.ok(grey[i] < 200, `dcmtk leaves pixel ${i % COLS},${Math.floor(i / COLS)} (${grey[i]}) as the image`);
    }
  });
});
