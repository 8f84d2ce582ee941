// Checkpointing during a training run: the weights (and validation predictions) of the epoch with
// the lowest validation loss so far, kept outside tf.tidy until the run saves or drops them.
import type { Tensor } from '@tensorflow/tfjs-core';
import type { LayersModel } from '@tensorflow/tfjs-layers';
import type { Tf } from '../model/tf-backend';
import type { Predictions } from './predict-probabilities';

export class BestCheckpoint {
  private best: { loss: number; epoch: number; weights: Tensor[]; preds: Predictions } | null = null;

  constructor(private readonly tf: Tf) {}

  get exists(): boolean {
    return this.best !== null;
  }

  /** The kept epoch's validation predictions (the threshold is chosen on them). */
  get predictions(): Predictions | null {
    return this.best?.preds ?? null;
  }

  /** Keeps a copy of the model's weights when `valLoss` is the lowest so far; true when it was. */
  consider(model: LayersModel, valLoss: number, epoch: number, preds: Predictions): boolean {
    if (this.best && valLoss >= this.best.loss) return false;
    this.dispose();
    this.best = { loss: valLoss, epoch, weights: model.getWeights().map((w) => this.tf.keep(w.clone())), preds };
    return true;
  }

  /** Puts the kept weights back into the model (before saving). */
  restore(model: LayersModel): void {
    if (this.best) model.setWeights(this.best.weights);
  }

  dispose(): void {
    this.best?.weights.forEach((w) => w.dispose());
    this.best = null;
  }
}
