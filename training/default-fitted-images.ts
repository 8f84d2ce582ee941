// models/default/fitted-images.json: which Kermany training-split images the shipped model was
// trained on and which chose its checkpoint and threshold (its in-cohort and shifted validation,
// tests/fixtures/default-model-pytorch-validation.json), by file name: users hold Kermany's
// originals, not the resized copies it trained on, so content keys would never match theirs.
// Usage: node --import tsx training/default-fitted-images.ts ../shared/data/kermany-224/train > models/default/fitted-images.json
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { FittedImages } from '../src-main/engine/model/fitted-images';

const trainDir = process.argv[2];
if (!trainDir) {
  process.stderr.write('usage: default-fitted-images.ts KERMANY_TRAIN_FOLDER\n');
  process.exit(2);
}
const all = ['NORMAL', 'PNEUMONIA'].flatMap((c) => readdirSync(join(trainDir, c)).filter((f) => /\.jpe?g$/i.test(f)));
const validation = new Set(
  (JSON.parse(readFileSync(new URL('../tests/fixtures/default-model-pytorch-validation.json', import.meta.url), 'utf8')) as { file: string }[]).map((r) => r.file),
);
const missing = [...validation].filter((f) => !all.includes(f));
if (missing.length) {
  process.stderr.write(`${missing.length} validation files are not in ${trainDir} (e.g. ${missing[0]})\n`);
  process.exit(1);
}
const record: FittedImages = {
  format: 1,
  sets: [
    { kind: 'training', content: [], names: all.filter((f) => !validation.has(f)).sort() },
    { kind: 'validation', content: [], names: [...validation].sort() },
  ],
};
process.stdout.write(`${JSON.stringify(record)}\n`);
