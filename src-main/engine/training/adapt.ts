// alveo adapt: fine-tunes the top of the network on a site's labelled images in minutes. The
// frozen part's activations are computed once (several augmented views per image) by the
// inference runtime and cached in the user folder; only the top block(s) and the head train, in
// tfjs, on a patient-level split of the site's images, with class weights and early stopping on
// the held-out patients, who then calibrate it (temperature and threshold at the target
// sensitivity). The result is a new model version; the parent and the store are otherwise
// untouched, and a cancelled or failed run leaves nothing behind (cache removed, nothing saved).
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { Scalar, Tensor, Variable } from '@tensorflow/tfjs-core';
import type { LayersModel } from '@tensorflow/tfjs-layers';
import type { AdaptEpoch, AdaptResult, AdaptSpec, AdaptationRecord } from '../../api/adaptation';
import { AlveoError } from '../../api/errors';
import { readRegularFile } from '../files/regular-file';
import { fitOodStats, fittedOodNote, type FittedOodStats } from '../guardrails/fit-ood-stats';
import { OOD_JSON } from '../guardrails/ood-stats';
import { AdamW } from './adamw';
import { adaptCacheDir, sweepStaleAdaptCaches } from './adapt-cache';
import { computeFeatures, readChunk, type FeatureSet } from './adapt-features';
import { resolveAdaptOptions, type AdaptOptions } from './adapt-options';
import { buildTopModel, FROZEN_OUTPUT, frozenShape } from './adapt-top-model';
import { DEFAULT_AUGMENT } from './augment';
import { resolveParent, countLabels, type SiteJobEnv } from './calibrate';
import { logLossAt } from './calibrate-fit';
import { oneView } from '../runtime/tta-runtime';
import { calibrateOnLogits } from './calibrate-site';
import { rocAuc } from './metrics';
import { newModelId } from './model-id';
import { parentOverlapNotes } from './parent-overlap-notes';
import { patientSplit } from './patient-split';
import { seededRandom, shuffle } from './seeded-random';
import { siteCard } from './site-card';
import { heldOutChoices, type SiteGuardrail } from './site-guardrail-note';
import { loadSiteData, requireEnoughImages } from './site-data';
import { buildStartModel } from './start-model';
import { FITTED_IMAGES_JSON, fittedImages, readFittedImages } from '../model/fitted-images';

export interface AdaptEnv extends SiteJobEnv {
  /** The user folder: the activation cache lives in <userDir>/cache/adapt-<run>/ while the run lasts. */
  userDir: string;
}

