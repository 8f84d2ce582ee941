// The worklist search at non-English sites (review 41 F6): names as people type them in Munich,
// Tokyo and Seoul, Unicode forms and widths, and the scored folder's own name.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { ScoreRow } from '../../src-main/api/contract';
import { foldForSearch } from '../../src-main/api/fold-for-search';
import { DEFAULT_WORKLIST_VIEW, matchesSearch, worklistView } from '../../src-main/api/worklist-view';

const ROOT = '/data/Befunde Müller 東京 תל אביב';

function row(file: string, PatientName?: string): ScoreRow {
  return { file: `${ROOT}/${file}`, probability: 0.2, label: 'NORMAL', threshold: 0.5, model: 'm', error: null, warnings: [], attributes: PatientName ? { PatientName } : {} };
}

const rows = [
  row('de/1.dcm', 'Müller^Jürgen'),
  row('de/2.dcm', 'MUELLER^HANS'),
  row('de/3.dcm', 'Straße^Anna'),
  row('Jürgen NFD.jpeg'.normalize('NFD')),
  row('jp/1.dcm', 'Yamada^Tarou=山田^太郎=やまだ^たろう'),
  row('jp/2.dcm', 'ﾔﾏﾀﾞ^ﾀﾛｳ=山田^太郎'),
  row('kr/1.dcm', 'Hong^Gildong=洪^吉洞=홍^길동'),
  row('plain.png'),
];
const found = (search: string, root?: string | null) => worklistView(rows, { ...DEFAULT_WORKLIST_VIEW, search, sort: 'file', descending: false }, root).map((r) => r.file.slice(ROOT.length + 1));

test('a name written without separators finds the name stored with them (CJK and Hangul)', () => {
  assert.deepEqual(found('山田太郎'), ['jp/1.dcm', 'jp/2.dcm']);
  assert.deepEqual(found('홍길동'), ['kr/1.dcm']);
  assert.deepEqual(found('洪吉洞'), ['kr/1.dcm']);
  assert.deepEqual(found('やまだたろう'), ['jp/1.dcm']);
  // Word matching as before.
  assert.deepEqual(found('山田 太郎'), ['jp/1.dcm', 'jp/2.dcm']);
  assert.deepEqual(found('muller, jurgen'), ['de/1.dcm']);
  assert.deepEqual(found('jürgen müller'), [], 'words in another order are another name');
  assert.deepEqual(found(' ^ , '), [], 'separators alone match nothing');
});

test('full-width and half-width katakana are one text; kana voicing marks still tell syllables apart', () => {
  assert.deepEqual(found('ヤマダ'), ['jp/2.dcm']);
  assert.deepEqual(found('ﾔﾏﾀﾞ'), ['jp/2.dcm']);
  assert.deepEqual(found('ヤマタ'), [], 'タ is not ダ');
});

test('umlauts: Muller and Mueller find Müller, Müller finds MUELLER, ß is ss', () => {
  assert.deepEqual(found('Muller'), ['de/1.dcm']);
  assert.deepEqual(found('Mueller'), ['de/1.dcm', 'de/2.dcm']);
  assert.deepEqual(found('MÜLLER'), ['de/1.dcm', 'de/2.dcm']);
  assert.deepEqual(found('STRASSE'), ['de/3.dcm']);
  assert.deepEqual(found('straße'), ['de/3.dcm']);
  assert.deepEqual(found('STRAẞE'), ['de/3.dcm']);
});

test('NFC and NFD spellings find each other (a file name from macOS)', () => {
  const nfc = 'Jürgen'.normalize('NFC');
  const nfd = 'Jürgen'.normalize('NFD');
  assert.notEqual(nfc, nfd);
  const both = ['Jürgen NFD.jpeg'.normalize('NFD'), 'de/1.dcm'].sort();
  assert.deepEqual(found(nfc).sort(), both);
  assert.deepEqual(found(nfd).sort(), both);
});

test('the scored folder is not searched: its name in a query does not match every row; sub-folders and file names are', () => {
  for (const root of [ROOT, `${ROOT}/`, undefined]) {
    assert.deepEqual(found('Befunde', root), [], `root ${root}`);
    assert.deepEqual(found('東京', root), [], `root ${root}`);
    assert.deepEqual(found('תל אביב', root), [], `root ${root}`);
    assert.deepEqual(found('jp/', root), ['jp/1.dcm', 'jp/2.dcm'], `root ${root}`);
    assert.deepEqual(found('PLAIN.png', root), ['plain.png'], `root ${root}`);
  }
  // Without the scored folder, the one all rows share stands for it.
  const japanese = rows.filter((r) => r.file.includes('/jp/'));
  assert.deepEqual(worklistView(japanese, { ...DEFAULT_WORKLIST_VIEW, search: 'jp' }), []);
  assert.equal(worklistView(japanese, { ...DEFAULT_WORKLIST_VIEW, search: '1.dcm' }).length, 1);
  // A file outside the scored folder is searched by its whole path.
  assert.equal(matchesSearch(row('x.dcm'), 'Befunde', '/elsewhere'), true);
});

test('foldForSearch: NFKC, lower case, ß as ss, without diacritics, German transliteration', () => {
  assert.deepEqual(foldForSearch('Müller'), ['müller', 'muller', 'mueller']);
  assert.deepEqual(foldForSearch('ＡＢＣ１'), ['abc1']);
  assert.deepEqual(foldForSearch('ẞ'), ['ss']);
  assert.deepEqual(foldForSearch('ﾀﾞ'), ['ダ']);
  assert.deepEqual(foldForSearch('홍길동'), ['홍길동'], 'Hangul comes back whole');
  assert.deepEqual(foldForSearch('שָׁלוֹם'), ['שָׁלוֹם'.normalize('NFKC'), 'שלום'], 'niqqud dropped in the bare form');
});
