// A rough duration for a planned training run, before it starts: training throughput measured with
// tfjs WebAssembly on the 2-core reference machine (README: about 2 images/s at 224 px, 5 at 128,
// 12 at 64), a validation pass at about 3x that rate. The run's own ETA replaces it once epochs are
// timed; tfjs-node or a GPU are much faster.

/** [input side in px, training images per second] measured on tfjs wasm, 2 cores. */
const MEASURED: readonly [number, number][] = [
  [64, 12],
  [128, 5],
  [224, 2],
];

/** Training images per second on tfjs wasm at this input size (log-log between measured sizes; by pixel count beyond 224). */
export function wasmTrainingRate(size: number): number {
  const [first, , last] = MEASURED;
  if (size >= last[0]) return last[1] * (last[0] / size) ** 2;
  if (size <= first[0]) return first[1] * (first[0] / size) ** 1.26;
  const i = MEASURED.findIndex(([s]) => s >= size);
  const [s0, r0] = MEASURED[i - 1];
  const [s1, r1] = MEASURED[i];
  const t = Math.log(size / s0) / Math.log(s1 / s0);
  return Math.exp(Math.log(r0) + t * Math.log(r1 / r0));
}

export function estimatedTrainingSeconds(plan: { epochs: number; trainImagesPerEpoch: number; valImages: number; inputSize: number }): number {
  const rate = wasmTrainingRate(plan.inputSize);
  return Math.round(plan.epochs * (plan.trainImagesPerEpoch / rate + plan.valImages / (3 * rate)));
}

/** An estimate in words as rough as it is: 'under a minute', '36 min', '2 h 05 min'. */
export function formatEstimate(seconds: number): string {
  if (seconds < 60) return 'under a minute';
  const m = Math.round(seconds / 60);
  return m < 60 ? `${m} min` : `${Math.floor(m / 60)} h ${String(m % 60).padStart(2, '0')} min`;
}
