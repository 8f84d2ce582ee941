// Real DICOMs cut short at test time: in the pixel data, inside a header element, inside the file
// meta header, in compressed fragments and exactly between two elements. Each error names the file
// and says in words where the file ends (byte, element, how much of it is there), with no parser
// jargon ("buffer overrun", "byteArray"), in the engine, the CLI and the score CSV.
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import dicomParser from 'dicom-parser';
import type { DataSet, Element } from 'dicom-parser';
import { AlveoError } from '../../../src-main/api/errors';
import { inspectDicom } from '../../../src-main/engine/studies/inspect-dicom';
import { loadStudy } from '../../../src-main/engine/studies/load-study';
import { formatTag } from '../../../src-main/engine/studies/dicom/tag-dictionary';
import { runCli } from '../../cli/support/run-cli';
import { parseCsv } from '../inference/support/parse-csv';
import { DICOM_DIR, skipUnless } from './shared-data';

const SMALL = join(DICOM_DIR, 'small');
const skip = skipUnless(SMALL);
const JARGON = /overrun|byteArray|dicomParser|past end of buffer|maxP ?osition/i;
let dir: string;

before(async () => {
  if (!skip) dir = await mkdtemp(join(tmpdir(), 'alveo-truncated-'));
});
after(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

/** The whole file's structure, to know what a cut at byte N falls in. */
async function structure(name: string): Promise<{ bytes: Buffer; ds: DataSet; elements: Element[] }> {
  const bytes = await readFile(join(SMALL, name));
  const ds = dicomParser.parseDicom(bytes);
  const elements = Object.values(ds.elements).filter((e) => !e.tag.startsWith('x0002')).sort((a, b) => a.dataOffset - b.dataOffset);
  return { bytes, ds, elements };
}

async function cut(name: string, n: number): Promise<string> {
  const { bytes } = await structure(name);
  const path = join(dir, `${name.replace(/\.dcm$/, '')}-first-${n}.dcm`);
  await writeFile(path, bytes.subarray(0, n));
  return path;
}

/** loadStudy (viewer, worklist) and inspectDicom (CLI inspect) both refuse it with these words. */
async function refused(path: string, code: string, words: RegExp): Promise<string> {
  let message = '';
  for (const run of [loadStudy, inspectDicom]) {
    await assert.rejects(run(path), (err: unknown) => {
      assert.ok(err instanceof AlveoError, String(err));
      assert.equal(err.code, code, err.message);
      assert.equal(err.file, path);
      assert.ok(err.message.startsWith(`${path}: `), err.message);
      assert.match(err.message, words);
      assert.doesNotMatch(err.message, JARGON);
      message = err.message;
      return true;
    });
  }
  return message;
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

test('cut in the pixel data: the byte it ends at and how much of the pixel data is there', { skip }, async () => {
  const name = 'dx16_mono2_512_explicitLE.dcm';
  const { ds } = await structure(name);
  const px = ds.elements.x7fe00010;
  assert.ok(px.dataOffset < 60_000 && px.dataOffset + px.length > 60_000, 'the first 60 kB end inside the pixel data');
  const path = await cut(name, 60_000);
  await refused(path, 'CORRUPT', new RegExp(`: the file is cut short: it ends at byte 60000, before the pixel data is complete \\(read ${60_000 - px.dataOffset} of ${px.length} bytes\\)$`));
});

test('cut inside a header element (explicit and implicit VR): which element, how much of it, before any pixel data', { skip }, async () => {
  for (const name of ['dx16_mono2_512_explicitLE.dcm', 'dx16_mono2_512_implicitLE.dcm']) {
    const { elements } = await structure(name);
    // An element holding a few bytes, well before the pixel data: cut in its middle.
    const e = elements.find((x) => x.length >= 4 && x.length < 100 && x.dataOffset > 600 && !x.items);
    assert.ok(e, `${name}: a short element after byte 600`);
    const at = e.dataOffset + Math.floor(e.length / 2);
    const path = await cut(name, at);
    await refused(path, 'CORRUPT', new RegExp(`: the file is cut short: it ends at byte ${at}, inside element ${escape(formatTag(e.tag))}( \\w+)? \\(read ${at - e.dataOffset} of ${e.length} bytes\\), before any pixel data$`));
  }
});

test('cut inside the file meta header: says so, with the length the header announces', { skip }, async () => {
  const name = 'dx16_mono2_512_explicitLE.dcm';
  const { ds } = await structure(name);
  const metaEnd = 144 + (ds.uint32('x00020000') ?? 0);
  assert.ok(metaEnd > 300);
  await refused(await cut(name, 300), 'CORRUPT', new RegExp(`: the file is cut short: it ends at byte 300, inside its file meta header \\(which needs ${metaEnd} bytes\\)$`));
  await refused(await cut(name, 140), 'CORRUPT', /: the file is cut short: it ends at byte 140, inside its file meta header$/);
});

test('cut in compressed pixel data: which fragment and how much of it is there', { skip }, async () => {
  for (const name of ['dx16_mono2_512_jpeg_lossless_sv1.dcm', 'dx16_mono2_512_rle.dcm']) {
    const { ds } = await structure(name);
    const fragment = ds.elements.x7fe00010.fragments?.[0];
    assert.ok(fragment && fragment.position < 60_000 && fragment.position + fragment.length > 60_000, name);
    const path = await cut(name, 60_000);
    await refused(path, 'CORRUPT', new RegExp(`: the file is cut short: it ends at byte 60000, before the compressed pixel data is complete \\(fragment 1: read ${60_000 - fragment.position} of ${fragment.length} bytes\\)$`));
  }
});

test('cut exactly between two header elements: no pixels, and it says where the file ends', { skip }, async () => {
  const name = 'dx16_mono2_512_explicitLE.dcm';
  const { elements } = await structure(name);
  const last = elements.filter((e) => e.tag !== 'x7fe00010').at(-1);
  assert.ok(last);
  const at = last.dataOffset + last.length;
  await refused(await cut(name, at), 'NO_PIXELS', new RegExp(`: the DICOM file holds no image pixels: it ends at byte ${at} after element ${escape(formatTag(last.tag))}.*, without a pixel data element \\(7FE0,0010\\), so it may have been cut short$`));
});

test('the CLI (inspect, predict) and the score CSV say the same words, with the file name', { skip, timeout: 120_000 }, async () => {
  const folder = join(dir, 'cli');
  await mkdir(folder);
  const { bytes, ds } = await structure('dx16_mono2_512_explicitLE.dcm');
  const px = ds.elements.x7fe00010;
  const pixels = join(folder, 'cut-in-pixels.dcm');
  const header = join(folder, 'cut-in-meta.dcm');
  await writeFile(pixels, bytes.subarray(0, 60_000));
  await writeFile(header, bytes.subarray(0, 300));
  const env = { ALVEO_HOME: join(dir, 'home') }; // the shipped model, a throw-away user folder
  const inPixels = `it ends at byte 60000, before the pixel data is complete (read ${60_000 - px.dataOffset} of ${px.length} bytes)`;

  const inspect = await runCli(['inspect', pixels], env);
  assert.equal(inspect.code, 1);
  assert.equal(inspect.stderr.trim(), `alveo inspect: ${pixels}: the file is cut short: ${inPixels}`);

  const predict = await runCli(['predict', pixels, header, '--json'], env);
  assert.equal(predict.code, 1, predict.stderr);
  const lines = predict.stdout.trim().split('\n').map((l) => JSON.parse(l) as { file: string; error: string });
  assert.deepEqual(lines, [
    { file: pixels, error: `the file is cut short: ${inPixels}` },
    { file: header, error: `the file is cut short: it ends at byte 300, inside its file meta header (which needs ${144 + (ds.uint32('x00020000') ?? 0)} bytes)` },
  ]);

  const score = await runCli(['score', folder], env);
  assert.equal(score.code, 1, score.stderr);
  const csv = parseCsv(score.stdout);
  const errorColumn = csv[0].indexOf('error');
  const byFile = new Map(csv.slice(1).map((row) => [row[0], row[errorColumn]]));
  // Without identifying columns the CSV names files inside the scored folder.
  assert.equal(byFile.get('cut-in-pixels.dcm'), `the file is cut short: ${inPixels}`);
  assert.match(byFile.get('cut-in-meta.dcm') ?? '', /^the file is cut short: it ends at byte 300, inside its file meta header/);
  assert.doesNotMatch(score.stdout + score.stderr + predict.stdout + inspect.stderr, JARGON);
});
