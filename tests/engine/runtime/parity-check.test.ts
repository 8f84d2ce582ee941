// A model whose weights no longer reproduce its parity.json (damaged on disk, finite numbers
// still) is refused when its runtime is made, naming the file, on both engines; the intact model
// passes. The shipped model's files, copied and damaged here.
import assert from 'node:assert/strict';
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { AlveoError } from '../../../src-main/api/errors';
import { ModelStore } from '../../../src-main/engine/model/model-store';
import { getTf } from '../../../src-main/engine/model/tf-backend';
import { inferenceRuntime, unloadInferenceRuntimes } from '../../../src-main/engine/runtime/runtime-for-model';
import { REPO_ROOT } from '../studies/shared-data';

const SHIPPED = join(REPO_ROOT, 'models', 'default');
const skip = existsSync(join(SHIPPED, 'parity.json')) ? false : 'the shipped model has no parity.json';
let root: string;
let store: ModelStore;

before(async () => {
  root = await mkdtemp(join(tmpdir(), 'alveo-parity-check-'));
  store = new ModelStore({ builtInDir: join(root, 'no-builtins'), userDir: join(root, 'home') });
  if (skip) return;
  for (const id of ['intact', 'damaged', 'null-parity']) await cp(SHIPPED, join(root, 'home', 'models', id), { recursive: true });
  // Sign flips of 100k float16 weights in one shard: finite, plausible-looking, wrong.
  const shard = join(root, 'home', 'models', 'damaged', 'group1-shard3of6.bin');
  const bytes = await readFile(shard);
  for (let i = 1; i < Math.min(bytes.length, 200_000); i += 2) bytes[i] ^= 0x80;
  await writeFile(shard, bytes);
  // Review 37 F2: a parity.json holding null was read as a Parity and failed as INTERNAL "Cannot read properties of null".
  await writeFile(join(root, 'home', 'models', 'null-parity', 'parity.json'), 'null\n');
});
after(async () => {
  await unloadInferenceRuntimes();
  await rm(root, { recursive: true, force: true });
});

for (const prefer of ['onnxruntime', 'tfjs'] as const) {
  test(`${prefer}: the intact copy passes its parity check; the damaged one is refused naming parity.json`, { skip }, async () => {
    const tf = await getTf('wasm');
    const intact = await inferenceRuntime(await store.get('intact'), { prefer, tf: async () => tf });
    assert.equal(intact.kind, prefer);
    await assert.rejects(
      inferenceRuntime(await store.get('damaged'), { prefer, tf: async () => tf }),
      (err: unknown) =>
        err instanceof AlveoError &&
        err.code === 'CORRUPT' &&
        err.file === join(root, 'home', 'models', 'damaged', 'parity.json') &&
        /the model's weights do not reproduce its reference outputs \(image \d: logit -?[\d.]+, expected -?[\d.]+\): its files are damaged/.test(err.message),
    );
  });
}

test('a parity.json holding null is refused as CORRUPT naming parity.json and what it holds, not as a TypeError', { skip }, async () => {
  const tf = await getTf('wasm');
  const file = join(root, 'home', 'models', 'null-parity', 'parity.json');
  await assert.rejects(
    inferenceRuntime(await store.get('null-parity'), { prefer: 'tfjs', tf: async () => tf }),
    (err: unknown) => {
      assert.ok(err instanceof AlveoError, String(err));
      assert.equal(err.code, 'CORRUPT');
      assert.equal(err.file, file);
      assert.equal(err.message, `${file}: the model's reference outputs file is damaged (it holds null, not a JSON object): install the model again`);
      return true;
    },
  );
});
