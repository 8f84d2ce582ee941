// The text the viewer writes over the image, in Debian Chromium against the web host and the real
// engine: a file shown through its VOI LUT is named by it ("VOI LUT: SQRT", review 34 F5), not by a
// linear W/L that is not on screen; and T (or the toolbar's Text button) takes the text from all
// to minimal (no patient details) to none, remembered across a reload (review 34 F2).
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { chestPhantom, writeDicom } from '../fixtures/write-dicom';
import { startApp, type AppUnderTest } from './support/app-under-test';
import { chromiumMissing } from './support/chromium';

const ROWS = 300;
const COLS = 400;

/** One explicit VR little endian element (the writer's own spec has no LUT Explanation). */
function element(tag: number, vr: string, body: Buffer): Buffer {
  const long = ['OB', 'OW', 'SQ', 'UN', 'UT'].includes(vr);
  const head = Buffer.alloc(long ? 12 : 8);
  head.writeUInt16LE(tag >>> 16, 0);
  head.writeUInt16LE(tag & 0xffff, 2);
  head.write(vr, 4, 'latin1');
  if (long) head.writeUInt32LE(body.length, 8);
  else head.writeUInt16LE(body.length, 6);
  return Buffer.concat([head, body]);
}

/** A VOI LUT Sequence of one item: a square-root LUT over 12 bits, explained as the file explains it. */
function voiLutSequence(explanation: string): Buffer {
  const entries = Array.from({ length: 4096 }, (_, i) => Math.round(Math.sqrt(i / 4095) * 4095));
  const u16 = (values: number[]) => Buffer.from(Uint16Array.from(values).buffer);
  const text = Buffer.from(explanation.length % 2 ? `${explanation} ` : explanation, 'latin1');
  const body = Buffer.concat([element(0x00283002, 'US', u16([4096, 0, 12])), element(0x00283003, 'LO', text), element(0x00283006, 'OW', u16(entries))]);
  const item = Buffer.alloc(8);
  item.writeUInt16LE(0xfffe, 0);
  item.writeUInt16LE(0xe000, 2);
  item.writeUInt32LE(body.length, 4);
  return Buffer.concat([item, body]);
}

