// Steps 1 and 2 of the training panel: the data chosen and what importing it found (with the
// patient-level split a run would make), the starting model and the options. Nothing runs here;
// TrainingState turns this into a TrainingSpec when the user starts.
import type { ModelEntry } from '../../../../src-main/api/contract';
import type { TrainingApi, TrainingOptions, TrainingSpec } from '../../../../src-main/api/training';
import type { TrainingDataPreview, TrainingPanelApi } from '../../../../src-main/api/training-panel';
import type { AppState } from './app-state.svelte';
import { plainError } from './plain-error';
import { readRememberedFolder, rememberFolder } from './remembered-folder';

/** Where the run starts: the active model, another stored model (`baseModel`), or random weights. */
export type BaseChoice = 'active' | 'stored' | 'scratch';

const FOLDER_KEY = 'alveo.training.folder';

export class TrainingSetupState {
  folder = $state(readRememberedFolder(FOLDER_KEY));
  inspecting = $state(false);
  /** The folder the summary below describes. */
  previewFolder = $state<string | null>(null);
  preview = $state.raw<TrainingDataPreview | null>(null);
  dataError = $state<string | null>(null);

  base = $state<BaseChoice>('active');
  baseModel = $state<string>('');
  name = $state('');
  options = $state<TrainingOptions | null>(null);
  /** The engine's defaults for the chosen start (augmentation toggles restore these values). */
  defaults = $state.raw<TrainingOptions | null>(null);
  /** The start ('active', 'scratch' or an id) the defaults were read for. */
  optionsFor = $state<string | null>(null);
  optionsError = $state<string | null>(null);

  constructor(
    private readonly app: AppState,
    private readonly api: TrainingApi & TrainingPanelApi,
  ) {}

  get models(): ModelEntry[] {
    return this.app.ai.models;
  }

  get activeModel(): ModelEntry | null {
    return this.app.ai.activeModel;
  }

  /** The base as the engine takes it: 'active', 'scratch' or a model id. */
  get baseSpec(): string {
    if (this.base === 'stored' && this.baseModel) return this.baseModel;
    return this.base === 'stored' ? 'active' : this.base;
  }

  /** The model the run starts from (null: from scratch). */
  get baseEntry(): ModelEntry | null {
    if (this.base === 'scratch') return null;
    if (this.base === 'stored') return this.models.find((m) => m.id === this.baseModel) ?? null;
    return this.activeModel;
  }

  /** The data is read (for the folder shown) and the options are loaded. */
  get ready(): boolean {
    return Boolean(this.preview && this.options && !this.inspecting && this.previewFolder === this.folder.trim());
  }

  /** The run these choices describe; the run is never asked to keep anything on cancel by default (the user chooses when stopping). */
  spec(): TrainingSpec | null {
    if (!this.options) return null;
    return {
      data: this.folder.trim(),
      base: this.baseSpec,
      options: $state.snapshot(this.options) as TrainingOptions,
      ...(this.name.trim() ? { name: this.name.trim() } : {}),
    };
  }

  /** Reads the folder: classes, patients, skipped files, duplicates, and the split the run will use. */
  async inspect(folder = this.folder): Promise<void> {
    const target = folder.trim();
    if (!target) return;
    this.folder = target;
    rememberFolder(FOLDER_KEY, target);
    this.inspecting = true;
    this.dataError = null;
    try {
      const o = this.options;
      const preview = await this.api.previewTrainingData(target, o ? { valFraction: o.valFraction, seed: o.seed } : undefined);
      if (this.folder !== target) return;
      this.preview = preview;
      this.previewFolder = target;
    } catch (err) {
      this.preview = null;
      this.previewFolder = null;
      this.dataError = plainError(err, 'Could not read the folder').detail;
    } finally {
      this.inspecting = false;
    }
  }

  /** The split changes with the validation share and the seed: ask again for the folder shown. */
  async refreshSplit(): Promise<void> {
    if (this.previewFolder && !this.inspecting) await this.inspect(this.previewFolder);
  }

  /** Loads the engine's defaults for the chosen start, keeping what the user already set that still applies. */
  async loadDefaults(keepEdits = true): Promise<void> {
    if (this.base === 'active' && !this.activeModel) this.base = 'scratch';
    const base = this.baseSpec;
    try {
      const d = await this.api.defaultTrainingOptions(base);
      if (base !== this.baseSpec) return; // another start was chosen meanwhile
      const previous = this.options;
      this.defaults = d;
      this.optionsFor = base;
      // Input size and the head-only phase follow the start; the user's other choices stay.
      this.options = previous && keepEdits ? { ...previous, inputSize: d.inputSize, freezeEpochs: d.freezeEpochs } : { ...d, augment: d.augment ? { ...d.augment } : null };
      this.optionsError = null;
    } catch (err) {
      this.optionsError = plainError(err, 'Could not read the training defaults').detail;
    }
  }

  async chooseBase(base: BaseChoice, modelId?: string): Promise<void> {
    this.base = base;
    if (modelId !== undefined) this.baseModel = modelId;
    if (base === 'stored' && !this.baseModel) this.baseModel = this.models.find((m) => !m.active)?.id ?? this.models[0]?.id ?? '';
    await this.loadDefaults();
  }

  resetOptions(): void {
    const d = this.defaults;
    if (d) this.options = { ...d, augment: d.augment ? { ...d.augment } : null };
  }
}
