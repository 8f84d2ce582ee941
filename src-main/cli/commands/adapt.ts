// alveo adapt --data DIR [--model ID] [--epochs N] [--views N] [--blocks layer4.1|layer4]
//             [--sensitivity S] [--name NAME] [--json]
// Fine-tunes the top of the network on a folder of labelled site images in minutes (frozen
// activations cached once, only the top block(s) + head train), then calibrates it on the held-out
// site patients; saves a new model version and prints its id last. Ctrl-C cancels, saves nothing.
import { availableParallelism } from 'node:os';
import type { AdaptBlocks } from '../../api/adaptation';
import { registerWasmTrainingKernels } from '../../engine/model/kernels/register-wasm-training-kernels';
import { runAdaptation } from '../../engine/training/adapt';
import { ADAPT_DEFAULTS } from '../../engine/training/adapt-options';
import { defineCommand } from '../command';
import { runSiteJob } from '../site-job';

export const command = defineCommand({
  name: 'adapt',
  summary: 'adapt a model to a site (minutes): retrain its top on the site',
  options: {
    data: { type: 'string', arg: 'DIR', required: true, help: 'labelled site images: NORMAL/ and PNEUMONIA/ sub-folders' },
    model: { type: 'string', arg: 'ID', help: 'the model to adapt (default: the active model)' },
    epochs: { type: 'string', arg: 'N', help: `training epochs over the cached activations (default: ${ADAPT_DEFAULTS.epochs})` },
    views: { type: 'string', arg: 'N', help: `augmented views of each training image, computed once (default: ${ADAPT_DEFAULTS.views})` },
    blocks: { type: 'string', arg: 'layer4.1|layer4', help: `what trains with the head: the last residual block or all of layer4 (default: ${ADAPT_DEFAULTS.trainBlocks})` },
    sensitivity: { type: 'string', arg: 'S', help: `sensitivity the site threshold is chosen for, between 0.5 and 1 (default: ${ADAPT_DEFAULTS.sensitivity})` },
    seed: { type: 'string', arg: 'N', help: `seed of the patient split (which site patients are held out) and of the augmentation (default: ${ADAPT_DEFAULTS.seed}); another seed re-draws the held-out patients, to see how much the threshold and figures move` },
    name: { type: 'string', arg: 'NAME', help: "name of the new model version, its id made from it (default: the parent's name + ' (adapted to site)')" },
    json: { type: 'boolean', help: 'machine-readable output: one JSON object per line' },
  },
  async run({ values }) {
    const nums: Record<string, number | undefined> = {};
    for (const flag of ['epochs', 'views', 'sensitivity', 'seed'] as const) {
      const v = values[flag];
      if (v === undefined) continue;
      const n = Number(v);
      if (!Number.isFinite(n) || (flag === 'seed' && !(Number.isInteger(n) && n >= 0 && n < 2 ** 31))) {
        console.error(`alveo adapt: --${flag} must be ${flag === 'seed' ? 'a whole number from 0' : 'a number'} (got '${v}')`);
        return 2;
      }
      nums[flag] = n;
    }
    const data = values.data;
    // Training the top block is a batch job: on wasm it uses every core unless told otherwise, as the
    // training worker does (the frozen activations come from ONNX Runtime's own threads before).
    process.env.ALVEO_WASM_THREADS ??= String(Math.min(8, availableParallelism()));
    return runSiteJob('adapt', values.json, { data, model: values.model ?? 'active', ...nums, blocks: values.blocks, name: values.name }, (env) => {
      registerWasmTrainingKernels(env.tf);
      return runAdaptation(
        { data, model: values.model, epochs: nums.epochs, views: nums.views, sensitivity: nums.sensitivity, seed: nums.seed, trainBlocks: values.blocks as AdaptBlocks | undefined, name: values.name },
        { ...env, userDir: env.deps.userDir },
      );
    });
  },
});
