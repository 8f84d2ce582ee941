// Colour DICOMs reach the viewer in colour: Alveo's own Grad-CAM Secondary Capture of a real
// radiograph (native RGB by pixel, and by plane) comes through the API's getStudyImage byte for
// byte, and so do dcmtk's lossless RLE and JPEG-LS copies; dcmtk's JPEG baseline (YBR_FULL_422)
// and uncompressed YBR_FULL copies come through as the RGB dcmtk itself decodes. The AI keeps reading luminance and keeps its 'colour' warning.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { after, before, describe, test } from 'node:test';
import dcmjs from 'dcmjs';
import { createEngine, sourceTreeDeps, type Engine } from '../../../src-main/engine/index';
import type { StudyImage, StudyInfo } from '../../../src-main/api/contract';
import { writeColourCaptures, writeDcmtkColourVariants, dcmtkCodecsMissing, type ColourCapture } from '../../fixtures/colour-dicoms';
import { DICOM_SMALL, skipUnless } from '../inference/support/shared-data';

const run = promisify(execFile);
const SOURCE = join(DICOM_SMALL, 'cr8_mono2_512_explicitLE.dcm');

/** The pixel bytes of a native DICOM as dcmjs (not Alveo) reads them. */
async function nativePixels(file: string): Promise<Uint8Array> {
  const buf = await readFile(file);
  const ds = dcmjs.data.DicomMetaDictionary.naturalizeDataset(dcmjs.data.DicomMessage.readFile(buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.byteLength)).dict);
  return new Uint8Array((ds.PixelData as ArrayBuffer[])[0]);
}

/** RGB (interleaved) of the API's RGBA, after checking it is one opaque RGBA pixel per image pixel. */
function rgbOf(image: StudyImage): Uint8Array {
  assert.ok(image.rgba, 'a colour study comes with RGBA pixels');
  const n = image.rows * image.columns;
  assert.equal(image.rgba.length, 4 * n);
  const rgb = new Uint8Array(3 * n);
  for (let i = 0; i < n; i++) {
    assert.equal(image.rgba[4 * i + 3], 255, 'opaque');
    rgb.set(image.rgba.subarray(4 * i, 4 * i + 3), 3 * i);
  }
  return rgb;
}

function maxAndMeanDiff(a: Uint8Array, b: Uint8Array): { max: number; mean: number } {
  assert.equal(a.length, b.length);
  let max = 0;
  let sum = 0;
  for (let i = 0; i < a.length; i++) {
    const d = Math.abs(a[i] - b[i]);
    sum += d;
    if (d > max) max = d;
  }
  return { max, mean: sum / a.length };
}

