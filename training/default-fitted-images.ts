// models/default/fitted-images.json: which Kermany training-split images the shipped model was
// trained on and which validated it (tests/fixtures/default-model-pytorch-validation.json), each
// by content key (the first 16 hex digits of the SHA-256 of the resized copy it trained on, so a
// renamed copy of those bytes is recognised) and by file name (users hold Kermany's originals,
// whose bytes differ). Its validation is two sets, as the card's --shift rule split it: the shifted
// one chose the checkpoint and threshold, the in-cohort one did not.
// Usage: node --import tsx training/default-fitted-images.ts ../shared/data/kermany-224/train > models/default/fitted-images.json
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ModelCard } from '../src-main/api/model-card';
import { contentKey, type FittedImages, type FittedSet } from '../src-main/engine/model/fitted-images';

const trainDir = process.argv[2];
if (!trainDir) {
  process.stderr.write('usage: default-fitted-images.ts KERMANY_TRAIN_FOLDER\n');
  process.exit(2);
}
const fail = (message: string): never => {
  process.stderr.write(`${message}\n`);
  process.exit(1);
};

const files = ['NORMAL', 'PNEUMONIA'].flatMap((c) => readdirSync(join(trainDir, c)).filter((f) => /\.jpe?g$/i.test(f)).map((f) => ({ name: f, path: join(trainDir, c, f) })));
const validation = new Set(
  (JSON.parse(readFileSync(new URL('../tests/fixtures/default-model-pytorch-validation.json', import.meta.url), 'utf8')) as { file: string }[]).map((r) => r.file),
);
const missing = [...validation].filter((f) => !files.some((x) => x.name === f));
if (missing.length) fail(`${missing.length} validation files are not in ${trainDir} (e.g. ${missing[0]})`);

// The split as training/pytorch/splits.py made it from the card's recipe (--shift).
const card = JSON.parse(readFileSync(new URL('../models/default/card.json', import.meta.url), 'utf8')) as ModelCard;
const shift = /--shift '([^']*)'/.exec(card.recipe ?? '')?.[1] ?? '';
const held = shiftedPatients(files.map((f) => patientId(f.name)), shift);
const shifted = new Set([...validation].filter((f) => held.has(patientId(f))));
const expected = { shifted: card.metrics?.validationShifted?.n ?? 0, inCohort: card.metrics?.validation?.n ?? 0 };
if (shifted.size !== expected.shifted || validation.size - shifted.size !== expected.inCohort) {
  fail(`the --shift rule '${shift}' gives ${shifted.size} shifted and ${validation.size - shifted.size} in-cohort validation images; the card says ${expected.shifted} and ${expected.inCohort}`);
}

function set(kind: FittedSet['kind'], names: string[], role?: string): FittedSet {
  const content = names.map((n) => contentKey(createHash('sha256').update(readFileSync(files.find((f) => f.name === n)!.path)).digest('hex')));
  return { kind, content: [...new Set(content)].sort(), names: [...names].sort(), ...(role ? { role } : {}) };
}

const byName = (keep: (name: string) => boolean) => files.map((f) => f.name).filter(keep);
const record: FittedImages = {
  format: 1,
  sets: [
    set('training', byName((f) => !validation.has(f))),
    set('validation', byName((f) => shifted.has(f)), "its shifted validation: they chose its checkpoint and threshold and, with the in-cohort validation, between its variants, and helped set its unlike-training check's cut-off"),
    set('validation', byName((f) => validation.has(f) && !shifted.has(f)), "its in-cohort validation: with the shifted validation they chose between its variants and helped set its unlike-training check's cut-off; they did not choose its checkpoint or threshold"),
  ],
};
process.stdout.write(`${JSON.stringify(record)}\n`);

/** As splits.py's patient_id: person123_bacteria_4 -> person123, IM-0001-0001 -> IM-0001, NORMAL2-IM-0123-0001 -> NORMAL2-IM-0123. */
function patientId(name: string): string {
  const stem = name.replace(/\.[^.]+$/, '');
  const person = /^(person\d+)_/i.exec(stem);
  if (person) return person[1].toLowerCase();
  const normal2 = /^(NORMAL2-IM-\d+)(?:-\d+)+$/i.exec(stem) ?? /^(IM-\d+)(?:-\d+)+$/i.exec(stem);
  return normal2 ? normal2[1].toUpperCase() : stem;
}

/** As splits.py's shifted_holdout: per cohort rule 'C<f', the lowest-numbered round(f x patients) patients ('>' the highest). */
function shiftedPatients(patients: string[], spec: string): Set<string> {
  const byCohort = new Map<string, Map<string, number>>();
  for (const pid of new Set(patients)) {
    const m = /^(NORMAL2-IM|IM|person)-?(\d+)/i.exec(pid);
    const cohort = m ? (m[1].toLowerCase() === 'person' ? 'person' : m[1].toUpperCase()) : pid;
    if (!byCohort.has(cohort)) byCohort.set(cohort, new Map());
    byCohort.get(cohort)!.set(pid, m ? Number(m[2]) : 0);
  }
  const out = new Set<string>();
  for (const part of spec.split(',').map((p) => p.trim()).filter(Boolean)) {
    const rule = /^([A-Za-z0-9-]+?)\s*(?:([<>])\s*([0-9.]+))?$/.exec(part) ?? fail(`--shift: cannot read rule '${part}'`);
    const cohort = rule[1].toLowerCase() === 'person' ? 'person' : rule[1].toUpperCase();
    const frac = rule[3] ? Number(rule[3]) : 1;
    // Python sorts (number, id) tuples.
    const sorted = [...(byCohort.get(cohort) ?? new Map<string, number>())].sort((a, b) => a[1] - b[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
    if (!sorted.length) fail(`--shift: no patient of cohort '${cohort}'`);
    const k = Math.max(1, roundHalfEven(sorted.length * frac));
    for (const [pid] of rule[2] === '>' ? sorted.slice(-k) : sorted.slice(0, k)) out.add(pid);
  }
  return out;
}

/** Python's round(): halves to the even neighbour. */
function roundHalfEven(x: number): number {
  const f = Math.floor(x);
  const d = x - f;
  return d > 0.5 ? f + 1 : d < 0.5 ? f : f % 2 === 0 ? f : f + 1;
}
