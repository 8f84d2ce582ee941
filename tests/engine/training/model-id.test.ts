// A new model's id is free whatever the case (Windows and macOS fold 'Site-A' and 'site-a' into one
// folder) and whatever the store can list (an unreadable folder is still a folder): review 29 F6,
// where calibrate failed with "already exists" only after all its work.
import assert from 'node:assert/strict';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { test } from 'node:test';
import { ModelStore } from '../../../src-main/engine/model/model-store';
import { newModelId } from '../../../src-main/engine/training/model-id';
import { sourceTreeDeps } from '../../../src-main/engine/index';
import { tempDir } from '../../support/temp-dir';

test('an id taken in another case, or by a folder the store cannot list, gets -2', async () => {
  const home = await tempDir('alveo-model-id-');
  const store = new ModelStore({ builtInDir: sourceTreeDeps().builtInModelsDir, userDir: home });
  const now = new Date('2026-12-02T10:00:00Z');
  assert.equal(await newModelId(store, 'Site A', now), 'site-a');
  // An imported model keeps its case; here only its folder (no card: not listed).
  await mkdir(join(home, 'models', 'Site-A'), { recursive: true });
  assert.equal(await newModelId(store, 'site a', now), 'site-a-2');
  await mkdir(join(home, 'models', 'SITE-A-2'), { recursive: true });
  assert.equal(await newModelId(store, 'site a', now), 'site-a-3');
  assert.equal(await newModelId(store, 'default', now), 'default-2', 'the built-in model\'s id is taken');
  assert.equal(await newModelId(store, undefined, now), 'trained-20261202-100000');
});

test('ids from names in other scripts and with accents (review 41 F8)', async () => {
  const home = await tempDir('alveo-model-id-');
  const store = new ModelStore({ builtInDir: sourceTreeDeps().builtInModelsDir, userDir: home });
  const now = new Date('2026-12-02T10:00:00Z');
  assert.equal(await newModelId(store, 'Klinikum München Süd', now), 'klinikum-muenchen-sued', 'German letters spelled out, not cut');
  assert.equal(await newModelId(store, 'Hôpital Saint-Éloi', now), 'hopital-saint-eloi', 'accents dropped');
  // NFD, as a name pasted from a macOS file name arrives.
  assert.equal(await newModelId(store, 'Klinikum München'.normalize('NFD'), now), 'klinikum-muenchen');
  assert.equal(await newModelId(store, '東京サイト校正', now, 'default-calibrated'), 'default-calibrated', 'nothing left of the name: the caller\'s fallback');
  assert.equal(await newModelId(store, 'מודל תל אביב', now), 'trained-20261202-100000');
  assert.equal(await newModelId(store, 'Site 東京', now, 'default-calibrated'), 'site', 'the Latin part kept');
});
