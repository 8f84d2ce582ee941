// The trainable top of a ResNet18 for fast adaptation: the same layer objects as the full model
// (so training it trains the full model's weights in place), applied to a new input that takes
// the frozen part's cached activations. 'layer4.1': the last residual block + head, on layer4.0's
// output [S/32, S/32, 512]; 'layer4': both blocks of layer4 + head, on layer3's [S/16, S/16, 256].
import type { LayersModel, SymbolicTensor } from '@tensorflow/tfjs-layers';
import type { AdaptBlocks } from '../../api/adaptation';
import type { IntermediateOutput } from '../runtime/inference-runtime';
import type { Tf } from '../model/tf-backend';

/** The runtime output the frozen part ends with, per choice of trainable blocks. */
export const FROZEN_OUTPUT: Record<AdaptBlocks, IntermediateOutput> = { 'layer4.1': 'layer4.0', layer4: 'layer3' };

export function frozenShape(blocks: AdaptBlocks, inputSize: number): [number, number, number] {
  return blocks === 'layer4.1' ? [inputSize / 32, inputSize / 32, 512] : [inputSize / 16, inputSize / 16, 256];
}

/**
 * Outputs the fc logit from the frozen activations ('pooled': the fc layer's input, the features the
 * OOD statistics describe). Shares `full`'s layers: never dispose it on its own (disposing `full`
 * frees everything).
 */
export function buildTopModel(tf: Tf, full: LayersModel, blocks: AdaptBlocks, output: 'logit' | 'pooled' = 'logit'): LayersModel {
  const inputSize = full.inputs[0].shape[1] as number;
  const input = tf.input({ shape: frozenShape(blocks, inputSize), name: 'frozen_activations', dtype: 'float32' });
  const apply = (name: string, x: SymbolicTensor | SymbolicTensor[]) => full.getLayer(name).apply(x) as SymbolicTensor;
  const block = (x: SymbolicTensor, p: string, out: string, downsample: boolean): SymbolicTensor => {
    let y = downsample ? apply(`${p}_conv1_pad`, x) : x;
    y = apply(`${p}_relu1`, apply(`${p}_bn1`, apply(`${p}_conv1`, y)));
    y = apply(`${p}_bn2`, apply(`${p}_conv2`, y));
    const shortcut = downsample ? apply(`${p}_downsample_bn`, apply(`${p}_downsample_conv`, x)) : x;
    return apply(out, apply(`${p}_add`, [y, shortcut]));
  };
  let x: SymbolicTensor = input;
  if (blocks === 'layer4') x = block(x, 'layer4_0', 'layer4_0_out', true);
  x = block(x, 'layer4_1', 'layer4_out', false);
  const pooled = apply('avgpool', x);
  const out = output === 'pooled' ? pooled : apply('fc', pooled);
  return tf.model({ inputs: input, outputs: out, name: `adapt_top_${blocks.replace('.', '_')}_${output}` });
}
