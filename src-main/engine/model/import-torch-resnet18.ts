// Imports a torchvision / timm ResNet18 state dict (.safetensors) into Alveo's tfjs ResNet18. Both
// libraries use the same names (conv1, bn1, layerN.B.{conv1,bn1,conv2,bn2}, layerN.0.downsample.{0,1},
// fc); a 'model.' or 'module.' prefix (Lightning, DataParallel) is accepted.
import { basename } from 'node:path';
import type { Tensor } from '@tensorflow/tfjs-core';
import type { LayersModel } from '@tensorflow/tfjs-layers';
import type { ModelEntry } from '../../api/contract';
import { AlveoError } from '../../api/errors';
import type { ModelCard } from '../../api/model-card';
import { checkModelId, defaultCard } from './card-file';
import type { WeightQuantization } from './model-files';
import { writeModelFolder, type ModelStore } from './model-store';
import { BLOCKS_PER_STAGE, buildResNet18, RESNET18_STAGES } from './resnet18';
import { readSafetensors, type SafeTensor, type SafeTensorsFile } from './safetensors';
import type { Tf } from './tf-backend';

/** What the checkpoint's classifier became. */
export type HeadImport =
  | 'binary' // fc [1, 512]: used as is
  | 'two-class' // fc [2, 512] softmax: folded exactly into one logit (class 1 minus class 0)
  | 'replaced' // any other fc (e.g. 1000 ImageNet classes): fresh, untrained 1-unit head
  | 'missing'; // no fc in the file: fresh, untrained 1-unit head

export interface TorchResNet18 {
  model: LayersModel;
  head: HeadImport;
  notes: string[];
}

export interface TorchImportOptions {
  id: string;
  name?: string;
  /** Card fields to merge (e.g. from --card card-fields.json). */
  cardFields?: Partial<ModelCard>;
  /** Default: cardFields.inputSize, else 224. */
  inputSize?: number;
  quantize?: WeightQuantization;
  activate?: boolean;
  overwrite?: boolean;
  /** Write the model folder here instead of into the store (e.g. models/default when building the shipped model). */
  outDir?: string;
  /** Seed of a fresh head when the file's head is not usable. */
  seed?: number;
}

export interface TorchImportResult {
  entry: ModelEntry | null;
  dir: string;
  card: ModelCard;
  head: HeadImport;
  notes: string[];
}

const PREFIXES = ['module.', 'model.'];

function stripPrefixes(st: SafeTensorsFile): Map<string, SafeTensor> {
  const out = new Map<string, SafeTensor>();
  for (const [name, t] of st.tensors) {
    let n = name;
    for (let again = true; again; ) {
      again = false;
      for (const p of PREFIXES) {
        if (n.startsWith(p)) {
          n = n.slice(p.length);
          again = true;
        }
      }
    }
    out.set(n, t);
  }
  return out;
}

/** torch conv weight [out, in, kh, kw] -> tfjs kernel [kh, kw, in, out]. */
export function torchConvToTf(src: Float32Array, [out, inC, kh, kw]: number[]): Float32Array {
  const dst = new Float32Array(src.length);
  for (let o = 0; o < out; o++)
    for (let c = 0; c < inC; c++)
      for (let i = 0; i < kh; i++)
        for (let j = 0; j < kw; j++) dst[((i * kw + j) * inC + c) * out + o] = src[((o * inC + c) * kh + i) * kw + j];
  return dst;
}

