// alveo import-weights FILE.safetensors [--id ID] [--name NAME] [--card FIELDS.json] [--activate [--yes]]
//   [--input-size N] [--float16 | --quantize float16|none] [--overwrite] [--out DIR] [--json]
// Imports torchvision / timm ResNet18 weights into the model store (or, with --out, into any
// folder, e.g. models/default when building the shipped model).
import { readFile } from 'node:fs/promises';
import { basename, resolve } from 'node:path';
import type { ModelCard } from '../../api/model-card';
import { createEngine, sourceTreeDeps } from '../../engine/index';
import { defaultCard, parseModelCard } from '../../engine/model/card-file';
import { importTorchResNet18 } from '../../engine/model/import-torch-resnet18';
import { backendName } from '../../engine/model/tf-backend';
import { UsageError } from '../cli-conventions';
import { defineCommand } from '../command';
import { useModel } from '../use-model';
import { errnoInWords } from '../../engine/files/errno-in-words';
import { isJsonObject, jsonKind } from '../../engine/files/read-json-object';

/**
 * The --card file's fields, checked where the import reads them before the card is complete (its
 * id names the model; inputSize sizes the network; notes are spread): a wrong one is named with
 * the file, not met later as "Cannot read properties of null".
 */
function parseCardFields(text: string, file: string): Partial<ModelCard> {
  let value: unknown;
  try {
    value = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (err) {
    throw new Error(`${file}: not valid JSON (${err instanceof Error ? err.message : String(err)})`);
  }
  if (!isJsonObject(value)) throw new Error(`${file}: card fields must be a JSON object, not ${jsonKind(value)}`);
  const fields = value;
  const wrong = (field: string, want: string) => new Error(`${file}: card field '${field}' must be ${want}, not ${jsonKind(fields[field])}`);
  for (const field of ['id', 'name', 'created'] as const) if (fields[field] !== undefined && typeof fields[field] !== 'string') throw wrong(field, 'a string');
  if (fields.trained !== undefined && typeof fields.trained !== 'boolean') throw wrong('trained', 'true or false');
  const size = fields.inputSize;
  if (size !== undefined && !(typeof size === 'number' && Number.isInteger(size) && size >= 32)) throw wrong('inputSize', 'an integer >= 32');
  if (fields.notes !== undefined && !(Array.isArray(fields.notes) && fields.notes.every((n) => typeof n === 'string'))) throw wrong('notes', 'a list of strings');
  // The rest is checked as the whole card it makes, before the weights are read (run, below).
  return fields as Partial<ModelCard>;
}

export const command = defineCommand({
  name: 'import-weights',
  args: 'FILE.safetensors',
  summary: 'import torchvision/timm ResNet18 weights',
  options: {
    id: { type: 'string', arg: 'ID', help: "model id (default: the card's id, else the file name)" },
    name: { type: 'string', arg: 'NAME', help: 'display name on the card' },
    card: { type: 'string', arg: 'F.json', help: 'card fields to merge (threshold, metrics, training data, ...)' },
    activate: { type: 'boolean', help: 'make it the active model (after the cautions alveo models --use prints)' },
    yes: { type: 'boolean', help: 'with --activate: make it active even when a caution asks to confirm' },
    'input-size': { type: 'string', arg: 'N', help: "model input side (default: the card's inputSize, else 224)" },
    float16: { type: 'boolean', help: 'store conv/dense kernels as float16 (half the size); the same as --quantize float16' },
    quantize: { type: 'string', arg: 'float16|none', help: 'how kernels are stored (default: none, or float16 with --float16)' },
    overwrite: { type: 'boolean', help: 'replace an existing model with the same id / DIR' },
    out: { type: 'string', arg: 'DIR', help: 'write the model folder to DIR instead of the user model store' },
    json: { type: 'boolean', help: 'print the result as one JSON object' },
  },
  async run({ values, positionals }) {
    const [file] = positionals;
    if (!file || positionals.length > 1) throw new UsageError('give one FILE.safetensors');
    if (values.activate && values.out) throw new UsageError('--activate makes a model of the store active: it does not go with --out');
    const engine = createEngine(sourceTreeDeps());
    try {
      let cardFields: Partial<ModelCard> = {};
      if (values.card) {
        const text = await readFile(resolve(values.card), 'utf8').catch((err: NodeJS.ErrnoException) => {
          throw new Error(`${values.card}: cannot read (${errnoInWords(err)})`);
        });
        cardFields = parseCardFields(text, values.card);
      }
      const quantize = values.quantize ?? (values.float16 ? 'float16' : 'none');
      if (quantize !== 'float16' && quantize !== 'none') throw new Error(`--quantize must be float16 or none, not '${quantize}'`);
      const inputSize = values['input-size'] ? Number(values['input-size']) : undefined;
      if (inputSize !== undefined && !(Number.isInteger(inputSize) && inputSize >= 32)) throw new Error('--input-size must be an integer >= 32');
      const id = values.id ?? cardFields.id ?? basename(file).replace(/\.safetensors$/i, '').replace(/[^A-Za-z0-9._-]+/g, '-');
      // A threshold or preprocessing the store would refuse is said now, naming --card, not after the import.
      if (values.card) parseModelCard(defaultCard({ ...cardFields, id, inputSize: inputSize ?? cardFields.inputSize ?? 224 }), resolve(values.card));
      const res = await importTorchResNet18(await engine.tf(), engine.store, resolve(file), {
        id,
        name: values.name,
        cardFields,
        inputSize,
        quantize,
        overwrite: values.overwrite,
        outDir: values.out ? resolve(values.out) : undefined,
      });
      void engine.audit.record('importWeights', 'done', { from: resolve(file), model: res.card.id, dir: res.dir, trained: res.card.trained });
      // The same cautions as alveo models --use: an imported card often gives no figures or ages.
      const active = values.activate ? await useModel(engine, res.card.id, values.yes, 'alveo import-weights') : (res.entry?.active ?? false);
      if (values.json) {
        console.log(JSON.stringify({ id: res.card.id, dir: res.dir, head: res.head, trained: res.card.trained, active, notes: res.notes }));
      } else {
        console.log(`Imported ${basename(file)} as '${res.card.id}' (${res.card.name}) into ${res.dir}`);
        console.log(`  head: ${res.head}; ${res.card.trained ? 'trained' : 'UNTRAINED (predictions are meaningless until trained)'}; input ${res.card.inputSize}px; backend ${backendName()}`);
        for (const n of res.notes) console.log(`  note: ${n}`);
        if (active) console.log('  now the active model');
      }
      return values.activate && !active ? 1 : 0;
    } catch (err) {
      console.error(`alveo import-weights: ${err instanceof Error ? err.message : String(err)}`);
      return 1;
    } finally {
      await engine.dispose();
    }
  },
});