describe('text over the image', { skip: chromiumMissing() ?? false }, () => {
  let app: AppUnderTest;
  before(async () => {
    app = await startApp();
  });
  after(async () => {
    await app?.close();
  });

  const show = (file: string): Promise<void> => app.viewer.show(file);

  test("a file shown through its VOI LUT names it with its LUT Explanation, not a linear window (review 34 F5)", async () => {
    const file = join(app.scratch, 'sqrt-lut.dcm');
    await writeDicom(file, { rows: ROWS, columns: COLS, bitsStored: 12, pixels: chestPhantom(ROWS, COLS, 300, 3800), attributes: { Modality: 'DX' }, elements: [[0x00283010, 'SQ', voiLutSequence('SQRT')]] });
    const v = app.viewer;
    await show(file);
    const readout = app.page.getByTestId('window-readout');
    await app.page.getByTestId('voi-lut-readout').filter({ hasText: 'VOI LUT: SQRT' }).waitFor({ timeout: 30_000 });
    assert.doesNotMatch(await readout.innerText(), /W \d|L \d/, 'no linear W/L while the LUT is the display');
    const windowRow = app.page.getByTestId('study-window');
    assert.match(await windowRow.innerText(), /^VOI LUT: SQRT/);
    assert.doesNotMatch(await app.page.getByTestId('study-panel').innerText(), /voi-lut/, 'no internal enum value in the study panel');
    const first = app.page.getByTestId('preset').first();
    assert.equal(await first.getAttribute('data-preset'), 'default');
    assert.match(await first.innerText(), /VOI LUT: SQRT$/, 'the preset is named from the LUT Explanation');
    assert.match((await first.getAttribute('title')) ?? '', /the file's VOI LUT "SQRT"/);

    // Another preset is a linear window, said as one; key 1 brings the LUT back, and its name.
    await v.viewport.focus();
    await app.page.keyboard.press('2');
    await v.settle();
    assert.match(await readout.innerText(), /^W [\d.]+ · L [\d.]+/);
    await app.page.keyboard.press('1');
    await v.settle();
    assert.match(await readout.innerText(), /^VOI LUT: SQRT/);
  });

  test('T cycles the text over the image: all → minimal (no patient details) → off, remembered across a reload (review 34 F2)', async () => {
    const file = join(app.scratch, 'named-patient.dcm');
    await writeDicom(file, {
      rows: ROWS,
      columns: COLS,
      bitsStored: 12,
      pixels: chestPhantom(ROWS, COLS, 300, 3800),
      window: { center: 2050, width: 3500 },
      attributes: { Modality: 'DX', PatientName: 'Test^Child', PatientID: 'P1', PatientAge: '003Y', StudyDate: '20230601', PatientOrientation: 'L\\F', PixelSpacing: '0.2\\0.2' },
    });
    const v = app.viewer;
    const pane = app.page.getByTestId('pane-main');
    const toggle = app.page.getByTestId('annotations-toggle');
    await show(file);
    assert.match(await pane.getByTestId('patient-name').innerText(), /Child/);
    // A length, so the measurement list floats over the image too.
    await v.viewport.focus();
    await app.page.keyboard.press('m');
    const size = await v.canvasSize();
    await v.dragBetween({ x: size.cssWidth / 2 - 100, y: size.cssHeight / 2 }, { x: size.cssWidth / 2 + 100, y: size.cssHeight / 2 });
    await v.measurements().first().waitFor();
    await app.page.keyboard.press('w');
    assert.equal(await toggle.innerText(), 'Text: all');

    await app.page.keyboard.press('t');
    await toggle.filter({ hasText: 'Text: minimal' }).waitFor();
    assert.equal(await pane.getByTestId('patient-name').count(), 0, 'no patient name at minimal');
    const minimal = await pane.innerText();
    for (const gone of ['Child', 'P1', '3 y', '2023']) assert.ok(!minimal.includes(gone), `"${gone}" hidden at minimal: ${JSON.stringify(minimal)}`);
    assert.match(await v.windowReadout(), /W [\d.]+ · L [\d.]+[\s\S]*Zoom \d+%/, 'window and zoom stay');
    assert.deepEqual(await v.markers(), { top: 'H', right: 'L', bottom: 'F', left: 'R' }, 'orientation markers stay');
    assert.equal(await pane.getByTestId('measurements-fold').getAttribute('aria-expanded'), 'false', 'the measurement list folds');

    // The toolbar button, by its accessible name, from the keyboard.
    await app.page.getByRole('button', { name: 'Text: minimal' }).focus();
    await app.page.keyboard.press('Enter');
    await toggle.filter({ hasText: 'Text: off' }).waitFor();
    assert.equal(await pane.getByTestId('window-readout').count(), 0, 'no corner text');
    assert.equal(await pane.getByTestId('marker-top').count(), 0, 'no markers');
    assert.equal(await pane.getByTestId('measurements').count(), 0, 'no measurement list');
    assert.equal(await toggle.getAttribute('aria-keyshortcuts'), 'T');

    // Remembered across a reload.
    await app.page.reload();
    await app.page.getByTestId('study-panel').waitFor();
    await show(file);
    assert.equal(await app.page.getByTestId('annotations-toggle').innerText(), 'Text: off');
    assert.equal(await pane.getByTestId('window-readout').count(), 0, 'still off after a reload');

    // The help lists the key; T again brings all the text back.
    await v.viewport.focus();
    await app.page.keyboard.press('?');
    assert.match(await app.page.getByTestId('help-overlay').innerText(), /\bT\b\s+Text over the image: all → minimal/);
    await app.page.keyboard.press('Escape');
    await v.viewport.focus();
    await app.page.keyboard.press('t');
    await pane.getByTestId('patient-name').waitFor();
    assert.match(await pane.getByTestId('patient-name').innerText(), /Child/);
  });
});
