// The age the guardrail's warning states comes from the DICOM age string's own unit: "007M" is
// 7 months (7 * (1/12) * 12 is 6.999… in floating point, which once read "6 months"), every month
// 1..23 reads as itself, days and weeks as whole days or months, and one unit is singular.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import type { ModelCard } from '../../src-main/api/model-card';
import { describeAge, patientAgeYears } from '../../src-main/api/patient-age';
import { checkStudy } from '../../src-main/engine/guardrails/check-study';
import { loadStudy } from '../../src-main/engine/studies/load-study';
import { chestPhantom, writeDicom } from '../fixtures/write-dicom';
import { tempDir } from '../support/temp-dir';

const ageOf = (PatientAge: string) => describeAge(patientAgeYears({ PatientAge }) as number);

test('every month 1..23 reads as that many months; 24 months reads as 2 years', () => {
  for (let n = 1; n <= 23; n++) assert.equal(ageOf(`${String(n).padStart(3, '0')}M`), n === 1 ? '1 month' : `${n} months`, `${n}M`);
  assert.equal(ageOf('024M'), '2 years');
  assert.equal(ageOf('035M'), '2 years');
  assert.equal(ageOf('036M'), '3 years');
});

test('days and weeks read as whole days, or whole months from a month on', () => {
  assert.equal(ageOf('001D'), '1 day');
  assert.equal(ageOf('030D'), '30 days');
  assert.equal(ageOf('031D'), '1 month');
  assert.equal(ageOf('061D'), '2 months');
  assert.equal(ageOf('001W'), '7 days');
  assert.equal(ageOf('004W'), '28 days');
  assert.equal(ageOf('005W'), '1 month');
  assert.equal(ageOf('009W'), '2 months');
  assert.equal(ageOf('052W'), '11 months');
  assert.equal(ageOf('015Y'), '15 years');
});

test('a real DICOM of a 7-month-old: the guardrail warning says 7 months', async () => {
  const dir = await tempDir('alveo-age-words-');
  const card = { inputSize: 224, population: { ageYears: [1, 5], views: ['PA', 'AP'], description: 'pediatric frontal chest radiographs' } } as unknown as ModelCard;
  for (const [age, words] of [
    ['007M', '7 months'],
    ['014M', '14 months'],
  ] as const) {
    const file = await writeDicom(join(dir, `${age}.dcm`), {
      rows: 128,
      columns: 128,
      bitsStored: 12,
      pixels: chestPhantom(128, 128, 200, 3800),
      attributes: { Modality: 'DX', BodyPartExamined: 'CHEST', ViewPosition: 'PA', PatientAge: age },
    });
    const warnings = checkStudy(await loadStudy(file), card).map((w) => w.reason);
    if (age === '007M') assert.ok(warnings.some((w) => w.startsWith(`The patient is ${words} old:`)), warnings.join(' | '));
    else assert.ok(!warnings.some((w) => /patient is/.test(w)), `14 months is in range (1-5 years): ${warnings.join(' | ')}`);
  }
});
