// The modality value of one pixel as the hover readout and the probe say it (review 42 F7): as
// exact as the rescale makes it, with the stored value and the Rescale Type's unit.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { pixelValue, pixelValueText, rescaleOf, valueText } from '../../../../src-renderer/src/lib/viewer/pixel-value';

const f32 = (v: number) => Math.fround(v);

test('values are not rounded: the decimals the rescale gives are shown, no trailing zeros', () => {
  const us = rescaleOf({ RescaleSlope: '0.5', RescaleIntercept: '-1024.25', RescaleType: 'US' });
  assert.deepEqual(us, { slope: 0.5, intercept: -1024.25, unit: '' }, 'US is unspecified: no unit');
  const text = (v: number) => pixelValueText(pixelValue(f32(v), us));
  assert.equal(text(-1022.75), 'stored 3 → value -1022.75');
  assert.equal(text(65.25), 'stored 2179 → value 65.25');
  assert.equal(text(1017.25), 'stored 4083 → value 1017.25');
  const neg = rescaleOf({ RescaleSlope: '-0.25', RescaleIntercept: '100.125' });
  assert.equal(pixelValueText(pixelValue(f32(99.375), neg)), 'stored 3 → value 99.375');
});

test('the unit comes from the Rescale Type; no rescale and no unit say the value alone', () => {
  const hu = rescaleOf({ RescaleSlope: '1', RescaleIntercept: '-1024', RescaleType: 'HU' });
  assert.equal(pixelValueText(pixelValue(-1000, hu)), 'stored 24 → value -1000 HU');
  assert.equal(pixelValueText(pixelValue(812, rescaleOf({ RescaleType: 'OD' }))), 'value 812 OD', 'identity rescale: no stored value');
  assert.equal(rescaleOf({}), null);
  assert.equal(rescaleOf({ RescaleSlope: '1', RescaleIntercept: '0' }), null);
  assert.equal(rescaleOf({ RescaleSlope: '0', RescaleIntercept: 'x' }), null, 'read as the engine reads them: slope 0 is 1');
  assert.equal(pixelValueText(pixelValue(812, null)), 'value 812');
});

test('finer rescales keep their decimals; float noise below them is not shown', () => {
  const fine = rescaleOf({ RescaleSlope: '0.0001', RescaleIntercept: '0' });
  assert.equal(pixelValueText(pixelValue(f32(0.1234), fine)), 'stored 1234 → value 0.1234');
  assert.equal(pixelValueText(pixelValue(f32(123.4), rescaleOf({ RescaleSlope: '0.1' }))), 'stored 1234 → value 123.4');
  assert.equal(valueText(f32(12345.67)), '12345.67');
  assert.equal(valueText(-1000.12345), '-1000.123');
  assert.equal(valueText(0.5), '0.5');
  assert.equal(valueText(-0.0001), '0');
});

test('a Modality LUT: the stored value the pixels came with, the LUT output, the unit its type names; the rescale attributes not used', () => {
  const attributes = { RescaleSlope: '2', RescaleIntercept: '-1000', RescaleType: 'HU' };
  const od = rescaleOf(attributes, { modalityLut: { type: 'OD', explanation: 'TEST' } });
  assert.deepEqual(od, { slope: 1, intercept: 0, unit: 'OD', lut: true });
  assert.equal(pixelValueText(pixelValue(100, od, 11)), 'stored 11 → value 100 OD');
  assert.equal(pixelValueText(pixelValue(100, rescaleOf({}, { modalityLut: { type: 'HU' } }), 11)), 'stored 11 → value 100 HU');
  assert.equal(pixelValueText(pixelValue(100, rescaleOf({}, { modalityLut: { type: 'US' } }), 11)), 'stored 11 → value 100', 'US is unspecified: no unit');
  assert.equal(pixelValueText(pixelValue(100, rescaleOf({}, { modalityLut: {} }), 11)), 'stored 11 → value 100', 'no type: no unit');
  assert.equal(pixelValueText(pixelValue(100, rescaleOf(attributes, {}))), 'stored 550 → value 100 HU', 'no LUT: the rescale as before');
});
