// Evaluation through the engine follows the site policy in settings.json, as the worklist does: a
// frontal chest DICOM that records no age is held back under hold-back (the default) and answered
// under read-as-child. Both doors are checked: the tfjs worker and ONNX Runtime on the engine's thread.
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import type { EngineEvent } from '../../../src-main/api/events';
import type { EvaluationReport } from '../../../src-main/api/training';
import { createEngine, type EngineDeps } from '../../../src-main/engine/index';
import { defaultCard } from '../../../src-main/engine/model/card-file';
import { ModelStore } from '../../../src-main/engine/model/model-store';
import { buildResNet18 } from '../../../src-main/engine/model/resnet18';
import { getTf } from '../../../src-main/engine/model/tf-backend';
import { writeSitePolicy } from '../../../src-main/engine/user-folder/site-policy-store';
import { chestPhantom, writeDicom } from '../../fixtures/write-dicom';
import { writeImage } from './support/draw-images';

let root: string;
let data: string;
let noAge: string;
before(async () => {
  root = await mkdtemp(join(tmpdir(), 'alveo-eval-policy-'));
  data = join(root, 'data');
  for (let i = 0; i < 3; i++) {
    await writeImage(join(data, 'NORMAL', `n${i}.png`), 'png', 64, i, false);
    await writeImage(join(data, 'PNEUMONIA', `p${i}.png`), 'png', 64, 10 + i, true);
  }
  // A frontal chest radiograph whose only fault is the missing age.
  noAge = await writeDicom(join(data, 'PNEUMONIA', 'noage.dcm'), {
    rows: 256,
    columns: 256,
    bitsStored: 12,
    pixels: chestPhantom(256, 256, 200, 3800),
    attributes: { Modality: 'DX', BodyPartExamined: 'CHEST', ViewPosition: 'PA' },
  });
  const tf = await getTf('wasm');
  const model = buildResNet18(tf, { inputSize: 32, seed: 3 });
  await new ModelStore({ builtInDir: join(root, 'none'), userDir: join(root, 'home') }).saveModel(
    tf,
    model,
    defaultCard({ id: 'kids', inputSize: 32, trained: true, threshold: { value: 0.5, rule: 'test' }, population: { ageYears: [1, 5], views: ['PA', 'AP'], description: 'children' } }),
  );
  model.dispose();
});
after(() => rm(root, { recursive: true, force: true }));

async function evaluate(backend: EngineDeps['backend']): Promise<EvaluationReport> {
  const engine = createEngine({ builtInModelsDir: join(root, 'none'), userDir: join(root, 'home'), backend });
  try {
    const events: EngineEvent[] = [];
    engine.subscribe((e) => events.push(e));
    const { jobId } = await engine.startEvaluation({ data, model: 'kids' });
    await engine.waitForJob(jobId);
    const end = events.find((e) => e.jobId === jobId && e.type === 'job:end');
    assert.ok(end?.type === 'job:end' && end.outcome === 'done', end?.type === 'job:end' ? end.error : 'no end event');
    return end.result as EvaluationReport;
  } finally {
    await engine.dispose();
  }
}

for (const backend of ['wasm', undefined] as const) {
  test(`the site policy decides whether a DICOM without an age is held back (${backend ? 'tfjs worker' : 'default runtime'})`, { timeout: 180_000 }, async () => {
    await writeSitePolicy(join(root, 'home'), { ageUnknown: 'hold-back' });
    const held = await evaluate(backend);
    assert.equal(held.n, 7);
    assert.deepEqual(held.heldBack?.map((h) => h.file), [noAge]);
    assert.match(held.heldBack?.[0].warnings.join(' ') ?? '', /records no usable age/);
    assert.equal(held.answered?.n, 6);

    await writeSitePolicy(join(root, 'home'), { ageUnknown: 'read-as-child' });
    const read = await evaluate(backend);
    assert.equal(read.n, 7);
    assert.deepEqual(read.heldBack ?? [], [], 'read as a child, as the worklist reads it');
    assert.equal(read.answered, undefined, 'nothing held back: no separate answered figures');
    assert.equal(read.topLosses.find((s) => s.file === noAge)?.probability, held.topLosses.find((s) => s.file === noAge)?.probability, 'the policy changes what is held back, not the model output');
  });
}
