import assert from 'node:assert/strict';
import { test } from 'node:test';
import { decodeFrame, encodeFrame } from '../../src-main/api/codec';

test('typed arrays of every kind survive a frame, at any depth, with their values exact', () => {
  const heat = new Float32Array([0, 0.25, 1, -3.5e-7, Number.MAX_VALUE > 0 ? 3.4e38 : 0]);
  const value = {
    ok: true,
    value: {
      studyId: 'abc',
      heat,
      nested: [{ u16: new Uint16Array([0, 65535, 1234]) }, new Int16Array([-32768, 32767]), new Uint8Array([1, 2, 3])],
      f64: new Float64Array([Math.PI]),
      i32: new Int32Array([-1, 2 ** 31 - 1]),
      text: 'ü € 😀',
      n: null,
    },
  };
  const back = decodeFrame(encodeFrame(value)) as typeof value;
  assert.ok(back.value.heat instanceof Float32Array);
  assert.deepEqual([...back.value.heat], [...heat]);
  assert.ok(back.value.nested[0] && (back.value.nested[0] as { u16: Uint16Array }).u16 instanceof Uint16Array);
  assert.deepEqual([...(back.value.nested[0] as { u16: Uint16Array }).u16], [0, 65535, 1234]);
  assert.deepEqual([...(back.value.nested[1] as Int16Array)], [-32768, 32767]);
  assert.deepEqual([...(back.value.nested[2] as Uint8Array)], [1, 2, 3]);
  assert.equal(back.value.f64[0], Math.PI);
  assert.deepEqual([...back.value.i32], [-1, 2 ** 31 - 1]);
  assert.equal(back.value.text, 'ü € 😀');
  assert.equal(back.value.n, null);
});

test('a view into a larger buffer sends only its own elements', () => {
  const big = new Float32Array(1000).map((_, i) => i);
  const view = big.subarray(10, 13);
  const frame = encodeFrame([view]);
  assert.ok(frame.byteLength < 200, `frame is ${frame.byteLength} bytes`);
  assert.deepEqual([...(decodeFrame(frame) as Float32Array[])[0]], [10, 11, 12]);
});

test('a 2000x2000 Float32Array crosses as raw bytes, not JSON numbers', () => {
  const values = new Float32Array(2000 * 2000).map((_, i) => (i % 4096) / 7);
  const frame = encodeFrame({ values });
  assert.ok(frame.byteLength < values.byteLength + 256);
  const back = decodeFrame(frame.buffer.slice(0) as ArrayBuffer) as { values: Float32Array };
  assert.equal(back.values.length, values.length);
  assert.equal(back.values[123457], values[123457]);
});

test('malformed frames are refused, not misread', () => {
  assert.throws(() => decodeFrame(new Uint8Array([1, 2])), /too short/);
  const good = encodeFrame({ a: new Float32Array([1, 2]) });
  assert.throws(() => decodeFrame(good.subarray(0, good.byteLength - 4)), /out of range/);
  const forged = encodeFrame({ x: { $bin: 5, type: 'Float32Array' } });
  assert.throws(() => decodeFrame(forged), /missing blob/);
});

test('a frame cannot take out more bytes than it carries: one blob referred to many times, or slots that overlap (review 44 F3)', () => {
  // Built by hand as encodeFrame lays a frame out, with a value JSON no encoder would write.
  const forge = (layout: [number, number][], value: unknown, blobBytes: number): Uint8Array => {
    const enc = new TextEncoder();
    const l = enc.encode(JSON.stringify(layout));
    const v = enc.encode(JSON.stringify(value));
    const dataStart = (8 + l.byteLength + v.byteLength + 7) & ~7;
    const out = new Uint8Array(dataStart + blobBytes);
    const dv = new DataView(out.buffer);
    dv.setUint32(0, l.byteLength, true);
    out.set(l, 4);
    dv.setUint32(4 + l.byteLength, v.byteLength, true);
    out.set(v, 8 + l.byteLength);
    return out;
  };
  const ref = (i: number) => ({ $bin: i, type: 'Uint8Array' });
  // 4 KB of blob, fine once; referred to 1000 times it would decode to 4 MB.
  assert.equal((decodeFrame(forge([[0, 4096]], [ref(0)], 4096)) as Uint8Array[])[0].byteLength, 4096);
  assert.throws(() => decodeFrame(forge([[0, 4096]], Array.from({ length: 1000 }, () => ref(0)), 4096)), /more bytes referred to than the frame holds/);
  assert.throws(() => decodeFrame(forge([[0, 4096], [0, 4096]], [ref(0), ref(1)], 4096)), /more bytes referred to than the frame holds/);
  // Two arrays side by side, as encodeFrame writes them, still decode.
  const two = decodeFrame(encodeFrame([new Uint8Array(4096), new Float32Array(1024)])) as [Uint8Array, Float32Array];
  assert.deepEqual([two[0].byteLength, two[1].length], [4096, 1024]);
});
