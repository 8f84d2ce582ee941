// alveo calibrate: fits temperature scaling and a site threshold on a site's labelled images and
// stores the result as a new model version with the parent's weights, byte for byte. Seconds: one
// inference pass over the images. The parent and every stored model are never modified.
import { isDeepStrictEqual } from 'node:util';
import type { CalibrationResult, CalibrationSpec, SiteCalibration } from '../../api/adaptation';
import { AlveoError } from '../../api/errors';
import type { ModelEntry } from '../../api/contract';
import type { InferenceRuntime } from '../runtime/inference-runtime';
import type { ModelStore } from '../model/model-store';
import { sameWeights } from '../model/same-model';
import type { Tf } from '../model/tf-backend';
import type { AdaptProgressUpdate } from './adapt-progress';
import { calibrateOnLogits } from './calibrate-site';
import { checkTargetSensitivity } from './calibrate-target';
import { newModelId } from './model-id';
import { parentOverlapNotes } from './parent-overlap-notes';
import { siteCard } from './site-card';
import { loadSiteData, requireEnoughImages } from './site-data';
import { siteLogits } from './site-logits';
import { FITTED_IMAGES_JSON, fittedImages, readFittedImages } from '../model/fitted-images';

export interface SiteJobEnv {
  tf: Tf;
  store: ModelStore;
  signal: AbortSignal;
  progress(update: AdaptProgressUpdate): void;
  /** The runtime serving a stored model (inferenceRuntime(entry) in the engine: ONNX Runtime where it loads). */
  runtimeFor(entry: ModelEntry): Promise<InferenceRuntime>;
  now?: () => Date;
}

export async function resolveParent(store: ModelStore, model: string | undefined) {
  const id = model ?? (await store.activeId());
  if (!id) throw new AlveoError('NO_MODEL', 'no model given and no active model');
  const entry = await store.get(id);
  if (!entry.card.trained) throw new AlveoError('BAD_ARGUMENT', `'${entry.id}' is not a trained model: calibrating it would mean nothing`, entry.dir);
  return entry;
}

export async function runCalibration(spec: CalibrationSpec, env: SiteJobEnv): Promise<CalibrationResult> {
  const t0 = Date.now();
  const { tf, store, signal } = env;
  const now = env.now ?? (() => new Date());
  const target = checkTargetSensitivity(spec.sensitivity);
  const parent = await resolveParent(store, spec.model);
  env.progress({ done: 0, total: 0, etaMs: null, message: 'reading the site images', adapt: { stage: 'importing', epoch: 0, epochs: 0 } });
  const site = await loadSiteData(spec.data, signal);
  requireEnoughImages(site.images, target, site.root);
  const runtime = await env.runtimeFor(parent);
  const total = site.items.length;
  const started = Date.now();
  const out = await siteLogits(tf, runtime, site.items.map((it) => ({ file: it.file, label: it.label })), {
    mean: parent.card.preprocessing.mean,
    std: parent.card.preprocessing.std,
    inputSize: parent.card.inputSize,
    signal,
    onBatch: (done) => {
      const s = (Date.now() - started) / 1000;
      const ips = s > 0 ? done / s : 0;
      env.progress({ done, total, etaMs: ips > 0 ? Math.round(((total - done) / ips) * 1000) : null, imagesPerSecond: ips || undefined, message: `scoring site images ${done}/${total} (${runtime.engine})`, adapt: { stage: 'calibrating', epoch: 0, epochs: 0 } });
    },
  });
  if (signal.aborted) throw new AlveoError('CANCELLED', 'calibration cancelled');
  const decoded = countLabels(out.labels);
  if (out.failed.length) requireEnoughImages(decoded, target, site.root);
  const patientOf = new Map(site.items.map((it) => [it.file, it.patientId]));
  const { calibration, thresholdRule } = calibrateOnLogits({
    parentLogits: out.logits,
    logits: out.logits,
    labels: out.labels,
    patients: out.files.map((f) => patientOf.get(f) ?? f),
    parent: parent.card,
    targetSensitivity: target,
    method: 'calibrate',
    site: { root: site.root, images: decoded, patients: site.patients, skipped: site.skipped + out.failed.length },
    fittedOn: `all ${out.files.length} decodable site images`,
  });
  if (site.identityNote) calibration.notes.push(`${site.identityNote} (here: the intervals' patient bootstrap).`);
  calibration.notes.push(...(await parentOverlapNotes(parent, site, 'calibrate')));
  env.progress({ done: total, total, etaMs: 0, message: 'saving the calibrated model', adapt: { stage: 'saving', epoch: 0, epochs: 0 } });
  signal.throwIfAborted();
  const twin = await installedTwin(store, parent, calibration, spec.name?.trim());
  if (twin) return { modelId: twin.id, parent: parent.id, calibration, failed: out.failed, ms: Date.now() - t0, reused: true };
  const id = await newModelId(store, spec.name, now(), `${parent.id}-calibrated`);
  const card = siteCard({ parent, id, name: spec.name?.trim() || `${parent.card.name} (calibrated to site)`, calibration, thresholdRule, created: now() });
  const fitted = fittedImages([{ kind: 'site', sha256: site.items.map((it) => it.sha256) }], await readFittedImages(parent.dir));
  const entry = await store.saveWithWeightsOf(parent, card, { [FITTED_IMAGES_JSON]: fitted });
  return { modelId: entry.id, parent: parent.id, calibration, failed: out.failed, ms: Date.now() - t0 };
}

/**
 * An installed calibration of the same parent weights with exactly this fit (site folder, counts,
 * temperature, threshold, figures): calibrating the same folder twice must not make two models.
 * A name the user gave that differs from the twin's asks for a model of its own.
 */
async function installedTwin(store: ModelStore, parent: ModelEntry, calibration: SiteCalibration, name: string | undefined): Promise<ModelEntry | null> {
  // As stored: the card went through JSON (undefined fields dropped).
  const fit: unknown = JSON.parse(JSON.stringify(calibration));
  for (const e of await store.list()) {
    if (e.card.parent !== parent.id || e.card.adaptation || !e.card.calibration || (name && e.card.name !== name)) continue;
    if (isDeepStrictEqual(e.card.calibration, fit) && (await sameWeights(e.dir, parent.dir))) return e;
  }
  return null;
}

export function countLabels(labels: ArrayLike<number>): { NORMAL: number; PNEUMONIA: number } {
  let p = 0;
  for (let i = 0; i < labels.length; i++) p += labels[i] === 1 ? 1 : 0;
  return { NORMAL: labels.length - p, PNEUMONIA: p };
}
