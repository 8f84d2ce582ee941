// ALVEO_ORT_THREADS: a whole number of at least 1 is used; anything else falls back to a thread per
// logical core and says so (a typo such as 'abc', 0 or -2 must not pass unseen).
import assert from 'node:assert/strict';
import os from 'node:os';
import { test } from 'node:test';
import { ortThreadCount, ortThreadSetting } from '../../../src-main/engine/runtime/onnx-runtime';

const cores = Math.max(1, os.availableParallelism());

test('a good value is used, with nothing to say; unset or empty is the default, silently', () => {
  assert.deepEqual(ortThreadSetting({ ALVEO_ORT_THREADS: '3' }), { threads: 3, problem: null });
  assert.deepEqual(ortThreadSetting({}), { threads: cores, problem: null });
  assert.deepEqual(ortThreadSetting({ ALVEO_ORT_THREADS: '' }), { threads: cores, problem: null });
  assert.equal(ortThreadCount({ ALVEO_ORT_THREADS: '2' }), 2);
});

test('abc, 0, -2, 2.5: the default, and a note naming the value and the threads used', () => {
  for (const bad of ['abc', '0', '-2', '2.5']) {
    const s = ortThreadSetting({ ALVEO_ORT_THREADS: bad });
    assert.equal(s.threads, cores, bad);
    assert.ok(s.problem, bad);
    assert.ok(s.problem.includes(`ALVEO_ORT_THREADS="${bad}" not understood`), s.problem);
    assert.match(s.problem, new RegExp(`using ${cores} threads?`));
    assert.equal(ortThreadCount({ ALVEO_ORT_THREADS: bad }), cores);
  }
});
