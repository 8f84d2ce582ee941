// Patient names in the character sets DICOM allows, including the ISO 2022 code-extension sets
// with escape sequences, decoded by the engine (the viewer shows what the engine decoded). Byte
// sequences and expected names are the examples of DICOM PS3.5 annexes H, I and K.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadStudy } from '../../../src-main/engine/studies/load-study';
import { writeDicom } from '../../fixtures/write-dicom';

let dir: string;
before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'alveo-charset-'));
});
after(async () => {
  await rm(dir, { recursive: true, force: true });
});

let n = 0;
/** Writes the name's raw bytes (write-dicom encodes text as Latin-1, which keeps bytes 0..255 as they are). */
async function nameOf(charset: string, bytes: number[]): Promise<string> {
  const path = await writeDicom(join(dir, `c${++n}.dcm`), {
    rows: 2,
    columns: 2,
    pixels: [1, 2, 3, 4],
    attributes: { SpecificCharacterSet: charset, PatientName: String.fromCharCode(...bytes) },
  });
  const study = await loadStudy(path);
  return study.attributes.PatientName;
}

const ascii = (s: string) => [...s].map((c) => c.charCodeAt(0));
const ESC = 0x1b;

test('Japanese, ISO 2022 IR 87 (JIS X 0208 kanji and hiragana behind escape sequences)', async () => {
  const jis = (...b: number[]) => [ESC, 0x24, 0x42, ...b, ESC, 0x28, 0x42];
  const bytes = [
    ...ascii('Yamada^Tarou='),
    ...jis(0x3b, 0x33, 0x45, 0x44), ...ascii('^'), ...jis(0x42, 0x40, 0x4f, 0x3a), ...ascii('='),
    ...jis(0x24, 0x64, 0x24, 0x5e, 0x24, 0x40), ...ascii('^'), ...jis(0x24, 0x3f, 0x24, 0x6d, 0x24, 0x26),
  ];
  assert.equal(await nameOf('\\ISO 2022 IR 87', bytes), 'Yamada^Tarou=山田^太郎=やまだ^たろう');
});

test('Korean, ISO 2022 IR 149 (KS X 1001 behind ESC $ ) C)', async () => {
  const ks = (...b: number[]) => [ESC, 0x24, 0x29, 0x43, ...b];
  const bytes = [...ascii('Hong^Gildong='), ...ks(0xfb, 0xf3), ...ascii('^'), ...ks(0xd1, 0xce, 0xd4, 0xd7), ...ascii('='), ...ks(0xc8, 0xab), ...ascii('^'), ...ks(0xb1, 0xe6, 0xb5, 0xbf)];
  assert.equal(await nameOf('\\ISO 2022 IR 149', bytes), 'Hong^Gildong=洪^吉洞=홍^길동');
});

test('Chinese, GB18030', async () => {
  const bytes = [...ascii('Wang^XiaoDong='), 0xcd, 0xf5, ...ascii('^'), 0xd0, 0xa1, 0xb6, 0xab, ...ascii('=')];
  assert.equal(await nameOf('GB18030', bytes), 'Wang^XiaoDong=王^小东=');
});

test('Cyrillic, ISO_IR 144 (ISO 8859-5)', async () => {
  // ISO 8859-5 places А..я (U+0410..U+044F) at 0xB0..0xEF.
  const bytes = [...'Иванов^Иван'].map((c) => (c === '^' ? 0x5e : c.charCodeAt(0) - 0x410 + 0xb0));
  assert.equal(await nameOf('ISO_IR 144', bytes), 'Иванов^Иван');
});

test('Greek, ISO_IR 126, and a file without a declared set still reads as Latin-1', async () => {
  // ISO 8859-7: Δ = 0xC4, ι = 0xE9, ο = 0xEF, ν = 0xED, υ = 0xF5, σ = 0xF3 (PS3.5 annex J example).
  assert.equal(await nameOf('ISO_IR 126', [0xc4, 0xe9, 0xef, 0xed, 0xf5, 0xf3, 0xe9, 0xef, 0xf2]), 'Διονυσιος');
  assert.equal(await nameOf('', [...ascii('M'), 0xfc, ...ascii('ller')]), 'Müller');
});

test('a file without a declared set whose names are UTF-8 reads as UTF-8; Latin-1 bytes stay Latin-1', async () => {
  const utf8 = (s: string) => [...new TextEncoder().encode(s)];
  assert.equal(await nameOf('', utf8('Müller^Zoë')), 'Müller^Zoë');
  assert.equal(await nameOf('', utf8('Иванов^Иван')), 'Иванов^Иван');
  // 0xE9 followed by ASCII is not UTF-8: these are Latin-1 bytes, read as before.
  assert.equal(await nameOf('', [...ascii('Ren'), 0xe9, ...ascii('e^Fran'), 0xe7, ...ascii('ois')]), 'Renée^François');
  // A file that declares Latin-1 is taken at its word, even where its bytes would pass as UTF-8.
  assert.equal(await nameOf('ISO_IR 100', [...ascii('M'), 0xc3, 0xbc, ...ascii('ller')]), 'MÃ¼ller');
});

test('an undeclared set with names beyond ASCII that are not UTF-8 (cp1251 here) gets a note that Latin-1 is a guess', async () => {
  const notesOf = async (charset: string, bytes: number[]) => {
    const path = await writeDicom(join(dir, `c${++n}.dcm`), { rows: 2, columns: 2, pixels: [1, 2, 3, 4], attributes: { SpecificCharacterSet: charset, PatientName: String.fromCharCode(...bytes) } });
    return (await loadStudy(path)).notes;
  };
  // "Иванов" in Windows-1251: 0xC8 0xE2 0xE0 0xED 0xEE 0xE2.
  const cp1251 = [0xc8, 0xe2, 0xe0, 0xed, 0xee, 0xe2, ...ascii('^Ivan')];
  const guess = /declares no character set \(0008,0005\) but its names hold characters beyond ASCII: shown as Latin-1, which may be wrong/;
  assert.ok((await notesOf('', cp1251)).some((x) => guess.test(x)));
  // Declared, plain ASCII, or undeclared UTF-8: nothing to say.
  assert.ok(!(await notesOf('ISO_IR 100', cp1251)).some((x) => guess.test(x)));
  assert.ok(!(await notesOf('', ascii('Smith^John'))).some((x) => guess.test(x)));
  assert.ok(!(await notesOf('', [...new TextEncoder().encode('Müller')])).some((x) => guess.test(x)));
});
