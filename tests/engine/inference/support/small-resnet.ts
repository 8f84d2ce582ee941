// Seeded, untrained ResNet18s for tests: in memory (LoadedModel via derive) or saved into a
// user folder through the ModelStore (for the engine and the CLI).
import type { LoadedModel } from '../../../../src-main/engine/model/load-model';
import { derive } from '../../../../src-main/engine/model/load-model';
import { ModelStore } from '../../../../src-main/engine/model/model-store';
import { buildResNet18 } from '../../../../src-main/engine/model/resnet18';
import type { Tf } from '../../../../src-main/engine/model/tf-backend';
import type { ModelEntry } from '../../../../src-main/api/contract';
import { testCard } from './test-card';

export function smallResNet(tf: Tf, opts: { inputSize?: number; seed?: number; id?: string } = {}): LoadedModel {
  const inputSize = opts.inputSize ?? 64;
  const id = opts.id ?? `resnet-${inputSize}`;
  const card = testCard({ id, inputSize });
  const model = buildResNet18(tf, { inputSize, seed: opts.seed ?? 7 });
  return derive(tf, { id, dir: `/in-memory/${id}`, builtIn: false, active: false, card }, model);
}

/** Saves a seeded ResNet18 as a user model under userDir/models/<id>. */
export async function saveSmallModel(
  tf: Tf,
  opts: { builtInDir: string; userDir: string; id: string; inputSize?: number; seed?: number; trained?: boolean; threshold?: number },
): Promise<ModelEntry> {
  const inputSize = opts.inputSize ?? 64;
  const store = new ModelStore({ builtInDir: opts.builtInDir, userDir: opts.userDir });
  const model = buildResNet18(tf, { inputSize, seed: opts.seed ?? 7 });
  const card = testCard({
    id: opts.id,
    inputSize,
    trained: opts.trained ?? false,
    threshold: { value: opts.threshold ?? 0.5, rule: opts.trained ? 'test: pretends to be trained' : 'untrained default 0.5' },
  });
  try {
    return await store.saveModel(tf, model, card);
  } finally {
    model.dispose();
  }
}