/** Builds a tfjs ResNet18 and fills it from the state dict. Throws naming the first bad tensor. */
export function buildResNet18FromTorch(tf: Tf, st: SafeTensorsFile, opts: { inputSize: number; seed?: number; file: string }): TorchResNet18 {
  const { file } = opts;
  const sd = stripPrefixes(st);
  const used = new Set<string>();
  const notes: string[] = [];
  const take = (name: string, shape: number[]): Float32Array => {
    const t = sd.get(name);
    if (!t) throw new AlveoError('BAD_ARGUMENT', `tensor '${name}' is missing (expected a torchvision/timm ResNet18 state dict)`, file);
    if (t.shape.length !== shape.length || t.shape.some((d, i) => d !== shape[i])) {
      throw new AlveoError('BAD_ARGUMENT', `tensor '${name}' has shape [${t.shape.join(', ')}], expected [${shape.join(', ')}]`, file);
    }
    used.add(name);
    return t.data;
  };

  const model = buildResNet18(tf, { inputSize: opts.inputSize, seed: opts.seed });
  try {
    const assign = (layerName: string, values: Array<{ data: Float32Array; shape: number[] }>) => {
      tf.tidy(() => model.getLayer(layerName).setWeights(values.map((v) => tf.tensor(v.data, v.shape, 'float32') as Tensor)));
    };
    const conv = (torchName: string, layerName: string, out: number, inC: number, k: number) => {
      const shape = [out, inC, k, k];
      assign(layerName, [{ data: torchConvToTf(take(`${torchName}.weight`, shape), shape), shape: [k, k, inC, out] }]);
    };
    const bn = (torchName: string, layerName: string, c: number) => {
      const parts = ['weight', 'bias', 'running_mean', 'running_var'].map((p) => ({ data: take(`${torchName}.${p}`, [c]), shape: [c] }));
      if (parts[3].data.some((v) => !(v >= 0))) {
        throw new AlveoError('BAD_ARGUMENT', `tensor '${torchName}.running_var' has negative or NaN values`, file);
      }
      assign(layerName, parts);
    };

    conv('conv1', 'conv1', 64, 3, 7);
    bn('bn1', 'bn1', 64);
    let inC = 64;
    RESNET18_STAGES.forEach(({ channels, stride }, s) => {
      for (let b = 0; b < BLOCKS_PER_STAGE; b++) {
        const t = `layer${s + 1}.${b}`;
        const l = `layer${s + 1}_${b}`;
        conv(`${t}.conv1`, `${l}_conv1`, channels, inC, 3);
        bn(`${t}.bn1`, `${l}_bn1`, channels);
        conv(`${t}.conv2`, `${l}_conv2`, channels, channels, 3);
        bn(`${t}.bn2`, `${l}_bn2`, channels);
        if (b === 0 && (stride !== 1 || inC !== channels)) {
          conv(`${t}.downsample.0`, `${l}_downsample_conv`, channels, inC, 1);
          bn(`${t}.downsample.1`, `${l}_downsample_bn`, channels);
        }
        inC = channels;
      }
    });

    const deeper = [...sd.keys()].filter((k) => /^layer\d+\.\d+\./.test(k) && !used.has(k) && !k.endsWith('num_batches_tracked'));
    if (deeper.length) {
      throw new AlveoError('BAD_ARGUMENT', `unexpected tensor '${deeper[0]}' (${deeper.length} extra block tensors: a deeper ResNet than ResNet18?)`, file);
    }

    const w = sd.get('fc.weight');
    const bias = sd.get('fc.bias');
    let head: HeadImport;
    if (!w) {
      head = 'missing';
      notes.push('the file has no fc layer: the 1-unit head is freshly initialised and untrained');
    } else if (w.shape.length !== 2 || w.shape[1] !== 512) {
      throw new AlveoError('BAD_ARGUMENT', `tensor 'fc.weight' has shape [${w.shape.join(', ')}], expected [K, 512]`, file);
    } else if (w.shape[0] === 1 || w.shape[0] === 2) {
      const k = w.shape[0];
      const wd = take('fc.weight', [k, 512]);
      const bd = take('fc.bias', [k]);
      // Two-class softmax: p1 = sigmoid(z1 - z0) exactly, so fold the difference into one unit.
      const kernel = k === 1 ? Float32Array.from(wd) : Float32Array.from({ length: 512 }, (_, i) => wd[512 + i] - wd[i]);
      const b0 = k === 1 ? bd[0] : bd[1] - bd[0];
      assign('fc', [
        { data: kernel, shape: [512, 1] },
        { data: new Float32Array([b0]), shape: [1] },
      ]);
      head = k === 1 ? 'binary' : 'two-class';
      if (k === 2) notes.push('2-class fc folded into one sigmoid unit: P(PNEUMONIA) = softmax(logits)[1] (class index 1 must be PNEUMONIA)');
    } else {
      if (bias) used.add('fc.bias');
      used.add('fc.weight');
      head = 'replaced';
      notes.push(`the file's fc has ${w.shape[0]} classes (e.g. ImageNet): replaced by a fresh, untrained 1-unit head`);
    }
    const ignored = [...sd.keys()].filter((k) => !used.has(k));
    const skipped = [...st.skipped.keys()].filter((k) => !k.endsWith('num_batches_tracked'));
    if (ignored.length || skipped.length) notes.push(`ignored tensors: ${[...ignored, ...skipped].slice(0, 8).join(', ')}${ignored.length + skipped.length > 8 ? ', …' : ''}`);
    return { model, head, notes };
  } catch (err) {
    model.dispose();
    throw err;
  }
}

/** Reads FILE.safetensors, builds the model and saves it (into the store, or opts.outDir). */
export async function importTorchResNet18(tf: Tf, store: ModelStore, file: string, opts: TorchImportOptions): Promise<TorchImportResult> {
  checkModelId(opts.id);
  const st = await readSafetensors(file);
  const inputSize = opts.inputSize ?? opts.cardFields?.inputSize ?? 224;
  const { model, head, notes } = buildResNet18FromTorch(tf, st, { inputSize, seed: opts.seed, file });
  try {
    const headTrained = head === 'binary' || head === 'two-class';
    const fields = opts.cardFields ?? {};
    const dtypes = [...new Set([...st.tensors.values()].map((t) => t.dtype))].join('/');
    const card = defaultCard({
      ...fields,
      id: opts.id,
      name: opts.name ?? fields.name ?? opts.id,
      inputSize,
      trained: headTrained ? (fields.trained ?? true) : false,
      created: fields.created ?? new Date().toISOString(),
      notes: [
        ...(fields.notes ?? []),
        `Imported from ${basename(file)} (${dtypes} safetensors, torchvision/timm ResNet18 names) by alveo import-weights.`,
        ...notes,
        ...(opts.quantize === 'float16' ? ['Conv and dense kernels stored as float16 (BatchNorm and biases float32).'] : []),
      ],
    });
    if (!headTrained) card.threshold = { value: 0.5, rule: 'untrained default 0.5' };
    if (opts.outDir) {
      await writeModelFolder(tf, model, card, opts.outDir, { quantize: opts.quantize, replace: opts.overwrite });
      return { entry: null, dir: opts.outDir, card, head, notes };
    }
    const entry = await store.saveModel(tf, model, card, { quantize: opts.quantize, overwrite: opts.overwrite });
    if (opts.activate) await store.setActive(entry.id);
    return { entry: await store.get(entry.id), dir: entry.dir, card: entry.card, head, notes };
  } finally {
    model.dispose();
  }
}