export async function runAdaptation(spec: AdaptSpec, env: AdaptEnv): Promise<AdaptResult> {
  const t0 = Date.now();
  const { tf, store, signal } = env;
  const now = env.now ?? (() => new Date());
  const o = resolveAdaptOptions(spec);
  const parent = await resolveParent(store, spec.model);
  const S = parent.card.inputSize;
  const stage = (s: 'importing' | 'features' | 'training' | 'calibrating' | 'saving', epoch = 0) => ({ stage: s, epoch, epochs: o.epochs });
  env.progress({ done: 0, total: 0, etaMs: null, message: 'reading the site images', adapt: stage('importing') });
  const site = await loadSiteData(spec.data, signal);
  requireEnoughImages(site.images, o.sensitivity, site.root, o.valFraction, 'adaptation');
  const split = patientSplit(site.items, o.valFraction, o.seed);
  const trainCounts = countLabels(split.train.map((it) => it.label));
  const valCounts = countLabels(split.val.map((it) => it.label));
  requireEnoughImages(valCounts, o.sensitivity, site.root, 1, 'adaptation (held-out part)');
  if (!trainCounts.NORMAL || !trainCounts.PNEUMONIA) throw new AlveoError('BAD_ARGUMENT', 'the training part of the site images lacks a class', site.root);

  // Frozen activations of the image as is: the adapted model runs one view, whatever the parent's card says.
  const runtime = oneView(await env.runtimeFor(parent));
  const parentTta = parent.card.testTimeAugmentation;
  const norm = { mean: parent.card.preprocessing.mean, std: parent.card.preprocessing.std };
  await sweepStaleAdaptCaches(env.userDir);
  const cacheDir = adaptCacheDir(env.userDir);
  const featureImages = split.train.length * o.views + split.val.length;
  let featureIps = 0;
  const trainPerEpoch = split.train.length * o.views;
  let full: LayersModel | null = null;
  let optimizer: AdamW | null = null;
  let best: Tensor[] | null = null;
  try {
    // A fresh copy of the parent (never the cached, in-use one): the top model shares its layers.
    full = await buildStartModel(tf, parent, S, o.seed);
    const top = buildTopModel(tf, full, o.trainBlocks);
    const shape = frozenShape(o.trainBlocks, S);
    const vars = top.trainableWeights.map((w) => w.read() as Variable);
    // Timed before the activations so that their ETA includes the training that follows: the two
    // run on different engines (ONNX Runtime vs tfjs), so one rate says little about the other.
    const trainIps = timeTrainingStep(tf, top, vars, shape, Math.min(32, o.batchSize));
    const tFeatures = Date.now();
    const featureProgress = (base: number) => (done: number) => {
      const d = base + done;
      const s = (Date.now() - tFeatures) / 1000;
      featureIps = s > 0 ? d / s : 0;
      const eta = featureIps > 0 ? ((featureImages - d) / featureIps + (o.epochs * trainPerEpoch) / trainIps) * 1000 : null;
      env.progress({ done: d, total: featureImages, etaMs: eta === null ? null : Math.round(eta), imagesPerSecond: featureIps || undefined, message: `frozen activations ${d}/${featureImages} (${o.views} views per training image, ${runtime.engine})`, adapt: stage('features') });
    };
    const common = { runtime, output: FROZEN_OUTPUT[o.trainBlocks], augment: DEFAULT_AUGMENT, norm, inputSize: S, batchSize: o.batchSize, seed: o.seed, cacheDir, signal };
    const train = await computeFeatures({ ...common, samples: split.train.map((it) => ({ file: it.file, label: it.label })), views: o.views, tag: 'train', onImages: featureProgress(0) });
    const val = await computeFeatures({ ...common, samples: split.val.map((it) => ({ file: it.file, label: it.label })), views: 1, tag: 'val', onImages: featureProgress(split.train.length * o.views) });
    const featuresMs = Date.now() - tFeatures;
    const failed = [...train.failed, ...val.failed.filter((f) => !train.failed.some((t) => t.file === f.file))];

    const decay = new Set(top.trainableWeights.filter((w) => /kernel$/.test(w.originalName)).map((w) => w.read() as Variable));
    optimizer = new AdamW(tf, decay, { learningRate: o.learningRate, weightDecay: o.weightDecay });
    const classWeights: [number, number] = [split.train.length / (2 * trainCounts.NORMAL), split.train.length / (2 * trainCounts.PNEUMONIA)];

    const valLabels = concatLabels(val);
    const valSources = val.chunks.flatMap((c) => c.sources);
    const patientOf = new Map(site.items.map((it) => [it.file, it.patientId]));
    const parentLogits = await logitsOf(tf, top, val, shape);
    // When no epoch beats the parent on the held-out patients, the parent's weights are kept.
    best = top.getWeights().map((w) => tf.keep(w.clone()));
    let bestLogits = parentLogits;
    let bestLoss = logLossAt(parentLogits, valLabels, 1);
    let bestEpoch = 0;
    let sinceBest = 0;
    let stoppedEarly = false;
    const history: AdaptEpoch[] = [];
    const tTrain = Date.now();
    let trainedImages = 0;
    for (let epoch = 1; epoch <= o.epochs; epoch++) {
      const tEpoch = Date.now();
      const order = shuffle([...train.chunks], seededRandom(o.seed * 131 + epoch));
      let lossSum = 0;
      let seen = 0;
      for (const chunk of order) {
        signal.throwIfAborted();
        const data = await readChunk(chunk);
        const loss = step(tf, top, optimizer, vars, data, chunk.labels, chunk.n, shape, classWeights);
        if (!Number.isFinite(loss)) throw new AlveoError('INTERNAL', `adaptation diverged (loss ${loss})`);
        lossSum += loss * chunk.n;
        seen += chunk.n;
        trainedImages += chunk.n;
        const ips = trainedImages / Math.max(1e-3, (Date.now() - tTrain) / 1000);
        const left = (o.epochs - epoch) * trainPerEpoch + (trainPerEpoch - seen);
        env.progress({ done: seen, total: trainPerEpoch, etaMs: Math.round((left / ips) * 1000), imagesPerSecond: ips, message: `epoch ${epoch}/${o.epochs}: loss ${(lossSum / seen).toFixed(4)}`, adapt: stage('training', epoch) });
        await new Promise((r) => setImmediate(r));
      }
      signal.throwIfAborted();
      const logits = await logitsOf(tf, top, val, shape);
      const valLoss = logLossAt(logits, valLabels, 1);
      const improved = valLoss < bestLoss;
      if (improved) {
        best?.forEach((t) => t.dispose());
        best = top.getWeights().map((w) => tf.keep(w.clone()));
        bestLoss = valLoss;
        bestLogits = logits;
        bestEpoch = epoch;
        sinceBest = 0;
      } else sinceBest++;
      const record: AdaptEpoch = { epoch, trainLoss: lossSum / Math.max(1, seen), valLoss, valAuc: rocAuc(logits, valLabels), best: improved, ms: Date.now() - tEpoch };
      history.push(record);
      env.progress({ done: trainPerEpoch, total: trainPerEpoch, etaMs: null, message: `epoch ${epoch}/${o.epochs}: train loss ${record.trainLoss.toFixed(4)}, val loss ${valLoss.toFixed(4)}, val AUC ${record.valAuc.toFixed(3)}${improved ? ' [best]' : ''}`, adapt: { ...stage('training', epoch), epochEnd: record } });
      if (sinceBest >= o.patience) {
        stoppedEarly = epoch < o.epochs;
        break;
      }
    }
    const trainingMs = Date.now() - tTrain;
    top.setWeights(best);
    // The feature guardrail: when no epoch changed the weights the parent's statistics (fitted on far
    // more images) still describe these features exactly; otherwise refitted, as the parent's describe
    // features this model no longer makes.
    const parentOod = await readParentOod(parent.dir);
    const ood = bestEpoch === 0 && parentOod ? null : await refitOod(tf, full, o.trainBlocks, train, val, shape, patientOf);

    env.progress({ done: 0, total: 0, etaMs: null, message: 'calibrating on the held-out site patients', adapt: stage('calibrating', history.length) });
    const { calibration, thresholdRule } = calibrateOnLogits({
      parentLogits,
      logits: bestLogits,
      labels: valLabels,
      patients: valSources.map((f) => patientOf.get(f) ?? f),
      parent: parent.card,
      // The parent's logits here are one view; its one-view threshold fits them (the card's is for its test-time views).
      ...(parentTta ? { parentThreshold: parentTta.oneView?.threshold ?? parent.card.threshold.value } : {}),
      targetSensitivity: o.sensitivity,
      method: 'adapt',
      site: { root: site.root, images: site.images, patients: site.patients, skipped: site.skipped + failed.length },
      fittedOn: `the ${valLabels.length} site images of ${new Set(valSources.map((f) => patientOf.get(f) ?? f)).size} patients held out from training`,
      chosenHere: heldOutChoices({ bestEpoch, epochsRun: history.length }, ood !== null),
    });
    if (parentTta) calibration.notes.push(`The parent is served with ${parentTta.views.length} test-time views; adaptation reads and measures it on one view (the image as is${parentTta.oneView ? `, at its one-view threshold ${parentTta.oneView.threshold.toFixed(4)}` : ''}), and the adapted model runs one view.`);
    if (ood) calibration.notes.push(fittedOodNote(ood));
    if (site.identityNote) calibration.notes.push(`${site.identityNote} (here: the held-out patients).`);
    calibration.notes.push(...(await parentOverlapNotes(parent, site, 'adapt')));
    if (bestEpoch === 0) {
      const views = parentTta ? `, served on one view where the parent averages ${parentTta.views.length} test-time views: calibrating the parent (alveo calibrate, or Calibrate in the Models tab) keeps its views and is the better choice here` : ': calibrating the parent (alveo calibrate) gives the same model';
      calibration.notes.push(`No epoch lowered the held-out loss: the adapted weights are the parent's (only the calibration changed)${views}.`);
    }
    const adaptation: AdaptationRecord = {
      trainBlocks: o.trainBlocks,
      views: o.views,
      epochs: o.epochs,
      seed: o.seed,
      bestEpoch,
      stoppedEarly,
      learningRate: o.learningRate,
      classWeights,
      split: {
        rule: `patient-level, stratified: ${Math.round(o.valFraction * 100)}% of each class's images held out, seed ${o.seed}`,
        train: trainCounts,
        val: valCounts,
        trainPatients: new Set(split.train.map((it) => it.patientId)).size,
        valPatients: new Set(split.val.map((it) => it.patientId)).size,
      },
      history,
      featureEngine: runtime.engine,
      ms: { features: featuresMs, training: trainingMs, total: 0 },
    };
    signal.throwIfAborted();
    env.progress({ done: 0, total: 0, etaMs: null, message: 'saving the adapted model', adapt: stage('saving', history.length) });
    const id = await newModelId(store, spec.name, now(), `${parent.id}-adapted`);
    adaptation.ms.total = Date.now() - t0;
    const guardrail: SiteGuardrail = ood ? { kind: 'refitted', adaptation, ...parentHeldOut(parentOod) } : { kind: 'parent', reason: 'no epoch changed the weights' };
    const card = siteCard({ parent, id, name: spec.name?.trim() || `${parent.card.name} (adapted to site)`, calibration, thresholdRule, adaptation, adaptOptions: o, guardrail, created: now() });
    // Its layers learnt from the site's training part, its threshold from the held-out part: all site images.
    const fitted = fittedImages([{ kind: 'site', sha256: site.items.map((it) => it.sha256) }], await readFittedImages(parent.dir));
    const entry = await store.saveModel(tf, full, card, { extraJson: { [OOD_JSON]: ood ?? parentOod, [FITTED_IMAGES_JSON]: fitted }, parentDir: parent.dir });
    return { modelId: entry.id, parent: parent.id, calibration, adaptation, failed, ms: Date.now() - t0 };
  } catch (err) {
    if (signal.aborted) throw new AlveoError('CANCELLED', 'adaptation cancelled: nothing was saved');
    throw err;
  } finally {
    best?.forEach((t) => t.dispose());
    optimizer?.dispose();
    full?.dispose();
    await rm(cacheDir, { recursive: true, force: true });
  }
}

