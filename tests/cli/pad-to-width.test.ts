// `alveo models` lines its table up by terminal columns: a Japanese name takes two a character.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { displayWidth, padToWidth } from '../../src-main/cli/pad-to-width';

test('display width: CJK, kana, Hangul and emoji take two columns; combining marks none', () => {
  assert.equal(displayWidth('site-a'), 6);
  assert.equal(displayWidth('東京サイト校正'), 14);
  assert.equal(displayWidth('홍길동'), 6);
  assert.equal(displayWidth('ﾔﾏﾀﾞ'), 4, 'half-width katakana: one column each');
  assert.equal(displayWidth('München'.normalize('NFD')), 7, 'a combining mark takes none');
  assert.equal(displayWidth('מודל תל אביב'), 12);
  assert.equal(displayWidth('🫁 lung'), 7);
});

test('padded by width, the columns after a CJK name line up with those after a Latin one', () => {
  const names = ['Klinikum München Süd', '東京サイト校正'];
  const w = Math.max(...names.map(displayWidth));
  const lines = names.map((n) => `${padToWidth(n, w)}  trained`);
  assert.equal(displayWidth(lines[0]), displayWidth(lines[1]));
  assert.equal(lines[1], `東京サイト校正${' '.repeat(6)}  trained`);
});
