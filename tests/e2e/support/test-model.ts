// A model for browser tests when none is installed: an untrained ResNet18 (fixed seed, small
// input so it runs fast), saved into the test's own user folder and made active. The engine marks
// its predictions with the "untrained" warning, which the AI panel must show.
import type { ModelCard } from '../../../src-main/api/model-card';
import type { Engine } from '../../../src-main/engine/index';
import { ModelStore } from '../../../src-main/engine/model/model-store';
import { buildResNet18 } from '../../../src-main/engine/model/resnet18';

export const TEST_MODEL_ID = 'e2e-untrained-resnet18';

export async function ensureModel(engine: Engine, dirs: { builtInDir: string; userDir: string }): Promise<string> {
  const models = await engine.listModels();
  const active = models.find((m) => m.active) ?? models[0];
  if (active) return active.id;
  const tf = await engine.tf();
  const inputSize = 64;
  const card: ModelCard = {
    id: TEST_MODEL_ID,
    name: 'E2E untrained ResNet18',
    architecture: 'resnet18-gap-sigmoid',
    inputSize,
    preprocessing: {
      resize: 'squash',
      inputSize,
      channels: 3,
      mean: [0.485, 0.456, 0.406],
      std: [0.229, 0.224, 0.225],
      source: 'default window, squashed to 64x64, ImageNet normalisation',
    },
    classes: ['NORMAL', 'PNEUMONIA'],
    trained: false,
    threshold: { value: 0.5, rule: 'untrained default 0.5' },
    trainingData: { description: 'none: random weights (seed 7), for tests' },
    population: { ageYears: [1, 5], views: ['PA', 'AP'], description: 'pediatric frontal chest radiographs (as the default model)' },
    parent: null,
    created: new Date().toISOString(),
    intendedUse: 'Automated tests only.',
  };
  const model = buildResNet18(tf, { inputSize, seed: 7 });
  try {
    const store = new ModelStore(dirs);
    const entry = await store.saveModel(tf, model, card);
    await store.setActive(entry.id);
    return entry.id;
  } finally {
    model.dispose();
  }
}
