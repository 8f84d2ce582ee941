// A study search on a PACS that answers in ISO 2022 sets shows the names as the viewer does (review
// 41 F3): dcmjs, which reads C-FIND responses for dcmjs-dimse, knows no code extensions, so
// "Yamada^Tarou=山田^太郎" came back as escape sequences, and the 0x5E byte of ま (JIS 0x245E) was
// taken for a '^' that split やまだ. The text is now decoded from the responses' bytes with their
// Specific Character Set. A real dcmqrscp holds the PS3.5 examples (Annex H: IR 87, IR 13 with
// IR 87; Annex I: IR 149; Annex K: IR 58) and returns them unconverted; the CLI prints the same.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { writeFile } from 'node:fs/promises';
import { after, before, test } from 'node:test';
import { personName } from '../../../src-main/api/person-name';
import { openPacsClient } from '../../../src-main/engine/pacs/open-pacs-client';
import { parsePacsNode } from '../../../src-main/engine/pacs/pacs-node';
import { chestPhantom, dicomBytes } from '../../fixtures/write-dicom';
import { tempDir } from '../../support/temp-dir';
import { runCli } from '../../cli/support/run-cli';
import { dcmqrscpMissing, startDcmqrscp, type QueryRetrieveScp } from './support/dcmqrscp';

const skip = dcmqrscpMissing();
let pacs: QueryRetrieveScp;

const ESC = '\x1b';
/** Bytes as a string of one char per byte (the fixture writes text as Latin-1). */
const bytes = (hex: string) => Buffer.from(hex, 'hex').toString('latin1');
const jis = (codes: string) => `${ESC}$B${codes}${ESC}(B`; // JIS X 0208 in G0, back to ASCII
const jisRoman = (codes: string) => `${ESC}$B${codes}${ESC}(J`; // back to JIS X 0201 romaji (H.3.2)
const ksc = (hex: string) => `${ESC}$)C${bytes(hex)}`; // KS X 1001 in G1
const gb = (hex: string) => `${ESC}$)A${bytes(hex)}`; // GB 2312 in G1

interface Case {
  id: string;
  charset: string;
  name: string;
  description: string;
  /** As the viewer reads it. */
  expectedName: string;
  expectedDescription: string;
}

const CASES: Case[] = [
  {
    // PS3.5 H.3.1
    id: 'JA-87',
    charset: '\\ISO 2022 IR 87',
    name: `Yamada^Tarou=${jis(';3ED')}^${jis('B@O:')}=${jis('$d$^$@')}^${jis('$?$m$&')}`,
    description: `${jis('6;It')} X-P ${jis('@5LL')}`,
    expectedName: 'Yamada^Tarou=山田^太郎=やまだ^たろう',
    expectedDescription: '胸部 X-P 正面',
  },
  {
    // PS3.5 H.3.2: half-width katakana (IR 13) in G1, kanji and kana (IR 87) by escape
    id: 'JA-13',
    charset: 'ISO 2022 IR 13\\ISO 2022 IR 87',
    name: `${bytes('d4cfc0de')}^${bytes('c0dbb3')}=${jisRoman(';3ED')}^${jisRoman('B@O:')}=${jisRoman('$d$^$@')}^${jisRoman('$?$m$&')}`,
    description: `${jisRoman('6;It')} X-P`,
    expectedName: 'ﾔﾏﾀﾞ^ﾀﾛｳ=山田^太郎=やまだ^たろう',
    expectedDescription: '胸部 X-P',
  },
  {
    // PS3.5 Annex I
    id: 'KO-149',
    charset: '\\ISO 2022 IR 149',
    name: `Hong^Gildong=${ksc('fbf3')}^${ksc('d1ced4d7')}=${ksc('c8ab')}^${ksc('b1e6b5bf')}`,
    description: `${ksc('c8e4bace')} ${ksc('c1a4b8e9')}`,
    expectedName: 'Hong^Gildong=洪^吉洞=홍^길동',
    expectedDescription: '흉부 정면',
  },
  {
    // PS3.5 K.2 (GB 2312 by code extension)
    id: 'ZH-58',
    charset: '\\ISO 2022 IR 58',
    name: `Zhang^XiaoDong=${gb('d5c5')}^${gb('d0a1b6ab')}=`,
    description: `${gb('d0d8b2bf')} ${gb('d5fdcebb')}`,
    expectedName: 'Zhang^XiaoDong=张^小东',
    expectedDescription: '胸部 正位',
  },
  {
    id: 'DE-100',
    charset: 'ISO_IR 100',
    name: 'Müller^Jürgen',
    description: 'Thorax p.a. Übersicht',
    expectedName: 'Müller^Jürgen',
    expectedDescription: 'Thorax p.a. Übersicht',
  },
];

