// An int8 ONNX graph of an Alveo ResNet18 for work that runs the same study through the model
// many times (LIME's 1,000 perturbed samples): on CPUs with VNNI, ONNX Runtime's u8s8 kernels run
// it about twice as fast as float32. It is the QDQ format ONNX Runtime fuses into QLinearConv /
// QLinearAdd: BatchNorm folded into the convolutions, weights int8 per output channel (symmetric),
// activations uint8 per tensor with ranges measured on calibration images by the float graph with
// the same structure (mode 'calibrate'), biases int32 at input scale x weight scale. The head
// (pooling, fc, sigmoid) stays float. Like onnx-graph.ts, built in memory from the stored weights.
import { AlveoError } from '../../api/errors';
import { BLOCKS_PER_STAGE, BN_EPSILON, RESNET18_STAGES } from '../model/resnet18';
import { ONNX_INPUT, ONNX_PROBABILITY } from './onnx-graph';
import {
  convKernel,
  encodeModel,
  floatTensor,
  int8Tensor,
  int32Tensor,
  intAttr,
  intsAttr,
  type OnnxAttribute,
  type OnnxNode,
  type OnnxTensor,
  onnx,
  uint8Tensor,
  valueInfo,
} from './onnx-proto-helpers';
import type { StoredModel, StoredWeight } from './stored-weights';

/** Observed value range of one activation tensor over the calibration images. */
export interface ActivationRange {
  min: number;
  max: number;
}
export type ActivationRanges = ReadonlyMap<string, ActivationRange>;

/**
 * Weight levels: 127 (8-bit), or 63 (7-bit). On x86 CPUs without VNNI (AVX2 only: many AMD EPYC
 * and older Intel) ONNX Runtime's u8s8 kernels add pairs of uint8 x int8 products in int16
 * (vpmaddubsw), which saturates with 8-bit weights; 7-bit weights cannot (2 x 255 x 64 < 32768).
 * ONNX Runtime's own quantizer calls this reduce_range.
 */
export type WeightLevels = 127 | 63;

export type FoldedGraphMode = { kind: 'calibrate' } | { kind: 'int8'; ranges: ActivationRanges; weightLevels?: WeightLevels };

export interface FoldedGraph {
  graph: Uint8Array;
  /** The activation tensors that are quantized (NCHW); in 'calibrate' mode their rangeMin/rangeMax are graph outputs. */
  points: string[];
}

/** Names of the calibration graph's scalar outputs: a point's minimum and maximum over the batch. */
export const rangeMin = (point: string) => `${point}.min`;
export const rangeMax = (point: string) => `${point}.max`;

/** uint8 affine quantization of a range that contains 0 (so zero and ReLU's floor are exact). */
export function uint8Params(r: ActivationRange): { scale: number; zeroPoint: number } {
  const min = Math.min(0, r.min);
  const max = Math.max(0, r.max);
  const scale = max > min ? (max - min) / 255 : 1e-6;
  return { scale, zeroPoint: Math.min(255, Math.max(0, Math.round(-min / scale))) };
}

/** Symmetric int8 per output channel of an ONNX [out, in, kh, kw] kernel, in -levels..levels. */
function quantizeKernel(data: Float32Array, cout: number, levels: WeightLevels): { q: Int8Array; scales: Float32Array } {
  const per = data.length / cout;
  const q = new Int8Array(data.length);
  const scales = new Float32Array(cout);
  for (let o = 0; o < cout; o++) {
    let m = 0;
    for (let i = o * per; i < (o + 1) * per; i++) m = Math.max(m, Math.abs(data[i]));
    const s = m > 0 ? m / levels : 1;
    scales[o] = s;
    for (let i = o * per; i < (o + 1) * per; i++) q[i] = Math.max(-levels, Math.min(levels, Math.round(data[i] / s)));
  }
  return { q, scales };
}

