// The model manager: the models the engine knows, which one is selected on screen, and the
// actions on them. Activating a model refreshes the AI panel, so the study on screen is read
// again by the newly active model.
import { cardActivationCaution, type ActivationCaution } from '../../../../src-main/api/activation-caution';
import type { AgeUnknownPolicy, ModelCard, ModelEntry, SitePolicyRead, UnreadableModelEntry } from '../../../../src-main/api/contract';
import type { AppState } from './app-state.svelte';
import { compareStateFor } from './compare-state.svelte';
import { plainError, type PlainError } from './plain-error';

export interface ModelNotice {
  kind: 'ok' | 'error';
  text: string;
}

/** Why a model (or an unreadable model folder) cannot be deleted, or null when it can. The engine refuses these too. */
export function deleteBlocker(m: { builtIn?: boolean; active: boolean }): string | null {
  if (m.builtIn) return 'The shipped model cannot be deleted.';
  if (m.active) return 'The active model cannot be deleted: make another model active first.';
  return null;
}

/** The activation rule (api/activation-caution.ts) for a model, its start looked up among the installed ones. */
export function activationCautionFor(card: ModelCard, installed: readonly ModelEntry[]): ActivationCaution {
  return cardActivationCaution(card, card.parent ? installed.find((m) => m.id === card.parent)?.card : null);
}

export class ModelsState {
  models = $state.raw<ModelEntry[]>([]);
  /** The user's model folders that cannot be read (listed apart, with why): the way to see why nothing scores. */
  unreadable = $state.raw<UnreadableModelEntry[]>([]);
  selectedId = $state<string | null>(null);
  loading = $state(false);
  busy = $state<string | null>(null);
  loadError = $state<PlainError | null>(null);
  notice = $state<ModelNotice | null>(null);
  /** What this site says of its images (settings.json, shared with the CLI); null until read. */
  sitePolicy = $state<SitePolicyRead | null>(null);

  constructor(private readonly app: AppState) {}

  get selected(): ModelEntry | null {
    return this.models.find((m) => m.id === this.selectedId) ?? this.models.find((m) => m.active) ?? this.models[0] ?? null;
  }

  byId(id: string | null | undefined): ModelEntry | null {
    return (id && this.models.find((m) => m.id === id)) || null;
  }

  /** The model offered in place of an unreadable active one: the shipped one, else the first installed. */
  get replacement(): ModelEntry | null {
    return this.models.find((m) => m.builtIn) ?? this.models[0] ?? null;
  }

  async refresh(): Promise<void> {
    this.loading = true;
    try {
      [this.models, this.unreadable] = await Promise.all([this.app.api.listModels(), this.app.api.listUnreadableModels()]);
      this.sitePolicy = await this.app.api.getSitePolicy();
      this.loadError = null;
    } catch (err) {
      this.loadError = plainError(err, 'Could not list the models');
    } finally {
      this.loading = false;
    }
  }

  async activate(id: string): Promise<void> {
    await this.act(`Activating…`, async () => {
      await this.app.api.setActiveModel(id);
      await this.afterModelsChanged();
      const info = this.app.study.info;
      if (info) void this.app.ai.read(info); // the study on screen, read by the new model
      return `${this.byId(id)?.card.name ?? id} is now the active model.`;
    });
  }

  async setAgeUnknown(ageUnknown: AgeUnknownPolicy): Promise<void> {
    await this.act('Saving…', async () => {
      this.sitePolicy = await this.app.api.setSitePolicy({ ageUnknown });
      // Answers kept from before carry the old policy's warnings: both panes read again.
      const compare = compareStateFor(this.app);
      this.app.ai.forgetAll();
      compare.ai.forgetAll();
      const info = this.app.study.info;
      if (info) void this.app.ai.read(info);
      if (compare.current) void compare.ai.read(compare.current.info);
      return ageUnknown === 'read-as-child'
        ? 'DICOMs without an age are now read as children’s (a worklist follows when scored again).'
        : 'DICOMs without an age are held back again (a worklist follows when scored again).';
    });
  }

  async rename(id: string, name: string): Promise<boolean> {
    const clean = name.trim();
    if (!clean) return false;
    return this.act('Renaming…', async () => {
      await this.app.api.renameModel(id, clean);
      await this.afterModelsChanged();
      return `Renamed to ${clean}.`;
    });
  }

  /** True once deleted; otherwise `notice` says why not. */
  async remove(id: string): Promise<boolean> {
    const name = this.byId(id)?.card.name ?? id;
    return this.act('Deleting…', async () => {
      await this.app.api.deleteModel(id);
      if (this.selectedId === id) this.selectedId = null;
      await this.afterModelsChanged();
      return `Deleted ${name}.`;
    });
  }

  /** Keeps a finished evaluation on its model's card; true once kept, otherwise `notice` says why not. */
  async keepEvaluation(jobId: string, name: string): Promise<boolean> {
    return this.act('Keeping…', async () => {
      await this.app.api.keepEvaluation(jobId);
      await this.afterModelsChanged();
      return `Kept the evaluation on the card of ${name}.`;
    });
  }

  async exportTo(id: string, destDir: string): Promise<void> {
    await this.act('Exporting…', async () => {
      const written = await this.app.api.exportModel(id, destDir.trim());
      return `Exported to ${written}.`;
    });
  }

  async importFrom(dir: string): Promise<void> {
    await this.act('Importing…', async () => {
      const entry = await this.app.api.importModel(dir.trim());
      await this.afterModelsChanged();
      this.selectedId = entry.id;
      return `Imported ${entry.card.name}.`;
    });
  }

  private async afterModelsChanged(): Promise<void> {
    await this.refresh();
    await this.app.ai.refreshModels();
    try {
      this.app.engine = await this.app.api.getInfo();
    } catch {
      // the status bar keeps the last answer
    }
  }

  private async act(label: string, work: () => Promise<string>): Promise<boolean> {
    this.busy = label;
    this.notice = null;
    try {
      this.notice = { kind: 'ok', text: await work() };
      return true;
    } catch (err) {
      const e = plainError(err);
      this.notice = { kind: 'error', text: `${e.title}: ${e.detail}` };
      return false;
    } finally {
      this.busy = null;
    }
  }
}

const instances = new WeakMap<AppState, ModelsState>();

export function modelsStateFor(app: AppState): ModelsState {
  let s = instances.get(app);
  if (!s) {
    s = new ModelsState(app);
    instances.set(app, s);
  }
  return s;
}
