// The argument rules for the explanation methods (validate-args.ts), and for score --shard's spec.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { checkArgs } from '../../src-main/hosts/validate-args';

test('startLime: a study id, optional model and 1000..20000 samples; nothing else', () => {
  assert.equal(checkArgs('startLime', [{ studyId: 's1' }]), null);
  assert.equal(checkArgs('startLime', [{ studyId: 's1', modelId: 'default', samples: 2000 }]), null);
  assert.match(checkArgs('startLime', [{ studyId: 's1', samples: 50 }]) ?? '', /samples must be a whole number from 1000 to 20000/);
  assert.match(checkArgs('startLime', [{ studyId: 's1', samples: 1500.5 }]) ?? '', /whole number/);
  assert.match(checkArgs('startLime', [{ studyId: '' }]) ?? '', /studyId must not be empty/);
  assert.match(checkArgs('startLime', [{ studyId: 's1', seed: 3 }]) ?? '', /spec.seed is not a known field/);
  assert.match(checkArgs('startLime', ['s1']) ?? '', /spec must be an object/);
});

test('startScore: a shard is { index, count } of whole numbers', () => {
  assert.equal(checkArgs('startScore', [{ folder: '/x', shard: { index: 3, count: 8 } }]), null);
  assert.match(checkArgs('startScore', [{ folder: '/x', shard: { index: -1, count: 8 } }]) ?? '', /shard.index must be a whole number/);
  assert.match(checkArgs('startScore', [{ folder: '/x', shard: { index: 0, count: 0 } }]) ?? '', /shard.count must be a whole number from 1/);
  assert.match(checkArgs('startScore', [{ folder: '/x', shard: '0/8' }]) ?? '', /shard must be an object/);
});
