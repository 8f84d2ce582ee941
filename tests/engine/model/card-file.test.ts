// card.json checks: a card whose test-time views the engine cannot serve is refused naming its file
// (a wrong first view would move Grad-CAM off the image; a huge zoom would score mostly padding).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseModelCard, readCardFile } from '../../../src-main/engine/model/card-file';
import { tempDir } from '../../support/temp-dir';
import { REPO_ROOT } from '../inference/support/shared-data';

const shipped = JSON.parse(readFileSync(join(REPO_ROOT, 'models', 'default', 'card.json'), 'utf8')) as Record<string, unknown>;
const FILE = '/models/x/card.json';
const withTta = (tta: unknown) => ({ ...shipped, testTimeAugmentation: tta });

test('the shipped card parses, and a card without test-time views still does', () => {
  assert.equal(parseModelCard(shipped, FILE).id, shipped.id);
  const { testTimeAugmentation: _, ...plain } = shipped;
  assert.equal(parseModelCard(plain, FILE).testTimeAugmentation, undefined);
});

test('test-time views the engine cannot serve are refused, naming the card', () => {
  const bad: [string, unknown][] = [
    ['first view not the image as is', { views: [[1.08, 0, 0], [1, 0, 0]], combine: 'mean-logit' }],
    ['zoom out of range', { views: [[1, 0, 0], [5, 0, 0]], combine: 'mean-logit' }],
    ['shift out of range', { views: [[1, 0, 0], [1, 0.9, 0]], combine: 'mean-logit' }],
    ['not triples', { views: [[1, 0, 0], [1, 0]], combine: 'mean-logit' }],
    ['no views', { views: [], combine: 'mean-logit' }],
    ['too many views', { views: Array.from({ length: 17 }, () => [1, 0, 0]), combine: 'mean-logit' }],
    ['unknown combination', { views: [[1, 0, 0], [1.08, 0, 0]], combine: 'max' }],
    ['not an object', 'five views'],
  ];
  for (const [why, tta] of bad) {
    assert.throws(() => parseModelCard(withTta(tta), FILE), (err: Error & { code?: string; file?: string }) => {
      assert.match(err.message, /testTimeAugmentation/, why);
      assert.equal(err.code, 'CORRUPT', why);
      return true;
    }, why);
  }
});

test("a card.json saved with a byte-order mark (Windows Notepad) reads as without one", async (t) => {
  const dir = await tempDir('alveo-card-bom-');
  t.after(() => rm(dir, { recursive: true, force: true }));
  await writeFile(join(dir, 'card.json'), `\uFEFF${JSON.stringify(shipped)}`);
  assert.equal((await readCardFile(dir)).id, shipped.id);
});
