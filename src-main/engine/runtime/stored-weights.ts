// The weights of a stored tfjs layers model, read straight from model.json + its shards without
// tfjs (the ONNX graph is built from them, so ONNX Runtime never needs tfjs loaded). float16
// kernels are widened to float32, exactly as tfjs's loader dequantises them.
import { join } from 'node:path';
import { AlveoError } from '../../api/errors';
import { float16BitsToFloat32 } from '../model/float16';
import { MODEL_JSON, readModelArtifacts } from '../model/model-files';

export interface StoredWeight {
  data: Float32Array;
  /** tfjs shape: conv kernels [kh, kw, in, out], dense kernels [in, out]. */
  shape: number[];
}

export interface StoredModel {
  /** Keyed by the tfjs weight name, e.g. 'layer1_0_conv1/kernel', 'bn1/moving_mean', 'fc/bias'. */
  weights: Map<string, StoredWeight>;
  /** Layer name -> its Keras config (epsilon of a BatchNormalization, ...). */
  layers: Map<string, { className: string; config: Record<string, unknown> }>;
}

interface TopologyLayer {
  class_name?: string;
  name?: string;
  config?: Record<string, unknown>;
}

export async function readStoredModel(dir: string): Promise<StoredModel> {
  const file = join(dir, MODEL_JSON);
  const artifacts = await readModelArtifacts(dir);
  const bytes = new Uint8Array(artifacts.weightData as ArrayBuffer);
  const weights = new Map<string, StoredWeight>();
  let offset = 0;
  for (const spec of artifacts.weightSpecs ?? []) {
    const count = spec.shape.reduce((a, b) => a * b, 1);
    const stored = spec.quantization?.dtype ?? spec.dtype;
    let data: Float32Array;
    if (stored === 'float16') {
      data = float16BitsToFloat32(new Uint16Array(bytes.slice(offset, offset + 2 * count).buffer));
      offset += 2 * count;
    } else if (stored === 'float32') {
      data = new Float32Array(bytes.slice(offset, offset + 4 * count).buffer);
      offset += 4 * count;
    } else {
      throw new AlveoError('UNSUPPORTED', `weight ${spec.name} is stored as ${stored}; the ONNX graph needs float32 or float16`, file);
    }
    weights.set(spec.name, { data, shape: [...spec.shape] });
  }
  const layers = new Map<string, { className: string; config: Record<string, unknown> }>();
  const topology = artifacts.modelTopology as { config?: { layers?: TopologyLayer[] }; model_config?: { config?: { layers?: TopologyLayer[] } } } | undefined;
  const list = topology?.config?.layers ?? topology?.model_config?.config?.layers ?? [];
  for (const l of list) {
    const name = l.name ?? (l.config?.name as string | undefined);
    if (name) layers.set(name, { className: l.class_name ?? '', config: l.config ?? {} });
  }
  return { weights, layers };
}
