// ResNet18 v1 in the torchvision layout, so weights trained in PyTorch import one-to-one and give the
// same numbers: explicit symmetric zero padding before strided convs (TensorFlow's 'same' pads
// stride-2 convs asymmetrically), BatchNorm epsilon 1e-5, no conv bias, global average pooling, then
// one sigmoid unit for P(pneumonia).
import type { LayersModel, SymbolicTensor } from '@tensorflow/tfjs-layers';
import type { Tf } from './tf-backend';

export interface ResNet18Options {
  /** Square input side in pixels; the input is [N, S, S, 3] float32, already normalised. */
  inputSize: number;
  /** Seed for the weight initialisers, so two builds with one seed are identical. */
  seed?: number;
}

/** torch's BatchNorm2d default. */
export const BN_EPSILON = 1e-5;
/** torch momentum 0.1 is Keras momentum 0.9 (Keras weighs the old running value). */
export const BN_MOMENTUM = 0.9;
/** Per stage: output channels and the stride of its first block. */
export const RESNET18_STAGES: ReadonlyArray<{ channels: number; stride: number }> = [
  { channels: 64, stride: 1 },
  { channels: 128, stride: 2 },
  { channels: 256, stride: 2 },
  { channels: 512, stride: 2 },
];
export const BLOCKS_PER_STAGE = 2;

export function buildResNet18(tf: Tf, opts: ResNet18Options): LayersModel {
  const { inputSize } = opts;
  if (!Number.isInteger(inputSize) || inputSize < 32) {
    throw new Error(`ResNet18 input size must be an integer >= 32, got ${inputSize}`);
  }
  let seed = opts.seed ?? 42;
  const nextSeed = (): number => seed++;
  const L = tf.layers;

  // torchvision: kaiming_normal_(mode='fan_out', nonlinearity='relu') for convs; BN gamma 1, beta 0.
  const convInit = () => tf.initializers.varianceScaling({ scale: 2, mode: 'fanOut', distribution: 'normal', seed: nextSeed() });

  const conv = (x: SymbolicTensor, filters: number, kernel: number, stride: number, pad: number, name: string): SymbolicTensor => {
    // Stride 1 with 'same' pads (k-1)/2 on every side, exactly like torch; strided convs pad explicitly.
    let padding: 'same' | 'valid' = 'valid';
    if (pad > 0 && stride === 1 && kernel === 2 * pad + 1) padding = 'same';
    else if (pad > 0) x = L.zeroPadding2d({ padding: [[pad, pad], [pad, pad]], name: `${name}_pad` }).apply(x) as SymbolicTensor;
    return L.conv2d({ filters, kernelSize: kernel, strides: stride, padding, useBias: false, kernelInitializer: convInit(), name }).apply(x) as SymbolicTensor;
  };
  const bn = (x: SymbolicTensor, name: string): SymbolicTensor =>
    L.batchNormalization({ axis: -1, epsilon: BN_EPSILON, momentum: BN_MOMENTUM, name }).apply(x) as SymbolicTensor;
  const relu = (x: SymbolicTensor, name: string): SymbolicTensor => L.reLU({ name }).apply(x) as SymbolicTensor;

  const input = tf.input({ shape: [inputSize, inputSize, 3], name: 'input', dtype: 'float32' });
  let x = conv(input, 64, 7, 2, 3, 'conv1');
  x = relu(bn(x, 'bn1'), 'relu');
  // Max pooling pads with -inf in torch; after a ReLU every value is >= 0, so zero padding is equal.
  x = L.zeroPadding2d({ padding: [[1, 1], [1, 1]], name: 'maxpool_pad' }).apply(x) as SymbolicTensor;
  x = L.maxPooling2d({ poolSize: 3, strides: 2, padding: 'valid', name: 'maxpool' }).apply(x) as SymbolicTensor;

  let inChannels = 64;
  RESNET18_STAGES.forEach(({ channels, stride }, s) => {
    for (let b = 0; b < BLOCKS_PER_STAGE; b++) {
      const p = `layer${s + 1}_${b}`;
      const blockStride = b === 0 ? stride : 1;
      let y = conv(x, channels, 3, blockStride, 1, `${p}_conv1`);
      y = relu(bn(y, `${p}_bn1`), `${p}_relu1`);
      y = bn(conv(y, channels, 3, 1, 1, `${p}_conv2`), `${p}_bn2`);
      let shortcut = x;
      if (blockStride !== 1 || inChannels !== channels) {
        shortcut = bn(conv(x, channels, 1, blockStride, 0, `${p}_downsample_conv`), `${p}_downsample_bn`);
      }
      const sum = L.add({ name: `${p}_add` }).apply([y, shortcut]) as SymbolicTensor;
      const last = s === RESNET18_STAGES.length - 1 && b === BLOCKS_PER_STAGE - 1;
      x = relu(sum, last ? 'layer4_out' : `${p}_out`);
      inChannels = channels;
    }
  });

  x = L.globalAveragePooling2d({ name: 'avgpool' }).apply(x) as SymbolicTensor;
  // torch nn.Linear default init: U(-1/sqrt(fan_in), 1/sqrt(fan_in)) for weight and bias.
  const bound = 1 / Math.sqrt(512);
  const logit = L.dense({
    units: 1,
    name: 'fc',
    kernelInitializer: tf.initializers.randomUniform({ minval: -bound, maxval: bound, seed: nextSeed() }),
    biasInitializer: tf.initializers.randomUniform({ minval: -bound, maxval: bound, seed: nextSeed() }),
  }).apply(x) as SymbolicTensor;
  const prob = L.activation({ activation: 'sigmoid', name: 'prob' }).apply(logit) as SymbolicTensor;
  return tf.model({ inputs: input, outputs: prob, name: 'resnet18_gap_sigmoid' });
}

/** Names of the conv / BN layers in torchvision order, e.g. for weight import. */
export function resnet18LayerNames(): { convs: string[]; bns: string[] } {
  const convs = ['conv1'];
  const bns = ['bn1'];
  RESNET18_STAGES.forEach((_, s) => {
    for (let b = 0; b < BLOCKS_PER_STAGE; b++) {
      const p = `layer${s + 1}_${b}`;
      convs.push(`${p}_conv1`, `${p}_conv2`);
      bns.push(`${p}_bn1`, `${p}_bn2`);
      if (s > 0 && b === 0) {
        convs.push(`${p}_downsample_conv`);
        bns.push(`${p}_downsample_bn`);
      }
    }
  });
  return { convs, bns };
}