/** `temperature`: a calibrated model's T (its card); the head then gives sigmoid(logit / T) like the app's runtime. */
export function buildFoldedResNet18(stored: StoredModel, inputSize: number, file: string, mode: FoldedGraphMode, temperature = 1): FoldedGraph {
  const nodes: OnnxNode[] = [];
  const initializers: OnnxTensor[] = [];
  const points: string[] = [];
  /** Scale of each dequantized tensor, for the int32 biases of the convolutions that read it. */
  const scaleOf = new Map<string, number>();
  const weight = (name: string, shape: number[]): StoredWeight => {
    const w = stored.weights.get(name);
    if (!w) throw new AlveoError('UNSUPPORTED', `the model has no weight '${name}' (not an Alveo ResNet18)`, file);
    if (w.shape.length !== shape.length || w.shape.some((d, i) => d !== shape[i])) {
      throw new AlveoError('CORRUPT', `weight '${name}' has shape [${w.shape.join(',')}], expected [${shape.join(',')}]`, file);
    }
    return w;
  };
  const node = (opType: string, inputs: string[], output: string, attribute: OnnxAttribute[] = []): string => {
    nodes.push(onnx.NodeProto.create({ opType, input: inputs, output: [output], name: output, attribute }));
    return output;
  };

  /** A quantization point: Q -> DQ in int8 mode, a calibration output otherwise. `like` reuses another point's parameters. */
  const point = (x: string, like?: string): string => {
    if (!like) points.push(x);
    if (mode.kind === 'calibrate') return x;
    const key = like ?? x;
    const range = mode.ranges.get(key);
    if (!range) throw new AlveoError('INTERNAL', `no calibration range for '${key}'`, file);
    const { scale, zeroPoint } = uint8Params(range);
    if (!like) {
      initializers.push(floatTensor(`${x}.scale`, [], Float32Array.of(scale)));
      initializers.push(uint8Tensor(`${x}.zero_point`, [], Uint8Array.of(zeroPoint)));
    }
    const q = node('QuantizeLinear', [x, `${key}.scale`, `${key}.zero_point`], `${x}_q`);
    const dq = node('DequantizeLinear', [q, `${key}.scale`, `${key}.zero_point`], `${x}_dq`);
    scaleOf.set(dq, scale);
    return dq;
  };

  /** Conv with its BatchNorm folded in (W * g / sqrt(v + eps), beta - mean * g / sqrt(v + eps)). */
  const convBn = (x: string, conv: string, bn: string, out: string, cin: number, cout: number, kernel: number, stride: number, pad: number): string => {
    const k = convKernel(weight(`${conv}/kernel`, [kernel, kernel, cin, cout]));
    const g = weight(`${bn}/gamma`, [cout]).data;
    const beta = weight(`${bn}/beta`, [cout]).data;
    const mean = weight(`${bn}/moving_mean`, [cout]).data;
    const variance = weight(`${bn}/moving_variance`, [cout]).data;
    const eps = stored.layers.get(bn)?.config.epsilon;
    const epsilon = typeof eps === 'number' ? eps : BN_EPSILON;
    const per = k.data.length / cout;
    const w = new Float32Array(k.data.length);
    const b = new Float32Array(cout);
    for (let o = 0; o < cout; o++) {
      const f = g[o] / Math.sqrt(variance[o] + epsilon);
      for (let i = o * per; i < (o + 1) * per; i++) w[i] = k.data[i] * f;
      b[o] = beta[o] - mean[o] * f;
    }
    const attrs = [intsAttr('kernel_shape', [kernel, kernel]), intsAttr('strides', [stride, stride]), intsAttr('pads', [pad, pad, pad, pad])];
    if (mode.kind === 'calibrate') {
      initializers.push(floatTensor(`${out}.weight`, k.dims, w), floatTensor(`${out}.bias`, [cout], b));
      return node('Conv', [x, `${out}.weight`, `${out}.bias`], out, attrs);
    }
    const inScale = scaleOf.get(x);
    if (inScale === undefined) throw new AlveoError('INTERNAL', `convolution ${out} reads '${x}', which is not quantized`, file);
    const { q, scales } = quantizeKernel(w, cout, mode.weightLevels ?? 127);
    const bq = new Int32Array(cout);
    const bScales = new Float32Array(cout);
    for (let o = 0; o < cout; o++) {
      bScales[o] = inScale * scales[o];
      bq[o] = Math.round(b[o] / bScales[o]);
    }
    initializers.push(
      int8Tensor(`${out}.weight_q`, k.dims, q),
      floatTensor(`${out}.weight_scale`, [cout], scales),
      int8Tensor(`${out}.weight_zero_point`, [cout], new Int8Array(cout)),
      int32Tensor(`${out}.bias_q`, [cout], bq),
      floatTensor(`${out}.bias_scale`, [cout], bScales),
      int32Tensor(`${out}.bias_zero_point`, [cout], new Int32Array(cout)),
    );
    const axis0 = [intAttr('axis', 0)];
    const wDq = node('DequantizeLinear', [`${out}.weight_q`, `${out}.weight_scale`, `${out}.weight_zero_point`], `${out}.weight`, axis0);
    const bDq = node('DequantizeLinear', [`${out}.bias_q`, `${out}.bias_scale`, `${out}.bias_zero_point`], `${out}.bias`, axis0);
    return node('Conv', [x, wDq, bDq], out, attrs);
  };

  let x = point(node('Transpose', [ONNX_INPUT], 'input_nchw', [intsAttr('perm', [0, 3, 1, 2])]));
  x = point(node('Relu', [convBn(x, 'conv1', 'bn1', 'stem', 3, 64, 7, 2, 3)], 'relu'));
  // Max pooling commutes with the uint8 mapping, so it reuses the stem's parameters (ONNX Runtime
  // then runs it on uint8 directly).
  x = point(node('MaxPool', [x], 'maxpool', [intsAttr('kernel_shape', [3, 3]), intsAttr('strides', [2, 2]), intsAttr('pads', [1, 1, 1, 1])]), 'relu');
  let cin = 64;
  RESNET18_STAGES.forEach(({ channels, stride }, s) => {
    for (let b = 0; b < BLOCKS_PER_STAGE; b++) {
      const p = `layer${s + 1}_${b}`;
      const st = b === 0 ? stride : 1;
      let y = point(node('Relu', [convBn(x, `${p}_conv1`, `${p}_bn1`, `${p}_c1`, cin, channels, 3, st, 1)], `${p}_relu1`));
      y = point(convBn(y, `${p}_conv2`, `${p}_bn2`, `${p}_c2`, channels, channels, 3, 1, 1));
      const shortcut = st !== 1 || cin !== channels ? point(convBn(x, `${p}_downsample_conv`, `${p}_downsample_bn`, `${p}_ds`, cin, channels, 1, st, 0)) : x;
      x = point(node('Relu', [node('Add', [y, shortcut], `${p}_add`)], `${p}_out`));
      cin = channels;
    }
  });
  node('GlobalAveragePool', [x], 'avgpool');
  node('Flatten', ['avgpool'], 'pooled', [intAttr('axis', 1)]);
  const fcScale = (w: StoredWeight) => Float32Array.from(w.data, (v) => v / temperature);
  initializers.push(floatTensor('fc.weight', [512, 1], fcScale(weight('fc/kernel', [512, 1]))));
  initializers.push(floatTensor('fc.bias', [1], fcScale(weight('fc/bias', [1]))));
  node('Gemm', ['pooled', 'fc.weight', 'fc.bias'], 'logit');
  node('Sigmoid', ['logit'], ONNX_PROBABILITY);

  const S = inputSize;
  const outputs = [valueInfo(ONNX_PROBABILITY, ['batch', 1])];
  if (mode.kind === 'calibrate') {
    // Each point's range over the whole batch, reduced inside ONNX Runtime: copying every
    // activation out to scan it would cost more than the pass itself.
    for (const p of points) {
      outputs.push(valueInfo(node('ReduceMin', [p], rangeMin(p), [intAttr('keepdims', 0)]), []));
      outputs.push(valueInfo(node('ReduceMax', [p], rangeMax(p), [intAttr('keepdims', 0)]), []));
    }
  }
  const graph = onnx.GraphProto.create({
    name: mode.kind === 'int8' ? 'alveo_resnet18_int8' : 'alveo_resnet18_folded',
    node: nodes,
    initializer: initializers,
    input: [valueInfo(ONNX_INPUT, ['batch', S, S, 3])],
    output: outputs,
  });
  return { graph: encodeModel(graph), points };
}
