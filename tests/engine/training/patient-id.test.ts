import assert from 'node:assert/strict';
import { test } from 'node:test';
import { kermanyPatientId } from '../../../src-main/engine/training/patient-id';

test('Kermany file names name their patient', () => {
  const cases: Array<[string, string | null]> = [
    ['person123_bacteria_456.jpeg', 'person123'],
    ['/x/PNEUMONIA/person1_virus_7.jpeg', 'person1'],
    ['person1946_bacteria_4874.jpeg', 'person1946'],
    ['person1180_virus_2010_1.jpeg', 'person1180'], // a rare extra suffix in the train split
    ['IM-0001-0001.jpeg', 'IM-0001'],
    ['IM-0003-0001-0002.jpeg', 'IM-0003'],
    ['NORMAL2-IM-0123-0001.jpeg', 'NORMAL2-IM-0123'],
    ['NORMAL2-IM-0587-0001-0002.jpeg', 'NORMAL2-IM-0587'],
    ['scan.png', null],
    ['person12.jpeg', null],
    ['IM-0001.jpeg', null],
  ];
  for (const [file, want] of cases) assert.equal(kermanyPatientId(file), want, file);
});
