// A run that starts from a stored model first checks the start's weights against its parity.json,
// as inference does when it makes a runtime (runtime/parity-check.ts): a damaged parent would
// otherwise train silently and hand its damage on to the new model. Checked on CPU backends only,
// as inference is: a GPU's reduced precision (TF32) moves logits without anything being damaged.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { LayersModel } from '@tensorflow/tfjs-layers';
import type { ModelEntry } from '../../api/contract';
import { derive } from '../model/load-model';
import { backendName, type Tf } from '../model/tf-backend';
import { checkParity, PARITY_JSON } from '../runtime/parity-check';
import { createTfjsRuntime } from '../runtime/tfjs-runtime';

/** Rejects (naming the start's parity.json) when `stored`, the start's weights as loaded, miss its reference outputs. */
export async function checkStartParity(tf: Tf, start: ModelEntry, stored: LayersModel): Promise<void> {
  // Models trained in Alveo have no parity.json: nothing to check, no view to build.
  if (/gpu/.test(backendName()) || !existsSync(join(start.dir, PARITY_JSON))) return;
  // Over the stored model itself (its own input size): the caller disposes it.
  const runtime = createTfjsRuntime(tf, derive(tf, start, stored));
  try {
    await checkParity(runtime, start);
  } finally {
    await runtime.dispose();
  }
}
