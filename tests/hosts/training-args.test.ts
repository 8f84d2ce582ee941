// The argument rules for the training methods (validate-args.ts): well-formed calls pass, odd
// values are refused before the engine, in plain words.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { checkArgs } from '../../src-main/hosts/validate-args';

test('well-formed training calls pass', () => {
  assert.equal(checkArgs('inspectDataset', ['/data/site']), null);
  assert.equal(checkArgs('defaultTrainingOptions', []), null);
  assert.equal(checkArgs('defaultTrainingOptions', ['scratch']), null);
  assert.equal(checkArgs('previewTrainingData', ['/data/site']), null);
  assert.equal(checkArgs('previewTrainingData', ['/data/site', { valFraction: 0.2, seed: 7 }]), null);
  const options = { epochs: 2, inputSize: 64, batchSize: 8, learningRate: 1e-3, augment: null, thresholdRule: 'youden', valFraction: 0.25, seed: 1 };
  assert.equal(checkArgs('startTraining', [{ data: '/data/site', base: 'scratch', name: 'Site A', options, onCancel: 'keep' }]), null);
  assert.equal(checkArgs('startTraining', [{ data: '/data/site', options: { augment: { rotationDeg: 5, horizontalFlip: false } } }]), null);
  assert.equal(checkArgs('startEvaluation', [{ data: '/data/site', model: 'm1', validationSplit: { valFraction: 0.15, seed: 42 }, topK: 12 }]), null);
  assert.equal(checkArgs('startEvaluation', [{ data: '/data/kermany', split: 'test', reportDir: '/tmp/r' }]), null);
});

test('odd training arguments are refused in plain words', () => {
  assert.match(checkArgs('startTraining', [{ base: 'scratch' }]) ?? '', /spec.data must be a string/);
  assert.match(checkArgs('startTraining', [{ data: '/d', options: { epochs: 0 } }]) ?? '', /epochs must be a whole number from 1 to 1000/);
  assert.match(checkArgs('startTraining', [{ data: '/d', options: { learningRate: 'fast' } }]) ?? '', /learningRate must be a number/);
  assert.match(checkArgs('startTraining', [{ data: '/d', options: { gpu: true } }]) ?? '', /options.gpu is not a known field/);
  assert.match(checkArgs('startTraining', [{ data: '/d', options: { thresholdRule: 'f1' } }]) ?? '', /thresholdRule must be one of/);
  assert.match(checkArgs('startTraining', [{ data: '/d', onCancel: 'maybe' }]) ?? '', /onCancel must be one of discard, keep/);
  assert.match(checkArgs('startEvaluation', [{ data: '/d', validationSplit: { valFraction: 0.2 } }]) ?? '', /validationSplit.seed must be a whole number/);
  assert.match(checkArgs('startEvaluation', [{ data: '/d', split: 'holdout' }]) ?? '', /split must be one of train, val, test, all/);
  assert.match(checkArgs('previewTrainingData', ['/d', { valFraction: Infinity }]) ?? '', /valFraction must be a number/);
  assert.match(checkArgs('inspectDataset', ['/d\u0000x']) ?? '', /control characters/);
});
