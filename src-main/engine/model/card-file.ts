// Reading and checking card.json, so a malformed card is reported with its file instead of failing
// somewhere downstream (a missing threshold would silently label everything).
import { join } from 'node:path';
import { AlveoError } from '../../api/errors';
import type { ModelCard, Preprocessing } from '../../api/model-card';
import { errnoInWords } from '../files/errno-in-words';
import { readRegularFile } from '../files/regular-file';

export const CARD_JSON = 'card.json';
export const MODEL_ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

export const IMAGENET_MEAN: [number, number, number] = [0.485, 0.456, 0.406];
export const IMAGENET_STD: [number, number, number] = [0.229, 0.224, 0.225];

export function checkModelId(id: string): void {
  if (!MODEL_ID_PATTERN.test(id)) {
    throw new AlveoError('BAD_ARGUMENT', `model id '${id}' must be 1-64 letters, digits, '.', '_' or '-', starting with a letter or digit`);
  }
}

function fail(file: string, what: string): never {
  throw new AlveoError('CORRUPT', `invalid model card: ${what}`, file);
}

const isNum = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);
const isTriple = (v: unknown): v is [number, number, number] => Array.isArray(v) && v.length === 3 && v.every(isNum);

/** Checks the fields the engine relies on; keeps everything else as written. */
export function parseModelCard(value: unknown, file: string): ModelCard {
  if (!value || typeof value !== 'object' || Array.isArray(value)) fail(file, 'not a JSON object');
  const c = value as Record<string, unknown>;
  if (typeof c.id !== 'string' || !c.id) fail(file, "'id' must be a non-empty string");
  if (typeof c.name !== 'string') fail(file, "'name' must be a string");
  if (c.architecture !== 'resnet18-gap-sigmoid') fail(file, `unsupported architecture ${JSON.stringify(c.architecture)}`);
  if (!isNum(c.inputSize) || !Number.isInteger(c.inputSize) || c.inputSize < 32) fail(file, "'inputSize' must be an integer >= 32");
  if (typeof c.trained !== 'boolean') fail(file, "'trained' must be true or false");
  const t = c.threshold as Record<string, unknown> | undefined;
  if (!t || !isNum(t.value) || t.value < 0 || t.value > 1 || typeof t.rule !== 'string') {
    fail(file, "'threshold' must be { value in [0,1], rule: string }");
  }
  const p = c.preprocessing as Partial<Preprocessing> | undefined;
  if (!p || !isTriple(p.mean) || !isTriple(p.std) || p.std.some((s) => s <= 0)) {
    fail(file, "'preprocessing' must give mean and std as three numbers each (std > 0)");
  }
  if (p.inputSize !== undefined && p.inputSize !== c.inputSize) fail(file, `preprocessing.inputSize ${p.inputSize} differs from inputSize ${c.inputSize}`);
  const classes = c.classes as unknown;
  if (!Array.isArray(classes) || classes[0] !== 'NORMAL' || classes[1] !== 'PNEUMONIA') fail(file, "'classes' must be ['NORMAL', 'PNEUMONIA']");
  if (c.testTimeAugmentation !== undefined) checkTta(c.testTimeAugmentation, file);
  return value as ModelCard;
}

const MAX_TTA_VIEWS = 16;

function checkTta(value: unknown, file: string): void {
  const t = value as { views?: unknown; combine?: unknown } | null;
  const views = t?.views;
  const ok =
    Array.isArray(views) && views.length >= 1 && views.length <= MAX_TTA_VIEWS && views.every(isTriple) &&
    views.every(([zoom, x, y]) => zoom >= 0.5 && zoom <= 2 && Math.abs(x) <= 0.5 && Math.abs(y) <= 0.5) &&
    views[0][0] === 1 && views[0][1] === 0 && views[0][2] === 0;
  if (!ok) fail(file, `'testTimeAugmentation.views' must be 1-${MAX_TTA_VIEWS} [zoom 0.5-2, shiftX, shiftY within ±0.5] triples, the first [1, 0, 0] (the image as is)`);
  if (t?.combine !== 'mean-logit') fail(file, "'testTimeAugmentation.combine' must be 'mean-logit'");
}

export async function readCardFile(dir: string): Promise<ModelCard> {
  const file = join(dir, CARD_JSON);
  let text: string;
  try {
    text = await readRegularFile(file, 'utf8');
  } catch (err) {
    if (err instanceof AlveoError) throw err;
    const code = (err as NodeJS.ErrnoException).code;
    throw new AlveoError('NOT_FOUND', code === 'ENOENT' ? 'no card.json: not a model folder' : `cannot read (${errnoInWords(err)})`, file);
  }
  let json: unknown;
  try {
    // A byte-order mark (Windows Notepad) is not damage: import-weights --card accepts one too.
    json = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (err) {
    throw new AlveoError('CORRUPT', `not valid JSON (${(err as Error).message})`, file);
  }
  return parseModelCard(json, file);
}

/** A complete card for a freshly built or imported model; `fields` override the defaults. */
export function defaultCard(fields: Partial<ModelCard> & { id: string; inputSize: number }): ModelCard {
  const { inputSize } = fields;
  const untrained = fields.trained !== true;
  return {
    name: fields.id,
    architecture: 'resnet18-gap-sigmoid',
    classes: ['NORMAL', 'PNEUMONIA'],
    trained: false,
    threshold: { value: 0.5, rule: untrained ? 'untrained default 0.5' : 'default 0.5 (not tuned on validation data)' },
    trainingData: { description: untrained ? 'none: weights are not trained for pneumonia' : 'not stated' },
    parent: null,
    created: new Date().toISOString(),
    intendedUse: 'Research use only; not a medical device and not for diagnosis.',
    ...fields,
    preprocessing: {
      resize: 'squash',
      channels: 3,
      mean: IMAGENET_MEAN,
      std: IMAGENET_STD,
      source: `default display window (VOI/window or automatic), 8-bit gray, squashed to ${inputSize}x${inputSize}, /255, ImageNet mean/std, gray copied to 3 channels`,
      ...fields.preprocessing,
      inputSize,
    },
  };
}