/** The parent's ood.json as stored (null when it has none or it cannot be read). */
async function readParentOod(dir: string): Promise<Record<string, unknown> | null> {
  try {
    const v: unknown = JSON.parse(await readRegularFile(join(dir, OOD_JSON), 'utf8'));
    return v !== null && typeof v === 'object' ? (v as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

/** How many held-out images set the parent's check threshold, from its rule ("99th percentile of the score on 794 held-out ..."). */
function parentHeldOut(ood: Record<string, unknown> | null): { parentHeldOut?: number } {
  const n = typeof ood?.thresholdRule === 'string' ? /on (\d+) held-out/.exec(ood.thresholdRule)?.[1] : undefined;
  return n ? { parentHeldOut: Number(n) } : {};
}

/** OOD statistics of the adapted weights: fitted on the training part's activations (every view), threshold from the held-out patients. */
async function refitOod(
  tf: SiteJobEnv['tf'],
  full: LayersModel,
  blocks: AdaptOptions['trainBlocks'],
  train: FeatureSet,
  val: FeatureSet,
  shape: [number, number, number],
  patientOf: Map<string, string>,
): Promise<FittedOodStats> {
  const features = buildTopModel(tf, full, blocks, 'pooled');
  const rows = async (set: FeatureSet) => {
    const out: Float32Array[] = [];
    for (const c of set.chunks) {
      const data = await readChunk(c);
      const f = tf.tidy(() => (features.predict(tf.tensor4d(data, [c.n, ...shape])) as Tensor).dataSync() as Float32Array);
      const d = f.length / c.n;
      for (let i = 0; i < c.n; i++) out.push(f.subarray(i * d, (i + 1) * d));
    }
    return out;
  };
  const fc = full.getLayer('fc').getWeights();
  const head = { weights: fc[0].dataSync(), bias: fc[1].dataSync()[0] };
  const patients = (set: FeatureSet) => new Set(set.chunks.flatMap((c) => c.sources.map((f) => patientOf.get(f) ?? f))).size;
  const views = train.chunks.reduce((n, c) => n + c.n, 0);
  return fitOodStats({
    train: { pooled: await rows(train), labels: concatLabels(train) },
    heldOut: await rows(val),
    head,
    fittedOn: `${views} activations (augmented views) of the site's training images (${patients(train)} patients), through the adapted weights`,
    heldOutOn: `the site's held-out patients (${patients(val)}), as they are`,
  });
}

function concatLabels(set: FeatureSet): Float32Array {
  const out = new Float32Array(set.chunks.reduce((n, c) => n + c.n, 0));
  let at = 0;
  for (const c of set.chunks) {
    out.set(c.labels, at);
    at += c.n;
  }
  return out;
}

async function logitsOf(tf: SiteJobEnv['tf'], top: LayersModel, set: FeatureSet, shape: [number, number, number]): Promise<Float64Array> {
  const out: number[] = [];
  for (const c of set.chunks) {
    const data = await readChunk(c);
    const z = tf.tidy(() => (top.predict(tf.tensor4d(data, [c.n, ...shape])) as Tensor).dataSync());
    out.push(...z);
  }
  return Float64Array.from(out);
}

/** Images per second of a forward and backward pass through the trainable top (the cost of a step), after a warm-up pass. */
function timeTrainingStep(tf: SiteJobEnv['tf'], top: LayersModel, vars: Variable[], shape: [number, number, number], n: number): number {
  const pass = () => {
    const { value, grads } = tf.variableGrads(() => tf.tidy(() => tf.mean(top.apply(tf.zeros([n, ...shape]), { training: false }) as Tensor) as Scalar), vars);
    // Reading every gradient waits for the backward pass too (queued on GPU backends).
    tf.tidy(() => tf.addN(Object.values(grads).map((g) => tf.sum(g))).dataSync());
    value.dispose();
    tf.dispose(Object.values(grads));
  };
  pass();
  const t = performance.now();
  pass();
  return n / Math.max(1e-3, (performance.now() - t) / 1000);
}

/** One AdamW step on a chunk: class-weighted sigmoid cross-entropy on the logits; BN in inference mode. */
function step(
  tf: SiteJobEnv['tf'],
  top: LayersModel,
  optimizer: AdamW,
  vars: Variable[],
  data: Float32Array,
  labels: Float32Array,
  n: number,
  shape: [number, number, number],
  classWeights: [number, number],
): number {
  const { value, grads } = tf.variableGrads(() =>
    tf.tidy(() => {
      const x = tf.tensor4d(data, [n, ...shape]);
      const y = tf.tensor2d(labels, [n, 1]);
      const w = tf.tensor2d(Array.from(labels, (l) => classWeights[l === 1 ? 1 : 0]), [n, 1]);
      const z = top.apply(x, { training: false }) as Tensor;
      return tf.losses.sigmoidCrossEntropy(y, z, w) as Scalar;
    }),
    vars,
  );
  const loss = value.dataSync()[0];
  value.dispose();
  optimizer.apply(vars, grads);
  return loss;
}
