// No Western comma after a family name in any CJK or Hangul form a DICOM name arrives in (review 41
// F11): half-width katakana (ISO 2022 IR 13, PS3.5 H.3.2), Hangul Jamo, and CJK extension B and
// later ideographs, which are surrogate pairs in UTF-16.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { personName } from '../../src-main/api/person-name';

test('half-width katakana takes no comma (PS3.5 H.3.2)', () => {
  assert.equal(personName('ﾔﾏﾀﾞ^ﾀﾛｳ=山田^太郎=やまだ^たろう'), 'ﾔﾏﾀﾞ ﾀﾛｳ = 山田 太郎 = やまだ たろう');
  // Only the sound marks and the prolonged-sound sign, which are not Script=Katakana.
  assert.equal(personName('ﾞﾟ^ｰ'), 'ﾞﾟ ｰ');
});

test('Hangul Jamo and compatibility Jamo take no comma', () => {
  // Conjoining Jamo (U+1100-11FF): the name as a decomposed (NFD) string, as some sources write it.
  const jamo = '\u1112\u1169\u11bc^\u1100\u1175\u11af\u1103\u1169\u11bc';
  assert.equal(jamo.normalize('NFC'), '\ud64d^\uae38\ub3d9', 'the same name as precomposed syllables');
  assert.equal(personName(jamo), jamo.replace('^', ' '));
  assert.equal(personName('\u314e^\u3131\u3137'), '\u314e \u3131\u3137', 'compatibility Jamo (U+3130-318F)');
});

test('CJK extension B ideographs (surrogate pairs) take no comma', () => {
  assert.equal(personName('𠮷^𠀋'), '𠮷 𠀋');
  assert.equal(personName('Yoshida^Hanako=𠮷田^花子'), 'Yoshida, Hanako = 𠮷田 花子');
});

test('Latin, Cyrillic, Hebrew names keep the comma', () => {
  assert.equal(personName('Müller^Jürgen'), 'Müller, Jürgen');
  assert.equal(personName('Иванов^Иван'), 'Иванов, Иван');
  assert.equal(personName('כהן^שרה'), 'כהן, שרה');
});
