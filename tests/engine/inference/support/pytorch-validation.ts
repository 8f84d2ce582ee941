// PyTorch's probabilities for the shipped model's validation images (tests/fixtures/
// default-model-pytorch-validation.json, written by training/build-default-model.sh): the
// reference the app's answers are held to, on one view and with the card's test-time views.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from './shared-data';

export interface PyTorchPrediction {
  /** File name under kermany-224/train/<NORMAL|PNEUMONIA>. */
  file: string;
  label: 0 | 1;
  /** One view: the image as is. */
  probability: number;
  /** PyTorch's mean-logit probability over the recipe's test-time views (training/pytorch/tta_predictions.py). */
  probabilityTta?: number;
}

/** Sorted by label, then file. */
export function pytorchValidation(): PyTorchPrediction[] {
  return JSON.parse(readFileSync(join(REPO_ROOT, 'tests', 'fixtures', 'default-model-pytorch-validation.json'), 'utf8')) as PyTorchPrediction[];
}
