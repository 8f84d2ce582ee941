// A named pipe in place of a model's file (card.json, model.json, a weight file, ood.json) planted
// in a shared folder hung every reader of the folder for good, and four such calls the whole web
// host (review 44 F2): each is refused at once, the file named with what it is.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { AlveoError } from '../../../src-main/api/errors';
import { createEngine, type Engine } from '../../../src-main/engine/index';
import { readCardFile } from '../../../src-main/engine/model/card-file';
import { readModelArtifacts, readModelJson } from '../../../src-main/engine/model/model-files';
import { loadOodStats } from '../../../src-main/engine/guardrails/ood-stats';
import { makeFifo } from '../../cli/support/fifo';
import { rejectsWithFileError } from '../../support/rejects-with-file-error';
import { tempDir } from '../../support/temp-dir';

const PIPE = /not a regular file \(a named pipe\)/;
let dir: string;
let engine: Engine;
const fifos: Array<{ release(): Promise<void> }> = [];

/** A model folder with a good-looking card and model.json; `pipe` is made a named pipe instead. */
function modelFolder(name: string, pipe: string, parent = dir): string {
  const d = join(parent, name);
  mkdirSync(d, { recursive: true });
  const files: Record<string, string> = {
    'card.json': JSON.stringify({ id: name }),
    'model.json': JSON.stringify({ modelTopology: {}, weightsManifest: [{ paths: ['w.bin'], weights: [{ name: 'k', shape: [1], dtype: 'float32' }] }] }),
    'w.bin': '\0\0\0\0',
  };
  for (const [f, text] of Object.entries(files)) if (f !== pipe) writeFileSync(join(d, f), text);
  fifos.push(makeFifo(join(d, pipe)));
  return d;
}

/** Rejects after `ms` (and frees whatever reader the pipes hold), so an unfixed reader fails instead of hanging the run. */
async function promptly<T>(p: Promise<T>, ms = 5000): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      void Promise.all(fifos.map((f) => f.release()));
      reject(new Error(`still waiting after ${ms} ms: blocked on a named pipe`));
    }, ms);
  });
  try {
    return await Promise.race([p, late]);
  } finally {
    clearTimeout(timer);
  }
}

before(async () => {
  dir = await tempDir('alveo-model-fifo-');
  mkdirSync(join(dir, 'builtin'));
  engine = createEngine({ builtInModelsDir: join(dir, 'builtin'), userDir: join(dir, 'home'), backend: 'wasm' });
});
after(async () => {
  await Promise.all(fifos.map((f) => f.release()));
  await engine?.dispose();
});

test('card.json, model.json or a weight file that is a named pipe is refused at once, named', async () => {
  const card = modelFolder('card-pipe', 'card.json');
  await rejectsWithFileError(promptly(readCardFile(card)), join(card, 'card.json'), 'BAD_ARGUMENT', PIPE);
  const topology = modelFolder('model-pipe', 'model.json');
  await rejectsWithFileError(promptly(readModelJson(topology)), join(topology, 'model.json'), 'BAD_ARGUMENT', PIPE);
  const weights = modelFolder('weights-pipe', 'w.bin');
  await rejectsWithFileError(promptly(readModelArtifacts(weights)), join(weights, 'w.bin'), 'BAD_ARGUMENT', PIPE);
});

test('importModel and defaultTrainingOptions on a folder whose card.json is a named pipe answer at once', async () => {
  const d = modelFolder('import-pipe', 'card.json');
  await rejectsWithFileError(promptly(engine.importModel(d)), join(d, 'card.json'), 'BAD_ARGUMENT', PIPE);
  await rejectsWithFileError(promptly(engine.defaultTrainingOptions(d)), join(d, 'card.json'), 'BAD_ARGUMENT', PIPE);
});

test("setActiveModel on an installed model whose card.json is a named pipe answers at once", async () => {
  const installed = join(dir, 'home', 'models');
  mkdirSync(installed, { recursive: true });
  modelFolder('planted', 'card.json', installed);
  await assert.rejects(promptly(engine.setActiveModel('planted')), (err: unknown) => {
    assert.ok(err instanceof AlveoError, String(err));
    assert.doesNotMatch(err.message, /still waiting/);
    return true;
  });
  // The damaged folder is listed with its cause, as any unreadable model is.
  const unreadable = await promptly(engine.listUnreadableModels());
  assert.match(unreadable.find((u) => u.id === 'planted')?.reason ?? '', PIPE);
});

test('ood.json that is a named pipe: the synchronous read is refused, not waited on', async () => {
  const d = join(dir, 'ood-pipe');
  mkdirSync(d);
  const ood = join(d, 'ood.json');
  makeFifo(ood);
  // Unfixed, readFileSync blocks this whole process: a child frees it after 3 s so the test fails, not hangs.
  const rescuer = spawn(process.execPath, ['-e', `setTimeout(() => require('fs').writeFileSync(${JSON.stringify(ood)}, ''), 3000)`], { stdio: 'ignore' });
  try {
    const started = Date.now();
    assert.throws(() => loadOodStats(d), (err: unknown) => err instanceof AlveoError && PIPE.test(err.message) && err.file === ood);
    assert.ok(Date.now() - started < 2000, `took ${Date.now() - started} ms`);
  } finally {
    rescuer.kill();
  }
});
