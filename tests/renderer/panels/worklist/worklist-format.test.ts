// The worklist's age column on attributes the engine reads from DICOMs our writer makes: PatientAge
// as written; without it, the age from the birth and study dates, as the study panel computes it.
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { describeAge, patientAgeYears } from '../../../../src-main/api/patient-age';
import { loadStudy } from '../../../../src-main/engine/studies/load-study';
import { rowAge } from '../../../../src-renderer/src/panels/worklist/worklist-format';
import { chestPhantom, writeDicom } from '../../../fixtures/write-dicom';

const dir = await mkdtemp(join(tmpdir(), 'alveo-row-age-'));
after(() => rm(dir, { recursive: true, force: true }));

async function attributesOf(name: string, attributes: Record<string, string>): Promise<Record<string, string>> {
  const file = join(dir, name);
  await writeDicom(file, { rows: 32, columns: 32, bitsAllocated: 16, bitsStored: 12, pixels: chestPhantom(32, 32, 100, 3000), attributes });
  return (await loadStudy(file)).attributes;
}

test('PatientAge absent, dates valid: the age from the dates, flagged; the study panel says the same', async () => {
  const a = await attributesOf('a2.dcm', { PatientBirthDate: '20210101', StudyDate: '20240315', PatientSex: 'F' });
  assert.equal(a.PatientAge, undefined);
  assert.deepEqual(rowAge(a), { text: '3 years', fromDates: true });
  assert.equal(rowAge(a).text, describeAge(patientAgeYears(a) as number));
});

test('PatientAge present: as written, not from the dates; neither usable: nothing', async () => {
  const a1 = await attributesOf('a1.dcm', { PatientAge: '003Y', PatientBirthDate: '20210101', StudyDate: '20240315' });
  assert.deepEqual(rowAge(a1), { text: '3 y', fromDates: false });
  const none = await attributesOf('none.dcm', { PatientBirthDate: '20210101' });
  assert.deepEqual(rowAge(none), { text: '', fromDates: false });
});
