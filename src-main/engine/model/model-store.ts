// Installed models: built-ins shipped in the repo's models/ (read-only at run time) and the user's
// own under <userDir>/models/<id>/. Each is a folder with model.json, weight shards and card.json.
// The active model id lives in <userDir>/settings.json ('default' when unset and shipped).
import { existsSync } from 'node:fs';
import { copyFile, mkdir, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import type { LayersModel } from '@tensorflow/tfjs-layers';
import type { ModelEntry, UnreadableModelEntry } from '../../api/contract';
import { AlveoError } from '../../api/errors';
import type { ModelCard } from '../../api/model-card';
import { sweepDeadTemporaries, tempSibling, writeFolderAtomic, writeJsonAtomic } from '../files/atomic-files';
import { copyRegularFile } from '../files/regular-file';
import { cardWithoutLocalPaths, withoutLocalPathsIn } from './card-without-local-paths';
import { CARD_JSON, checkModelId, readCardFile } from './card-file';
import { readSettings, settingsFile, updateSettings, type Settings } from '../user-folder/settings-file';
import { sameModel } from './same-model';
import { OOD_JSON } from '../guardrails/ood-stats';
import { withFileLock } from '../files/file-lock';
import { checkWeightFiles, MODEL_JSON, readModelJson, weightFiles, writeModelFiles, type WeightQuantization } from './model-files';
import type { Tf } from './tf-backend';
import { modelWeightsSha256 } from './model-weights-hash';
import { engineVersion } from '../engine-version';
import { osUserName } from '../user-folder/os-user';

export const DEFAULT_MODEL_ID = 'default';

export interface SaveModelOptions {
  quantize?: WeightQuantization;
  /** Replace an existing user model with this id (atomically). Built-ins are never replaced. */
  overwrite?: boolean;
  /** JSON files derived from these weights (ood.json), written in the same atomic folder write. */
  extraJson?: Record<string, unknown>;
  /** The folder the model grew from (fine-tune, adaptation): its weights' hash goes on the card. */
  parentDir?: string;
}

export class ModelStore {
  readonly builtInDir: string;
  readonly userDir: string;
  readonly userModelsDir: string;

  constructor(opts: { builtInDir: string; userDir: string }) {
    this.builtInDir = resolve(opts.builtInDir);
    this.userDir = resolve(opts.userDir);
    this.userModelsDir = join(this.userDir, 'models');
  }

  get settingsFile(): string {
    return settingsFile(this.userDir);
  }

  /**
   * Built-ins first, then the user's models, each sorted by id. Unreadable folders are left out
   * (unreadable() names them); none is marked active when the active one cannot be read.
   */
  async list(): Promise<ModelEntry[]> {
    const entries = await this.scan();
    const active = await readSettings(this.userDir)
      .then((settings) => this.pickActive(entries, settings))
      .catch(() => null);
    return entries.map((e) => ({ ...e, active: e.id === active }));
  }

  /** Model folders of the user's whose card cannot be read, with why. */
  async unreadable(): Promise<UnreadableModel[]> {
    return (await scanDirs(this.userModelsDir, false)).unreadable;
  }

  /**
   * unreadable() as the app lists it: each marked when settings.json names it active (the reason
   * predictions refuse). A folder under a built-in's id is left out: the built-in is used instead.
   */
  async listUnreadable(): Promise<UnreadableModelEntry[]> {
    const builtIns = new Set((await scanDir(this.builtInDir, true)).map((e) => e.id));
    // A damaged settings file marks none active; activeId() names that file.
    const wanted = await readSettings(this.userDir).then(
      (s) => (typeof s.activeModel === 'string' ? s.activeModel : null),
      () => null,
    );
    return (await this.unreadable()).filter((u) => !builtIns.has(u.id)).map((u) => ({ ...u, active: u.id === wanted }));
  }

  /** By id, or by a model folder path (anywhere on disk). */
  async get(idOrDir: string): Promise<ModelEntry> {
    const entries = await this.list();
    const byId = entries.find((e) => e.id === idOrDir);
    if (byId) return byId;
    const looksLikePath = isAbsolute(idOrDir) || idOrDir.includes('/') || idOrDir.includes('\\') || idOrDir.startsWith('.');
    const dir = resolve(idOrDir);
    if (looksLikePath || existsSync(join(dir, CARD_JSON))) {
      const inStore = entries.find((e) => resolve(e.dir) === dir);
      if (inStore) return inStore;
      if (!(await stat(dir).catch(() => null))?.isDirectory()) throw new AlveoError('NOT_FOUND', 'no such model folder', dir);
      const card = await readCardFile(dir);
      await readModelJson(dir);
      return { id: card.id, dir, builtIn: false, active: false, card, featureGuardrail: existsSync(join(dir, OOD_JSON)) };
    }
    const known = entries.map((e) => e.id).join(', ') || 'none installed';
    throw new AlveoError('NOT_FOUND', `no model with id '${idOrDir}' (installed: ${known})`);
  }

  /**
   * The active model's id ('default' when none was chosen). An active model that cannot be read,
   * or is gone, is an error naming it: answering with another model (and its threshold) unasked
   * would be worse.
   */
  async activeId(): Promise<string | null> {
    return this.pickActive(await this.scan(), await readSettings(this.userDir));
  }

  async setActive(id: string): Promise<void> {
    const entry = await this.get(id);
    if (resolve(entry.dir) !== resolve(this.dirOf(entry))) {
      throw new AlveoError('BAD_ARGUMENT', `only installed models can be made active; import the folder first`, entry.dir);
    }
    await updateSettings(this.userDir, { activeModel: entry.id }, { replaceDamaged: true });
  }

  async rename(id: string, name: string): Promise<ModelEntry> {
    const trimmed = name.trim();
    if (!trimmed || trimmed.length > 200) throw new AlveoError('BAD_ARGUMENT', 'a model name must be 1-200 characters');
    return this.updateCard(id, (card) => ({ ...card, name: trimmed }), 'renamed');
  }

  /** Rewrites a user model's card (atomically); the weights are untouched. Built-ins are never changed. */
  async updateCard(id: string, update: (card: ModelCard) => ModelCard, verb = 'changed'): Promise<ModelEntry> {
    // One read-change-write at a time per model: two at once (two kept evaluations) would lose one.
    const before = this.cardUpdates.get(id) ?? Promise.resolve();
    // Across processes too (the app keeping an evaluation while `alveo evaluate --keep` runs): the
    // lock sits beside the model folders, never in one (its files are copied with the weights).
    const locked = async () => {
      await mkdir(this.userModelsDir, { recursive: true }); // where the lock goes; a missing model is still NOT_FOUND below
      return withFileLock(join(this.userModelsDir, id, CARD_JSON), () => this.updateCardNow(id, update, verb), { lock: join(this.userModelsDir, `.${encodeURIComponent(id)}.card.lock`) });
    };
    const mine = before.catch(() => undefined).then(locked);
    this.cardUpdates.set(id, mine);
    try {
      return await mine;
    } finally {
      if (this.cardUpdates.get(id) === mine) this.cardUpdates.delete(id);
    }
  }

  private readonly cardUpdates = new Map<string, Promise<ModelEntry>>();

  private async updateCardNow(id: string, update: (card: ModelCard) => ModelCard, verb: string): Promise<ModelEntry> {
    const entry = await this.userEntry(id, verb);
    const card = update(entry.card);
    if (card.id !== entry.id || card.inputSize !== entry.card.inputSize) throw new AlveoError('BAD_ARGUMENT', `a card update may not change the model's id or input size`);
    await writeJsonAtomic(join(entry.dir, CARD_JSON), card);
    return { ...entry, card };
  }

  /**
   * Keeps an evaluation on a user model's card (atomically, through updateCard: built-ins refuse).
   * `dir` is the folder the evaluation loaded: a model folder outside the store is not this model.
   */
  async keepEvaluation(id: string, dir: string | undefined, keep: (card: ModelCard) => ModelCard): Promise<ModelEntry> {
    const entry = await this.get(id);
    if (entry.builtIn) throw new AlveoError('BAD_ARGUMENT', `'${id}' is a shipped model: its card is read-only, so an evaluation cannot be kept on it (evaluate a calibrated or adapted copy, or keep the report with --report)`);
    if (dir && resolve(dir) !== resolve(this.dirOf(entry))) throw new AlveoError('BAD_ARGUMENT', `the evaluated model was not loaded from the installed '${id}': import the folder first`, dir);
    return this.updateCard(id, keep, 'given a kept evaluation');
  }

  /** A user model, or a user folder that cannot be read as one: deleting it is a way out of it. */
  async delete(id: string): Promise<void> {
    const dir = await this.userEntry(id, 'deleted').then(
      (entry) => entry.dir,
      async (err: unknown) => {
        const broken = (await this.listUnreadable()).find((u) => u.id === id);
        if (!broken) throw err;
        return broken.dir;
      },
    );
    // The setting itself, not activeId(): another model being unreadable must not block this.
    if ((await readSettings(this.userDir)).activeModel === id) {
      throw new AlveoError('BAD_ARGUMENT', `'${id}' is the active model: make another model active before deleting it`);
    }
    // Rename first so a crash mid-delete never leaves a half model that still lists.
    const trash = tempSibling(dir, 'deleted');
    await rename(dir, trash);
    await rm(trash, { recursive: true, force: true });
  }

  /** Writes the model and its card into <userDir>/models/<card.id>, atomically. */
  async saveModel(tf: Tf, model: LayersModel, card: ModelCard, opts: SaveModelOptions = {}): Promise<ModelEntry> {
    checkModelId(card.id);
    const inputShape = model.inputs[0]?.shape;
    if (inputShape?.[1] !== card.inputSize || inputShape?.[2] !== card.inputSize) {
      throw new AlveoError('BAD_ARGUMENT', `card inputSize ${card.inputSize} does not match the model input ${JSON.stringify(inputShape)}`);
    }
    const entries = await this.scan();
    const existing = entries.find((e) => e.id === card.id);
    if (existing?.builtIn) throw new AlveoError('BAD_ARGUMENT', `'${card.id}' is a built-in model id: choose another id`);
    if (existing && !opts.overwrite) throw new AlveoError('BAD_ARGUMENT', `a model with id '${card.id}' already exists`);
    const target = join(this.userModelsDir, card.id);
    await writeModelFolder(tf, model, await this.withProvenance(card, opts.parentDir), target, { quantize: opts.quantize, replace: Boolean(existing), extraJson: opts.extraJson });
    return this.get(card.id);
  }

  /**
   * The card with who made it, where, with which Alveo, and the hash of the weights it grew from,
   * read from the folder it grew from (never looked up by the parent's id: another folder, an
   * older release's model, may carry the same id).
   */
  private async withProvenance(card: ModelCard, parentDir: string | undefined): Promise<ModelCard> {
    const parentWeightsSha256 = card.parent && parentDir ? await modelWeightsSha256(parentDir).catch(() => undefined) : undefined;
    return { ...card, provenance: { createdBy: osUserName(), host: hostname(), alveo: engineVersion(), ...(parentWeightsSha256 ? { parentWeightsSha256 } : {}) } };
  }

  /**
   * A new user model with `source`'s files byte for byte (model.json, weights, and what else was
   * derived from those weights, e.g. feature statistics) and a new card (site calibration: same
   * weights, new threshold and temperature). The parent's README describes the parent: left out.
   * Atomic.
   */
  async saveWithWeightsOf(source: ModelEntry, card: ModelCard, extraJson: Record<string, unknown> = {}): Promise<ModelEntry> {
    checkModelId(card.id);
    const entries = await this.scan();
    const existing = entries.find((e) => e.id === card.id);
    if (existing) throw new AlveoError('BAD_ARGUMENT', `a model with id '${card.id}' already exists`);
    const stamped = await this.withProvenance(card, source.dir); // its weights are the source's
    const json = await readModelJson(source.dir);
    const needed = new Set([MODEL_JSON, ...weightFiles(json)]);
    const others = (await readdir(source.dir, { withFileTypes: true })).filter((d) => d.isFile() && d.name !== CARD_JSON && d.name !== 'README.md').map((d) => d.name);
    await writeFolderAtomic(join(this.userModelsDir, card.id), async (tmp) => {
      for (const f of new Set([...needed, ...others])) await copyFile(join(source.dir, f), join(tmp, f));
      // What is the new model's own (e.g. the images it was fitted on) replaces the source's copy.
      for (const [name, value] of Object.entries(extraJson)) await writeJsonAtomic(join(tmp, name), value);
      await writeJsonAtomic(join(tmp, CARD_JSON), stamped);
    });
    return this.get(card.id);
  }

  /** Copies a model folder (e.g. an export) into the user's models; a taken id gets a suffix. */
  async importFolder(dir: string): Promise<ModelEntry> {
    const src = resolve(dir);
    const card = await readCardFile(src);
    const json = await readModelJson(src);
    await checkWeightFiles(src, json);
    const installed = await this.scan();
    for (const e of installed) {
      if (await sameModel({ dir: src, card }, e)) {
        throw new AlveoError('BAD_ARGUMENT', `this model is already installed as '${e.id}' (“${e.card.name}”): the same weights and card`, src);
      }
    }
    // Whatever case: on Windows and macOS 'Site-A' and 'site-a' are one folder.
    const taken = new Set(installed.map((e) => e.id.toLowerCase()));
    const base = sanitiseId(card.id);
    let id = base;
    for (let n = 2; taken.has(id.toLowerCase()) || existsSync(join(this.userModelsDir, id)); n++) id = `${base}-${n}`;
    // Files that travel with the weights (ood.json: the guardrail's statistics; parity.json) come
    // too; README.md is rendered from the card, whose id may change here.
    const others = (await readdir(src, { withFileTypes: true })).filter((d) => d.isFile() && d.name !== CARD_JSON && d.name !== 'README.md').map((d) => d.name);
    const files = new Set([MODEL_JSON, ...weightFiles(json), ...others]);
    await writeFolderAtomic(join(this.userModelsDir, id), async (tmp) => {
      // Each file checked on the handle it is copied from: one swapped for a named pipe since the
      // checks above (a shared folder) is refused, not waited on for good.
      for (const f of files) await copyRegularFile(join(src, f), join(tmp, f));
      await writeJsonAtomic(join(tmp, CARD_JSON), { ...card, id });
    });
    return this.get(id);
  }

  /**
   * Copies an installed model to destDir/<id>; returns that folder. The card (and a README rendered
   * from it) leaves with the local folders it was trained or calibrated on replaced by what they were.
   */
  async exportModel(id: string, destDir: string): Promise<string> {
    const entry = await this.get(id);
    // At most one new folder: no tree of them from a typo (and Node's recursive mkdir never settles
    // under /proc, which a folder picker can reach).
    const dest = resolve(destDir);
    if (!(await stat(dest).catch(() => null))?.isDirectory()) {
      if (!(await stat(dirname(dest)).catch(() => null))?.isDirectory()) throw new AlveoError('NOT_FOUND', `the folder ${dirname(dest)} does not exist`, dest);
      await mkdir(dest).catch((err: NodeJS.ErrnoException) => {
        throw new AlveoError('BAD_ARGUMENT', `cannot make the folder (${err.code ?? err.message})`, dest);
      });
    }
    const target = join(resolve(destDir), entry.id);
    if (existsSync(target)) throw new AlveoError('BAD_ARGUMENT', 'already exists: choose another folder', target);
    const files = (await readdir(entry.dir, { withFileTypes: true })).filter((d) => d.isFile()).map((d) => d.name);
    await writeFolderAtomic(target, async (tmp) => {
      for (const f of files) {
        if (f === CARD_JSON) await writeJsonAtomic(join(tmp, f), cardWithoutLocalPaths(entry.card));
        else if (f === 'README.md') await writeFile(join(tmp, f), withoutLocalPathsIn(entry.card, await readFile(join(entry.dir, f), 'utf8')));
        else await copyFile(join(entry.dir, f), join(tmp, f));
      }
    });
    return target;
  }

  private dirOf(entry: ModelEntry): string {
    return join(entry.builtIn ? this.builtInDir : this.userModelsDir, entry.id);
  }

  private async userEntry(id: string, verb: string): Promise<ModelEntry> {
    const entry = (await this.scan()).find((e) => e.id === id);
    if (!entry) throw new AlveoError('NOT_FOUND', `no model with id '${id}'`);
    if (entry.builtIn) throw new AlveoError('BAD_ARGUMENT', `'${id}' is a built-in model and cannot be ${verb}`);
    return entry;
  }

  private swept = false;

  private async scan(): Promise<ModelEntry[]> {
    if (!this.swept) {
      // Once per store: half-written folders (and settings) of processes killed mid-write.
      this.swept = true;
      for (const dir of [this.userModelsDir, this.userDir]) await sweepDeadTemporaries(dir);
    }
    const builtIns = await scanDir(this.builtInDir, true);
    const ids = new Set(builtIns.map((e) => e.id));
    // A user folder that shadows a built-in id is ignored: built-ins win.
    const users = (await scanDir(this.userModelsDir, false)).filter((e) => !ids.has(e.id));
    return [...builtIns, ...users];
  }

  private async pickActive(entries: ModelEntry[], settings: Settings): Promise<string | null> {
    const wanted = typeof settings.activeModel === 'string' ? settings.activeModel : undefined;
    if (wanted && entries.some((e) => e.id === wanted)) return wanted;
    if (wanted) {
      const broken = (await this.unreadable()).find((u) => u.id === wanted);
      // Read in the app and from the CLI: name both ways out.
      const how = 'make another model active (Models tab, or alveo models --use ID) or restore it';
      if (broken) throw new AlveoError('CORRUPT', `the active model '${wanted}' cannot be read (${broken.reason}): ${how}`, broken.dir);
      throw new AlveoError('NOT_FOUND', `the active model '${wanted}' is not installed any more (no readable folder ${join(this.userModelsDir, wanted)}): ${how}`);
    }
    if (entries.some((e) => e.builtIn && e.id === DEFAULT_MODEL_ID)) return DEFAULT_MODEL_ID;
    return null;
  }

}

/** A folder in the user's models that is not a readable model, and why. */
export interface UnreadableModel {
  id: string;
  dir: string;
  reason: string;
}

async function scanDir(root: string, builtIn: boolean): Promise<ModelEntry[]> {
  return (await scanDirs(root, builtIn)).entries;
}

async function scanDirs(root: string, builtIn: boolean): Promise<{ entries: ModelEntry[]; unreadable: UnreadableModel[] }> {
  const names = await readdir(root).catch(() => [] as string[]);
  const entries: ModelEntry[] = [];
  const unreadable: UnreadableModel[] = [];
  for (const name of names.sort()) {
    if (name.startsWith('.')) continue; // temporary folders of in-flight writes
    const dir = join(root, name);
    if (!(await stat(dir).catch(() => null))?.isDirectory()) continue;
    if (!existsSync(join(dir, MODEL_JSON))) {
      unreadable.push({ id: name, dir, reason: `no ${MODEL_JSON}` });
      continue;
    }
    try {
      const card = await readCardFile(dir);
      // The folder name is the id: a card copied by hand with a stale id still resolves.
      entries.push({ id: name, dir, builtIn, active: false, card: { ...card, id: name }, featureGuardrail: existsSync(join(dir, OOD_JSON)) });
    } catch (err) {
      // Left out of listings; named by unreadable() and when it is the active model.
      // An AlveoError's message already starts with its file.
      unreadable.push({ id: name, dir, reason: err instanceof Error ? err.message : String(err) });
    }
  }
  return { entries, unreadable };
}

function sanitiseId(id: string): string {
  const s = id.replace(/[^A-Za-z0-9._-]+/g, '-').replace(/^[^A-Za-z0-9]+/, '').slice(0, 56);
  return s || 'model';
}

/**
 * Writes a complete model folder at `target` (model.json, shards, card.json) atomically. Used by the
 * store and by scripts that produce built-in models.
 */
export async function writeModelFolder(
  tf: Tf,
  model: LayersModel,
  card: ModelCard,
  target: string,
  opts: { quantize?: WeightQuantization; replace?: boolean; extraJson?: Record<string, unknown> } = {},
): Promise<void> {
  await writeFolderAtomic(
    target,
    async (tmp) => {
      await writeModelFiles(tf, model, tmp, { quantize: opts.quantize });
      for (const [name, value] of Object.entries(opts.extraJson ?? {})) {
        if (name.includes('/') || name.includes('\\') || name === CARD_JSON || name === MODEL_JSON) throw new Error(`writeModelFolder: '${name}' cannot be an extra file`);
        await writeJsonAtomic(join(tmp, name), value);
      }
      // Last, so a folder with a card always has its weights.
      await writeJsonAtomic(join(tmp, CARD_JSON), card);
    },
    { replace: opts.replace },
  );
}
