// Tags beyond the compact table are named from dcmjs's PS3.6 dictionary (review 37 F6): Issuer of
// Patient ID had no keyword, so the SR and the capture silently left it out.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { dictionaryEntry, tagOfKeyword, vrOf } from '../../../../src-main/engine/studies/dicom/tag-dictionary';

test('standard elements outside the compact table have their PS3.6 keyword and VR', () => {
  assert.deepEqual(dictionaryEntry('x00100021'), { vr: 'LO', keyword: 'IssuerOfPatientID' });
  assert.deepEqual(dictionaryEntry('x00101000'), { vr: 'LO', keyword: 'OtherPatientIDs' });
  assert.deepEqual(dictionaryEntry('x00181114'), { vr: 'DS', keyword: 'EstimatedRadiographicMagnificationFactor' });
  assert.equal(tagOfKeyword('IssuerOfPatientID'), 'x00100021');
  assert.equal(tagOfKeyword('NameOfPhysiciansReadingStudy'), 'x00081060');
  // The compact table still answers first.
  assert.deepEqual(dictionaryEntry('x00100010'), { vr: 'PN', keyword: 'PatientName' });
});

test('a VR the standard leaves open is none; private and unknown tags have no name', () => {
  assert.equal(vrOf('x00280108'), undefined, 'Smallest Pixel Value in Series is US or SS');
  assert.equal(dictionaryEntry('x00280108')?.keyword, 'SmallestPixelValueInSeries');
  assert.equal(dictionaryEntry('x00091001'), undefined, 'a private element borrows no name');
  assert.equal(tagOfKeyword('NoSuchKeyword'), undefined);
});
