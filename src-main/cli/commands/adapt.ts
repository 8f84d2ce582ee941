// alveo adapt --data DIR [--model ID] [--epochs N] [--views N] [--blocks layer4.1|layer4]
//             [--sensitivity S] [--name NAME] [--json]
// Fine-tunes the top of the network on a folder of labelled site images in minutes (frozen
// activations cached once, only the top block(s) + head train), then calibrates it on the held-out
// site patients; saves a new model version and prints its id last. Ctrl-C cancels, saves nothing.
import { availableParallelism } from 'node:os';
import type { AdaptBlocks } from '../../api/adaptation';
import { registerWasmTrainingKernels } from '../../engine/model/kernels/register-wasm-training-kernels';
import { runAdaptation } from '../../engine/training/adapt';
import type { CliCommand } from '../command';
import { parseCommandOptions } from '../parse-command-options';
import { runSiteJob } from '../site-job';

const USAGE = 'adapt --data DIR [--model ID] [--epochs N] [--views N] [--blocks layer4.1|layer4] [--sensitivity S] [--name NAME] [--json]';

export const command: CliCommand = {
  usage: 'adapt --data DIR [--model ID] [--epochs N] [--json]',
  summary: 'adapt a model to a site (minutes): retrain its top on the site',
  async run(argv) {
    const values = parseCommandOptions(
      argv,
      {
        data: { type: 'string' },
        model: { type: 'string' },
        epochs: { type: 'string' },
        views: { type: 'string' },
        blocks: { type: 'string' },
        sensitivity: { type: 'string' },
        name: { type: 'string' },
        json: { type: 'boolean', default: false },
      },
      USAGE,
    );
    if (!values) return 2;
    if (!values.data) {
      console.error(`usage: alveo ${USAGE}`);
      return 2;
    }
    const nums: Record<string, number | undefined> = {};
    for (const flag of ['epochs', 'views', 'sensitivity'] as const) {
      const v = values[flag];
      if (v === undefined) continue;
      const n = Number(v);
      if (!Number.isFinite(n)) {
        console.error(`alveo adapt: --${flag} must be a number (got '${v}')`);
        return 2;
      }
      nums[flag] = n;
    }
    const data = values.data;
    // Training the top block is a batch job: on wasm it uses every core unless told otherwise, as the
    // training worker does (the frozen activations come from ONNX Runtime's own threads before).
    process.env.ALVEO_WASM_THREADS ??= String(Math.min(8, availableParallelism()));
    return runSiteJob('adapt', values.json, (env) => {
      registerWasmTrainingKernels(env.tf);
      return runAdaptation(
        { data, model: values.model, epochs: nums.epochs, views: nums.views, sensitivity: nums.sensitivity, trainBlocks: values.blocks as AdaptBlocks | undefined, name: values.name },
        { ...env, userDir: env.deps.userDir },
      );
    });
  },
};
