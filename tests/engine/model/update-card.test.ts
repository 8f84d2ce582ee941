// Card updates on one model run one at a time: two at once (two evaluations kept together) each
// read the card, changed it and wrote it, and the later write lost the earlier change.
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import type { ModelCard } from '../../../src-main/api/model-card';
import { defaultCard } from '../../../src-main/engine/model/card-file';
import { ModelStore } from '../../../src-main/engine/model/model-store';
import { buildResNet18 } from '../../../src-main/engine/model/resnet18';
import { getTf } from '../../../src-main/engine/model/tf-backend';

test('concurrent card updates of one model all land', async () => {
  const root = await mkdtemp(join(tmpdir(), 'alveo-update-card-'));
  try {
    const tf = await getTf('wasm');
    const store = new ModelStore({ builtInDir: join(root, 'none'), userDir: join(root, 'home') });
    const model = buildResNet18(tf, { inputSize: 32, seed: 3 });
    await store.saveModel(tf, model, defaultCard({ id: 'm', inputSize: 32, trained: true }));
    model.dispose();
    const notes = Array.from({ length: 8 }, (_, i) => `note ${i}`);
    await Promise.all(notes.map((n) => store.updateCard('m', (card) => ({ ...card, notes: [...(card.notes ?? []), n] }))));
    const card = JSON.parse(await readFile(join(root, 'home', 'models', 'm', 'card.json'), 'utf8')) as ModelCard;
    assert.deepEqual([...(card.notes ?? [])].filter((n) => n.startsWith('note ')).sort(), notes);
    // A failed update does not block the next one.
    await assert.rejects(store.updateCard('m', (c) => ({ ...c, id: 'other' })), /may not change the model's id/);
    const after = await store.updateCard('m', (c) => ({ ...c, name: 'renamed' }));
    assert.equal(after.card.name, 'renamed');
  } finally {
    await rm(root, { recursive: true, force: true });
  }
});
