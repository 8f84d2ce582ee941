// A model card for test models: plain ImageNet-free normalisation (mean 0.5, std 0.25) so the
// model input is easy to reason about: black -> -2, mid gray -> ~0, white -> +2.
import type { ModelCard } from '../../../../src-main/api/model-card';

export function testCard(overrides: Partial<ModelCard> & { id: string; inputSize: number }): ModelCard {
  const { inputSize } = overrides;
  return {
    name: `test model ${overrides.id}`,
    architecture: 'resnet18-gap-sigmoid',
    preprocessing: { resize: 'squash', inputSize, channels: 3, mean: [0.5, 0.5, 0.5], std: [0.25, 0.25, 0.25], source: 'test: (x/255 - 0.5) / 0.25' },
    classes: ['NORMAL', 'PNEUMONIA'],
    trained: false,
    threshold: { value: 0.5, rule: 'untrained default 0.5' },
    trainingData: { description: 'none: a test model' },
    parent: null,
    created: '2026-01-01T00:00:00.000Z',
    intendedUse: 'tests only',
    ...overrides,
  };
}
