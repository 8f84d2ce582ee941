// Whether two images are of the same patient. A false 'same' is the dangerous error (another
// patient's film put beside the image on screen as a prior, unasked), so 'same' needs one real
// Patient ID on both and nothing that says otherwise; placeholders, a name alone, or a name missing
// on one side leave it 'unknown'; a known difference in ID, name, birth date or sex is 'different'.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { samePatient } from '../../../../src-renderer/src/lib/state/compare-candidates';
import { isPlaceholder, patientDetails, patientMatch } from '../../../../src-renderer/src/lib/state/patient-match';

const JANE = { PatientID: 'P1', PatientName: 'DOE^JANE', PatientBirthDate: '19700102', PatientSex: 'F' };

test('one real ID and one name on both, nothing else differing: the same patient', () => {
  assert.equal(patientMatch(JANE, { PatientID: ' P1 ', PatientName: 'doe^jane^^' }), 'same', 'padding, case and empty components do not matter');
  assert.equal(patientMatch(JANE, { ...JANE }), 'same');
  assert.equal(patientMatch(JANE, { ...JANE, PatientSex: 'O' }), 'same', 'O tells nothing apart');
  assert.equal(patientMatch(JANE, { ...JANE, PatientBirthDate: '' }), 'same', 'a birth date on one side only is no difference');
});

test('anonymised images (ANON / ANONYMOUS) are never the same patient; a known birth date or sex tells them apart', () => {
  const a = { PatientID: 'ANON', PatientName: 'ANONYMOUS', PatientBirthDate: '19500101', PatientSex: 'M' };
  const b = { PatientID: 'ANON', PatientName: 'ANONYMOUS', PatientBirthDate: '19880614', PatientSex: 'F' };
  assert.equal(patientMatch(a, b), 'different');
  assert.equal(patientMatch(a, { ...a, PatientBirthDate: '19880614' }), 'different', 'birth date alone');
  assert.equal(patientMatch(a, { ...a, PatientSex: 'F' }), 'different', 'sex alone');
  assert.equal(patientMatch(a, { ...a }), 'unknown', 'placeholders identify nobody, even when everything else agrees');
  for (const [pid, pname] of [
    ['ANONYMIZED', 'ANONYMIZED'], ['unknown', 'Unknown^Unknown'], ['NONE', '^^^'], ['N/A', 'N/A'], ['NA', 'na'],
    ['0', ''], ['-', '-'], ['REMOVED', 'REMOVED'], ['', '   '], ['  ', 'ANON^'], ['000000', 'XXX'], ['Anonymised', 'ANONYMOUS^PATIENT'],
  ]) {
    const x = { PatientID: pid, PatientName: pname };
    assert.equal(patientMatch(x, { ...x }), 'unknown', `${JSON.stringify(x)} is no patient`);
    assert.equal(patientMatch(JANE, x), 'unknown', `${JSON.stringify(x)} beside a named patient`);
  }
  for (const p of ['', ' ', 'ANON', 'anonymous', 'ANONYMIZED', 'UNKNOWN', 'NONE', 'N/A', 'NA', '0', '-', 'REMOVED', '^', '^^']) assert.ok(isPlaceholder(p), p);
  for (const p of ['P1', 'ANON0001', '12345', 'DOE', 'NAKAMURA']) assert.ok(!isPlaceholder(p), p);
});

test('a name alone is never the same patient (a second SMITH^JOHN is common); another name is another patient', () => {
  assert.equal(patientMatch({ PatientName: 'SMITH^JOHN' }, { PatientName: 'SMITH^JOHN' }), 'unknown');
  assert.equal(patientMatch({ PatientName: 'SMITH^JOHN', PatientID: 'ANON' }, { PatientName: 'SMITH^JOHN', PatientID: '0' }), 'unknown');
  assert.equal(patientMatch({ PatientName: 'SMITH^JOHN', PatientID: 'P7' }, { PatientName: 'SMITH^JOHN' }), 'unknown', 'an ID on one side only');
  assert.equal(patientMatch({ PatientName: 'SMITH^JOHN' }, { PatientName: 'SMITH^JOHN', PatientSex: 'F' }), 'unknown');
  assert.equal(patientMatch({ PatientName: 'SMITH^JOHN', PatientSex: 'M' }, { PatientName: 'SMITH^JOHN', PatientSex: 'F' }), 'different');
  assert.equal(patientMatch({ PatientName: 'DOE^JOHN' }, JANE), 'different');
});

test('the same ID with a name missing on one side is not the same patient; with another name, birth date or sex it is another', () => {
  assert.equal(patientMatch(JANE, { PatientID: 'P1' }), 'unknown');
  assert.equal(patientMatch({ PatientID: 'P1', PatientName: 'ANONYMOUS' }, JANE), 'unknown');
  assert.equal(patientMatch(JANE, { ...JANE, PatientName: 'MÜLLER^JONAS' }), 'different', 'one ID, two names');
  assert.equal(patientMatch(JANE, { ...JANE, PatientBirthDate: '19700103' }), 'different', 'one ID, two birth dates');
  assert.equal(patientMatch(JANE, { ...JANE, PatientSex: 'M' }), 'different', 'one ID, two sexes');
  assert.equal(patientMatch(JANE, { ...JANE, PatientID: 'P2' }), 'different', 'another ID');
  assert.equal(patientMatch({}, JANE), 'unknown');
  assert.equal(patientMatch({}, {}), 'unknown');
});

test('one study is one patient when the headers cannot tell, never when they know otherwise', () => {
  const study = { StudyInstanceUID: '1.2.3' };
  assert.equal(samePatient(study, { ...study }), 'same');
  assert.equal(samePatient({ ...study, ...JANE }, { ...study, PatientID: 'ANON' }), 'same');
  assert.equal(samePatient({ ...study, PatientName: 'SMITH^JOHN' }, { ...study, PatientName: 'SMITH^JOHN' }), 'same');
  const anon = { ...study, PatientID: 'ANON', PatientName: 'ANONYMOUS' };
  assert.equal(samePatient({ ...anon, PatientBirthDate: '19500101' }, { ...anon, PatientBirthDate: '19880614' }), 'different');
  assert.equal(samePatient({ ...anon, PatientSex: 'M' }, { ...anon, PatientSex: 'F' }), 'different');
  assert.equal(samePatient({ ...study, ...JANE }, { ...study, ...JANE, PatientID: 'P2' }), 'different');
  assert.equal(samePatient({ ...study, PatientName: 'SMITH^JOHN' }, { ...study, PatientName: 'SMITH^JANE' }), 'different');
  assert.equal(samePatient({ StudyInstanceUID: '' }, { StudyInstanceUID: '' }), 'unknown');
});

test('a warning says what tells two patients apart', () => {
  assert.equal(patientDetails({ PatientID: 'ANON', PatientName: 'ANONYMOUS', PatientBirthDate: '19880614', PatientSex: 'F' }), 'ANONYMOUS (ANON), born 1988-06-14, F');
  assert.equal(patientDetails({ PatientID: 'P-DOE', PatientName: 'DOE^JANE' }), 'DOE, JANE (P-DOE)');
  assert.equal(patientDetails({}), null);
});
