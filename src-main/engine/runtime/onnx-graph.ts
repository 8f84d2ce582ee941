// The ONNX graph of an Alveo ResNet18 (model/resnet18.ts), built from the stored tfjs weights with
// onnx-proto (protobufjs). The model store stays the one source of truth: this graph is derived in
// memory each time a model version is loaded (about 0.2 s for ResNet18), never stored.
// The graph takes and gives NHWC like the tfjs model, transposing at its edges, so both engines
// share preprocessing and output layout; inside, ONNX Runtime works in its native NCHW.
import { AlveoError } from '../../api/errors';
import { BLOCKS_PER_STAGE, BN_EPSILON, RESNET18_STAGES } from '../model/resnet18';
import type { IntermediateOutput } from './inference-runtime';
import { convKernel, encodeModel, floatAttr, floatTensor, intAttr, intsAttr, type OnnxAttribute, type OnnxNode, type OnnxTensor, onnx, valueInfo } from './onnx-proto-helpers';
import type { StoredModel, StoredWeight } from './stored-weights';

/** Graph input and output names; the intermediate ones are the IntermediateOutput names. */
export const ONNX_INPUT = 'input';
export const ONNX_PROBABILITY = 'probability';
export const ONNX_FEATURES = 'layer4';
export const ONNX_INTERMEDIATES: Record<IntermediateOutput, string> = { layer3: 'layer3', 'layer4.0': 'layer4.0', pooled: 'pooled', logit: 'logit' };

/** Serialised ONNX ModelProto. Throws UNSUPPORTED when the stored model is not the Alveo ResNet18. */
export function buildResNet18Onnx(stored: StoredModel, inputSize: number, file: string): Uint8Array {
  const nodes: OnnxNode[] = [];
  const initializers: OnnxTensor[] = [];
  const weight = (name: string, shape?: number[]): StoredWeight => {
    const w = stored.weights.get(name);
    if (!w) throw new AlveoError('UNSUPPORTED', `the model has no weight '${name}' (not an Alveo ResNet18)`, file);
    if (shape && (w.shape.length !== shape.length || w.shape.some((d, i) => shape[i] >= 0 && d !== shape[i]))) {
      throw new AlveoError('CORRUPT', `weight '${name}' has shape [${w.shape.join(',')}], expected [${shape.join(',')}]`, file);
    }
    return w;
  };
  const node = (opType: string, inputs: string[], output: string, attribute: OnnxAttribute[] = []): string => {
    nodes.push(onnx.NodeProto.create({ opType, input: inputs, output: [output], name: output, attribute }));
    return output;
  };

  const conv = (x: string, layer: string, cin: number, cout: number, kernel: number, stride: number, pad: number): string => {
    const k = convKernel(weight(`${layer}/kernel`, [kernel, kernel, cin, cout]));
    initializers.push(floatTensor(`${layer}.weight`, k.dims, k.data));
    return node('Conv', [x, `${layer}.weight`], layer, [intsAttr('kernel_shape', [kernel, kernel]), intsAttr('strides', [stride, stride]), intsAttr('pads', [pad, pad, pad, pad])]);
  };
  const bn = (x: string, layer: string, c: number): string => {
    const parts = ['gamma', 'beta', 'moving_mean', 'moving_variance'] as const;
    for (const p of parts) initializers.push(floatTensor(`${layer}.${p}`, [c], weight(`${layer}/${p}`, [c]).data));
    const eps = stored.layers.get(layer)?.config.epsilon;
    const epsilon = typeof eps === 'number' ? eps : BN_EPSILON;
    return node('BatchNormalization', [x, ...parts.map((p) => `${layer}.${p}`)], layer, [floatAttr('epsilon', epsilon)]);
  };
  const relu = (x: string, name: string): string => node('Relu', [x], name);

  let x = node('Transpose', [ONNX_INPUT], 'input_nchw', [intsAttr('perm', [0, 3, 1, 2])]);
  x = relu(bn(conv(x, 'conv1', 3, 64, 7, 2, 3), 'bn1', 64), 'relu');
  // torch pads max pooling with -inf; after the ReLU every value is >= 0, so this equals the tfjs
  // model's zero padding.
  x = node('MaxPool', [x], 'maxpool', [intsAttr('kernel_shape', [3, 3]), intsAttr('strides', [2, 2]), intsAttr('pads', [1, 1, 1, 1])]);
  let cin = 64;
  RESNET18_STAGES.forEach(({ channels, stride }, s) => {
    for (let b = 0; b < BLOCKS_PER_STAGE; b++) {
      const p = `layer${s + 1}_${b}`;
      const st = b === 0 ? stride : 1;
      let y = relu(bn(conv(x, `${p}_conv1`, cin, channels, 3, st, 1), `${p}_bn1`, channels), `${p}_relu1`);
      y = bn(conv(y, `${p}_conv2`, channels, channels, 3, 1, 1), `${p}_bn2`, channels);
      const shortcut = st !== 1 || cin !== channels ? bn(conv(x, `${p}_downsample_conv`, cin, channels, 1, st, 0), `${p}_downsample_bn`, channels) : x;
      x = relu(node('Add', [y, shortcut], `${p}_add`), `${p}_out`);
      cin = channels;
    }
  });
  const toNhwc = (from: string, to: string) => node('Transpose', [from], to, [intsAttr('perm', [0, 2, 3, 1])]);
  toNhwc('layer4_1_out', ONNX_FEATURES);
  toNhwc('layer3_1_out', ONNX_INTERMEDIATES.layer3);
  toNhwc('layer4_0_out', ONNX_INTERMEDIATES['layer4.0']);
  node('GlobalAveragePool', ['layer4_1_out'], 'avgpool');
  node('Flatten', ['avgpool'], ONNX_INTERMEDIATES.pooled, [intAttr('axis', 1)]);
  initializers.push(floatTensor('fc.weight', [512, 1], weight('fc/kernel', [512, 1]).data));
  initializers.push(floatTensor('fc.bias', [1], weight('fc/bias', [1]).data));
  node('Gemm', [ONNX_INTERMEDIATES.pooled, 'fc.weight', 'fc.bias'], ONNX_INTERMEDIATES.logit);
  node('Sigmoid', [ONNX_INTERMEDIATES.logit], ONNX_PROBABILITY);

  const S = inputSize;
  const graph = onnx.GraphProto.create({
    name: 'alveo_resnet18',
    node: nodes,
    initializer: initializers,
    input: [valueInfo(ONNX_INPUT, ['batch', S, S, 3])],
    output: [
      valueInfo(ONNX_PROBABILITY, ['batch', 1]),
      valueInfo(ONNX_FEATURES, ['batch', 'h32', 'w32', 512]),
      valueInfo(ONNX_INTERMEDIATES.layer3, ['batch', 'h16', 'w16', 256]),
      valueInfo(ONNX_INTERMEDIATES['layer4.0'], ['batch', 'h32', 'w32', 512]),
      valueInfo(ONNX_INTERMEDIATES.pooled, ['batch', 512]),
      valueInfo(ONNX_INTERMEDIATES.logit, ['batch', 1]),
    ],
  });
  return encodeModel(graph);
}
