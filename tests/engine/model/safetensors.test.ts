import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseSafetensors } from '../../../src-main/engine/model/safetensors';

function file(header: object, data: Uint8Array): Uint8Array {
  const json = Buffer.from(JSON.stringify(header));
  const head = Buffer.alloc(8);
  head.writeBigUInt64LE(BigInt(json.length));
  return Buffer.concat([head, json, data]);
}

test('reads F32, F16 and BF16 tensors as float32; skips integer tensors; keeps metadata', () => {
  const f32 = new Float32Array([1.5, -2]);
  const f16 = new Uint16Array([0x3c00, 0xc100]); // 1, -2.5
  const bf16 = new Uint16Array([0x3f80, 0x4040]); // 1, 3
  const data = Buffer.concat([Buffer.from(f32.buffer), Buffer.from(f16.buffer), Buffer.from(bf16.buffer), Buffer.alloc(8)]);
  const st = parseSafetensors(
    file(
      {
        __metadata__: { format: 'pt' },
        a: { dtype: 'F32', shape: [2], data_offsets: [0, 8] },
        b: { dtype: 'F16', shape: [1, 2], data_offsets: [8, 12] },
        c: { dtype: 'BF16', shape: [2], data_offsets: [12, 16] },
        n: { dtype: 'I64', shape: [], data_offsets: [16, 24] },
      },
      data,
    ),
    'x.safetensors',
  );
  assert.deepEqual(Array.from(st.tensors.get('a')!.data), [1.5, -2]);
  assert.deepEqual(Array.from(st.tensors.get('b')!.data), [1, -2.5]);
  assert.deepEqual(st.tensors.get('b')!.shape, [1, 2]);
  assert.deepEqual(Array.from(st.tensors.get('c')!.data), [1, 3]);
  assert.equal(st.skipped.get('n'), 'I64');
  assert.equal(st.metadata.format, 'pt');
});

test('malformed files are reported with the file name and the reason', () => {
  assert.throws(() => parseSafetensors(new Uint8Array(4), 'short.st'), /short\.st: not a valid safetensors file: shorter/);
  const big = Buffer.alloc(16);
  big.writeBigUInt64LE(1000n);
  assert.throws(() => parseSafetensors(big, 'len.st'), /header length 1000 does not fit/);
  assert.throws(() => parseSafetensors(file({ a: { dtype: 'F32', shape: [3], data_offsets: [0, 8] } }, new Uint8Array(8)), 'sz.st'), /'a' F32\[3\] needs 12 bytes, has 8/);
  assert.throws(() => parseSafetensors(file({ a: { dtype: 'F32', shape: [4], data_offsets: [0, 16] } }, new Uint8Array(8)), 'out.st'), /outside the 8 data bytes/);
});