const uid = (i: number) => `1.2.826.0.1.3680043.2.1125.141.${i + 1}`;

before(async () => {
  if (skip) return;
  const dir = await tempDir('alveo-find-iso2022-');
  pacs = await startDcmqrscp(dir);
  const files = await Promise.all(
    CASES.map(async (c, i) => {
      const file = join(dir, `${c.id}.dcm`);
      const attributes = {
        SpecificCharacterSet: c.charset,
        PatientName: c.name,
        PatientID: c.id,
        StudyDescription: c.description,
        StudyDate: '20260101',
        AccessionNumber: `ACC${i}`,
        StudyInstanceUID: uid(i),
        SeriesInstanceUID: `${uid(i)}.1`,
        SOPInstanceUID: `${uid(i)}.1.1`,
        Modality: 'CR',
      };
      await writeFile(file, dicomBytes({ rows: 16, columns: 16, pixels: chestPhantom(16, 16, 10, 1000), attributes }));
      return file;
    }),
  );
  await pacs.store(files);
});
after(async () => {
  if (!skip) await pacs?.stop();
});

test('C-FIND results in ISO 2022 sets show the decoded names and descriptions', { skip }, async () => {
  const found = await openPacsClient(parsePacsNode(pacs.dimse)).findStudies({});
  const byId = new Map(found.map((s) => [s.patientId, s]));
  for (const c of CASES) {
    const s = byId.get(c.id);
    assert.ok(s, `${c.id} found (${[...byId.keys()].join(', ')})`);
    assert.equal(s.patientName, c.expectedName, c.id);
    assert.equal(s.description, c.expectedDescription, c.id);
    assert.ok(!/\x1b/.test(JSON.stringify(s)), `${c.id}: no escape sequence left`);
  }
  // Split into components after decoding: やまだ stays whole (its ま holds the byte 0x5E).
  assert.equal(personName(byId.get('JA-87')?.patientName), 'Yamada, Tarou = 山田 太郎 = やまだ たろう');
  assert.equal(personName(byId.get('JA-13')?.patientName), 'ﾔﾏﾀﾞ ﾀﾛｳ = 山田 太郎 = やまだ たろう');
  assert.equal(personName(byId.get('KO-149')?.patientName), 'Hong, Gildong = 洪 吉洞 = 홍 길동');
});

test('a search by patient ID, and the study instances, on the same PACS', { skip }, async () => {
  const client = openPacsClient(parsePacsNode(pacs.dimse));
  const [one] = await client.findStudies({ patientId: 'KO-149' });
  assert.equal(one?.patientName, 'Hong^Gildong=洪^吉洞=홍^길동');
  assert.equal(one?.studyInstanceUid, uid(2));
  assert.deepEqual(await client.findInstances(uid(0)), [{ seriesInstanceUid: `${uid(0)}.1`, sopInstanceUid: `${uid(0)}.1.1` }]);
});

test('`alveo pacs find --json` prints the decoded names', { skip }, async () => {
  const r = await runCli(['pacs', 'find', '--server', pacs.dimse, '--json'], {});
  assert.equal(r.code, 0, r.stderr);
  const rows = r.stdout
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as { patientId: string; patientName: string; description: string });
  for (const c of CASES) {
    const row = rows.find((x) => x.patientId === c.id);
    assert.equal(row?.patientName, c.expectedName, c.id);
    assert.equal(row?.description, c.expectedDescription, c.id);
  }
});
