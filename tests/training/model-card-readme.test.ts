// The shipped model's README.md is its card.json as training/render-model-card.ts renders it: the
// two never disagree (a card edited by hand, or a renderer changed without re-rendering, fails here).
// The rendered card carries per-image Wilson intervals and says the held-out cohorts chose the threshold.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { test } from 'node:test';

const repo = resolve(import.meta.dirname, '../..');

test('models/default/README.md is its card.json rendered, with intervals and what chose the threshold', () => {
  const rendered = execFileSync(process.execPath, ['--import', 'tsx', join(repo, 'training', 'render-model-card.ts'), join(repo, 'models', 'default')], { cwd: repo, encoding: 'utf8' });
  assert.equal(readFileSync(join(repo, 'models', 'default', 'README.md'), 'utf8'), rendered);
  assert.match(rendered, /95% intervals \(Wilson, per image; wider per patient\): sensitivity \d+\.\d% \[\d+\.\d%-\d+\.\d%\]/);
  assert.match(rendered, /These images chose the threshold \(and the checkpoint\)/);
});