describe('colour DICOMs', { skip: skipUnless(SOURCE) }, () => {
  let dir: string;
  let engine: Engine;
  let capture: ColourCapture;
  let planar: string;
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'alveo-colour-'));
    engine = createEngine(sourceTreeDeps({ userDir: join(dir, 'home') }));
    ({ capture, planar } = await writeColourCaptures(SOURCE, dir));
  });
  after(async () => {
    await engine?.dispose();
    await rm(dir, { recursive: true, force: true });
  });

  async function open(file: string): Promise<{ info: StudyInfo; image: StudyImage }> {
    const info = await engine.openStudy(file);
    return { info, image: await engine.getStudyImage(info.studyId) };
  }

  test("Alveo's own RGB Secondary Capture reaches the API in colour, byte for byte; the AI still reads luminance", async () => {
    const { info, image } = await open(capture.file);
    const written = await nativePixels(capture.file);
    assert.deepEqual(written.subarray(0, capture.image.rgb.length), capture.image.rgb, 'dcmjs reads back what the writer wrote');
    assert.equal(info.color, true);
    assert.equal(info.photometricInterpretation, 'RGB');
    assert.deepEqual([info.rows, info.columns], [capture.image.rows, capture.image.columns]);
    assert.ok(Buffer.from(rgbOf(image)).equals(Buffer.from(capture.image.rgb)), 'RGB unchanged');
    // The window applies per 8-bit channel and opens at the identity (cornerstone's linear VOI).
    assert.deepEqual([info.minValue, info.maxValue, info.window.center, info.window.width], [0, 255, 127.5, 255]);
    assert.ok(!info.notes.some((n) => /shown as gr[ae]yscale/.test(n)), info.notes.join('; '));
    assert.ok(info.notes.some((n) => n === 'colour image (RGB): the AI reads its grayscale luminance'), info.notes.join('; '));

    // The model's input: luminance of the colours, and the colour guardrail still fires.
    const study = engine.study(info.studyId);
    const rgb = capture.image.rgb;
    for (let i = 0; i < study.values.length; i++) {
      const lum = 0.299 * rgb[3 * i] + 0.587 * rgb[3 * i + 1] + 0.114 * rgb[3 * i + 2];
      if (Math.abs(study.values[i] - lum) > 1e-3) assert.fail(`pixel ${i}: value ${study.values[i]}, luminance ${lum}`);
    }
    assert.equal(image.values, study.values, 'values stay the luminance the model reads');
    const p = await engine.predict(info.studyId);
    assert.ok(p.warnings.includes('This is a colour image where a grayscale radiograph is expected.'), p.warnings.join('; '));
    await engine.closeStudy(info.studyId);
  });

  test('planar configuration 1 (colour by plane) gives the same colours', async () => {
    const { info, image } = await open(planar);
    assert.equal(info.color, true);
    assert.ok(Buffer.from(rgbOf(image)).equals(Buffer.from(capture.image.rgb)), 'RGB by plane = RGB by pixel');
    await engine.closeStudy(info.studyId);
  });

  test('JPEG baseline (YBR_FULL_422), uncompressed YBR_FULL (by pixel, by plane), RLE and JPEG-LS show the right colours', { skip: dcmtkCodecsMissing() }, async () => {
    const { jpeg, ybr, ybrPlanar, rle, jpegLs } = await writeDcmtkColourVariants(capture.file, dir);
    for (const file of [rle, jpegLs]) {
      const l = await open(file);
      assert.equal(l.info.color, true);
      assert.ok(Buffer.from(rgbOf(l.image)).equals(Buffer.from(capture.image.rgb)), `${file}: lossless, so the same RGB`);
      await engine.closeStudy(l.info.studyId);
    }
    // dcmtk's own decode of the JPEG, to RGB by pixel: the reference for all three.
    const reference = join(dir, 'SC-jpeg-dcmtk-rgb.dcm');
    await run('dcmdjpeg', ['+px', jpeg, reference]);
    const expected = (await nativePixels(reference)).subarray(0, capture.image.rgb.length);

    const j = await open(jpeg);
    assert.equal(j.info.photometricInterpretation, 'YBR_FULL_422');
    assert.equal(j.info.color, true);
    const fromJpeg = maxAndMeanDiff(rgbOf(j.image), expected);
    // Two JPEG decoders (libjpeg-turbo here, IJG in dcmtk): they agree, rounding apart.
    assert.ok(fromJpeg.mean < 0.1 && fromJpeg.max <= 2, `JPEG vs dcmtk: ${JSON.stringify(fromJpeg)}`);
    const lossy = maxAndMeanDiff(rgbOf(j.image), capture.image.rgb);
    assert.ok(lossy.mean < 4, `JPEG vs the source colours: ${JSON.stringify(lossy)}`);

    for (const file of [ybr, ybrPlanar]) {
      const y = await open(file);
      assert.equal(y.info.photometricInterpretation, 'YBR_FULL');
      // Same YCbCr samples, converted by Alveo and by dcmtk: rounding apart, identical.
      const d = maxAndMeanDiff(rgbOf(y.image), expected);
      assert.ok(d.max <= 2 && d.mean < 0.5, `${file}: ${JSON.stringify(d)}`);
      await engine.closeStudy(y.info.studyId);
    }
    await engine.closeStudy(j.info.studyId);
  });

  test('a grayscale DICOM still has no colour pixels', async () => {
    const { info, image } = await open(SOURCE);
    assert.equal(info.color, undefined);
    assert.equal(image.rgba, undefined);
    await engine.closeStudy(info.studyId);
  });
});
