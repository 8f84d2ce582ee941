// The one interface inference code asks for a forward pass through (issue 11). Two engines serve
// it: ONNX Runtime (onnxruntime-node, a graph built from the stored tfjs weights; CPU, or CUDA /
// DirectML / CoreML where they load) and tfjs (the fallback where ONNX Runtime cannot load, and
// what ALVEO_BACKEND=wasm forces). Both take the same input and give the same outputs in the same
// layout, so callers never know which one ran, except through `engine` for reports.
//
// How to use it:
//   const runtime = await inferenceRuntime(entry);            // cached per model version; see runtime-for-model.ts
//   const input = new Float32Array(n * S * S * 3);             // NHWC, normalised (preprocess.ts normalizedInput)
//   const out = await runtime.run(input, n, { extra: ['pooled'] });
//   out.probabilities[i]                                       // P(positive) of image i
//   out.features.data                                          // layer4 [n, h, w, 512] NHWC
//   out.extra.pooled?.data                                     // [n, 512] global-average-pooled layer4
//   runtime.engine                                             // 'onnxruntime (cpu, 2 threads)' | 'tfjs wasm (simd, 1 thread)'
// Do not dispose a runtime obtained from inferenceRuntime(): it is shared and freed by
// unloadInferenceRuntimes() (model deleted / engine disposed). Runtimes made directly with a
// create* function belong to the caller, who calls dispose().
//
// Layouts: every 4-D tensor in and out is NHWC, float32, row-major (the tfjs model's layout; the
// ONNX graph transposes at its edges), so a caller can index [i][y][x][c] the same way for both
// engines. 2-D outputs are [n, C].

/**
 * Intermediate outputs a caller may ask for besides probability + layer4 features:
 * - 'layer3':   output of layer3 (after its last block's ReLU), NHWC [n, S/16, S/16, 256]; the input
 *               of layer4, e.g. to train only layer4 + head on cached activations.
 * - 'layer4.0': output of the first block of layer4, NHWC [n, S/32, S/32, 512]; the input of the
 *               last block (layer4.1), to train only that block + head.
 * - 'pooled':   global-average-pooled layer4, [n, 512]; the embedding e.g. for out-of-distribution
 *               scores (Mahalanobis / kNN distance to the training set).
 * - 'logit':    the head's output before the sigmoid, [n, 1].
 */
export type IntermediateOutput = 'layer3' | 'layer4.0' | 'pooled' | 'logit';

export interface RuntimeTensor {
  /** Row-major float32 values; NHWC for rank 4. */
  data: Float32Array;
  shape: number[];
}

export interface RuntimeOutputs {
  /** P(positive class) for each image, length n. */
  probabilities: Float32Array;
  /** layer4 output (after the last ReLU), NHWC [n, h, w, 512]; h = w = inputSize / 32. */
  features: RuntimeTensor;
  /** Only the intermediate outputs asked for in RunOptions.extra. */
  extra: Partial<Record<IntermediateOutput, RuntimeTensor>>;
}

export interface RunOptions {
  extra?: readonly IntermediateOutput[];
}

/** The classifier head as weights: logit = mean_hw(features) . weights + bias (GAP + one unit). */
export interface RuntimeHead {
  weights: Float32Array;
  bias: number;
}

export type RuntimeKind = 'onnxruntime' | 'tfjs';

export interface InferenceRuntime {
  /** What serves results, for reports and JSON output: 'onnxruntime (cpu, 2 threads)', 'tfjs wasm (simd, 1 thread)'. */
  readonly engine: string;
  readonly kind: RuntimeKind;
  /** 'cpu', 'cuda', 'dml', 'coreml' for ONNX Runtime; the tfjs backend kind ('wasm', 'tensorflow', 'cpu') otherwise. */
  readonly provider: string;
  /** Why each better engine or provider was not used, in plain words (empty when none was skipped). */
  readonly skipped: readonly string[];
  /** Model id (store entry id) whose weights this runtime holds. */
  readonly modelId: string;
  /** Square input side in pixels (the card's inputSize). */
  readonly inputSize: number;
  /** The fc head (Grad-CAM is computed from features and these weights). */
  readonly head: RuntimeHead;
  /** Images a single run() handles well at once; callers batching their own work should use it. */
  readonly preferredBatch: number;
  /** Forward passes per image: the card's test-time views (tta-runtime.ts); absent means 1. */
  readonly views?: number;
  /** The same model on the image as is, where run() averages several views (oneView() in tta-runtime.ts). */
  readonly single?: InferenceRuntime;
  /**
   * One forward pass over n images. `input` is NHWC [n, inputSize, inputSize, 3], normalised with
   * the card's mean/std (what preprocess.ts makes). Rejects with a message naming the model when
   * the input has the wrong length. Any n >= 1 works; large n is split internally.
   */
  run(input: Float32Array, n: number, opts?: RunOptions): Promise<RuntimeOutputs>;
  /** Frees the session / model. Later run() calls reject. */
  dispose(): Promise<void>;
}
