import { test } from 'node:test';
import assert from 'node:assert/strict';
import { bfloat16BitsToFloat32, float16BitsToFloat32, float32ToFloat16Bits } from '../../../src-main/engine/model/float16';

test('float16 encoding of known values (normal, subnormal, overflow, ties to even)', () => {
  const cases: Array<[number, number]> = [
    [0, 0x0000], [-0, 0x8000], [1, 0x3c00], [-2, 0xc000], [0.5, 0x3800], [65504, 0x7bff], [70000, 0x7c00],
    [Infinity, 0x7c00], [-Infinity, 0xfc00], [2 ** -24, 0x0001], [2 ** -14, 0x0400], [2 ** -26, 0x0000],
    [1 + 2 ** -11, 0x3c00], // tie -> even (down)
    [1 + 3 * 2 ** -11, 0x3c02], // tie -> even (up)
    [0.1, 0x2e66],
  ];
  const bits = float32ToFloat16Bits(Float32Array.from(cases.map((c) => c[0])));
  cases.forEach(([v, want], i) => assert.equal(bits[i], want, `${v}: got 0x${bits[i].toString(16)}`));
  assert.ok(Number.isNaN(float16BitsToFloat32(float32ToFloat16Bits(new Float32Array([NaN])))[0]));
});

test('float16 round trip is within half a unit in the last place', () => {
  const values = Float32Array.from({ length: 10000 }, (_, i) => Math.sin(i) * 10 ** ((i % 9) - 4));
  const back = float16BitsToFloat32(float32ToFloat16Bits(values));
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    const tol = Math.abs(v) >= 2 ** -14 ? Math.abs(v) * 2 ** -11 : 2 ** -25;
    assert.ok(Math.abs(back[i] - v) <= tol * 1.0001, `${v} -> ${back[i]}`);
  }
});

test('bfloat16 is the top half of a float32', () => {
  assert.deepEqual(Array.from(bfloat16BitsToFloat32(Uint16Array.from([0x3f80, 0xc000, 0x3e4c]))), [1, -2, Math.fround(0.19921875)]);
});
