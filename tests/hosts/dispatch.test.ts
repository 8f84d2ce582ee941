// dispatch() is the one gate both doors use. These tests drive it with a recording engine so
// they can prove refused calls never reach the engine; the real engine is exercised through the
// web host in web-server.test.ts and tests/e2e.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { API_METHODS, type EngineApi } from '../../src-main/api/contract';
import { AlveoError } from '../../src-main/api/errors';
import { writeFileAtomic } from '../../src-main/engine/files/atomic-files';
import { dispatch } from '../../src-main/hosts/dispatch';
import { ARG_RULES } from '../../src-main/hosts/validate-args';
import { mountSmallTmpfs } from '../support/small-tmpfs';

function recordingEngine(): { engine: EngineApi; calls: [string, unknown[]][] } {
  const calls: [string, unknown[]][] = [];
  const engine = new Proxy({} as EngineApi, {
    get: (_t, method: string) => async (...args: unknown[]) => {
      calls.push([method, args]);
      if (method === 'openStudy' && args[0] === '/broken.dcm') throw new AlveoError('CORRUPT', 'pixel data truncated', '/broken.dcm');
      if (method === 'getStudyImage') return { studyId: args[0], rows: 1, columns: 2, values: new Float32Array([1, 2]) };
      return undefined;
    },
  });
  return { engine, calls };
}

test('every contract method has an argument rule (and no rule exists for a non-method)', () => {
  assert.deepEqual(Object.keys(ARG_RULES).sort(), Object.keys(API_METHODS).sort());
});

test('valid calls reach the engine and answer in an envelope', async () => {
  const { engine, calls } = recordingEngine();
  assert.deepEqual(await dispatch(engine, 'getInfo', []), { ok: true, value: null });
  const img = await dispatch(engine, 'getStudyImage', ['s1']);
  assert.ok(img.ok && (img.value as { values: Float32Array }).values instanceof Float32Array);
  assert.equal((await dispatch(engine, 'predict', ['s1'])).ok, true);
  assert.equal((await dispatch(engine, 'predict', ['s1', 'default'])).ok, true);
  assert.equal((await dispatch(engine, 'startScore', [{ folder: '/x', recursive: true }])).ok, true);
  assert.deepEqual(
    calls.map(([m]) => m),
    ['getInfo', 'getStudyImage', 'predict', 'predict', 'startScore'],
  );
});

test('unknown methods and bad arguments are refused with BAD_ARGUMENT before the engine', async () => {
  const { engine, calls } = recordingEngine();
  const refused: [unknown, unknown][] = [
    ['constructor', []],
    ['__proto__', []],
    ['toString', []],
    ['subscribe', []],
    ['dispose', []],
    [42, []],
    ['openStudy', []],
    ['openStudy', [123]],
    ['openStudy', ['']],
    ['openStudy', ['/a\u0000b.dcm']],
    ['openStudy', ['x'.repeat(5000)]],
    ['openStudy', ['/a.dcm', 'extra']],
    ['openStudy', 'not-a-list'],
    ['predict', [{ studyId: 's1' }]],
    ['predict', ['s1', 7]],
    ['renameModel', ['m1']],
    ['startScore', [{ folder: '/x', recursive: 'yes' }]],
    ['startScore', [{ folder: '/x', evil: true }]],
    // Names every object inherits are no fields either (review 44 F4: `in` let them through unchecked).
    ['startScore', [{ folder: '/x', toString: 'spoofed' }]],
    ['startScore', [{ folder: '/x', constructor: 'C'.repeat(5000) }]],
    ['startScore', [{ folder: '/x', valueOf: 'line1\nline2' }]],
    ['startScore', [JSON.parse('{"folder": "/x", "__proto__": {"recursive": "yes"}}')]],
    ['openStudy', ['/a.dcm', { hasOwnProperty: 'x' }]],
    ['startScore', [null]],
    ['startScore', [['/x']]],
  ];
  for (const [method, args] of refused) {
    const r = await dispatch(engine, method, args);
    assert.equal(r.ok, false, `${String(method)} ${JSON.stringify(args)} should be refused`);
    if (!r.ok) assert.equal(r.error.code, 'BAD_ARGUMENT');
  }
  assert.equal(calls.length, 0);
});

test("an optional argument left out arrives as null over JSON and reaches the engine as undefined (review 44 F5)", async () => {
  const { engine, calls } = recordingEngine();
  assert.equal((await dispatch(engine, 'predict', ['s1', null])).ok, true);
  assert.equal((await dispatch(engine, 'defaultTrainingOptions', [null])).ok, true);
  assert.deepEqual(calls, [['predict', ['s1', undefined]], ['defaultTrainingOptions', [undefined]]]);
});

test('engine errors keep their code, message and file across the envelope', async () => {
  const { engine } = recordingEngine();
  const r = await dispatch(engine, 'openStudy', ['/broken.dcm']);
  assert.deepEqual(r, {
    ok: false,
    error: { code: 'CORRUPT', message: '/broken.dcm: pixel data truncated', file: '/broken.dcm' },
  });
});

// Review 37 F2: a bug's error (not an AlveoError) answered INTERNAL with its message only, and no
// host logged its stack: nobody could find the line afterwards.
test("a bug's error answers as before, and its stack (never the call's arguments) goes to stderr once", async (t) => {
  const logged = t.mock.method(console, 'error', () => undefined);
  function readParityFormula(parity: { formula: string } | null): string {
    return (parity as { formula: string }).formula;
  }
  const engine = new Proxy({} as EngineApi, {
    get: (_t, method: string) => async () => {
      if (method === 'openStudy') throw new AlveoError('CORRUPT', 'pixel data truncated', '/broken.dcm');
      return readParityFormula(null);
    },
  });
  const r = await dispatch(engine, 'predict', ['s1', '/patients/Doe^John/model']);
  assert.equal(r.ok, false);
  if (!r.ok) assert.deepEqual(r.error, { code: 'INTERNAL', message: "Cannot read properties of null (reading 'formula')" });
  assert.equal(logged.mock.callCount(), 1);
  const [prefix, stack] = logged.mock.calls[0].arguments as [string, string];
  assert.equal(prefix, 'alveo: unexpected error in predict:');
  assert.match(stack, /^TypeError: Cannot read properties of null \(reading 'formula'\)\n\s+at readParityFormula /);
  assert.doesNotMatch(JSON.stringify(logged.mock.calls[0].arguments), /Doe\^John|s1/);

  // An AlveoError is an answer, not a bug: nothing on stderr.
  await dispatch(engine, 'openStudy', ['/broken.dcm']);
  assert.equal(logged.mock.callCount(), 1);
});

// Review 35 F6: a full disk answered INTERNAL ("Something went wrong inside Alveo") with a bare ENOSPC.
test('a real full-disk write answers STORAGE naming the file, and is no bug on stderr', async (t) => {
  const disk = await mountSmallTmpfs(64 * 1024);
  if (typeof disk === 'string') return t.skip(disk);
  t.after(() => disk.unmount());
  await disk.fill(0);
  const logged = t.mock.method(console, 'error', () => undefined);
  const target = join(disk.dir, 'settings.json');
  const engine = new Proxy({} as EngineApi, { get: () => async () => writeFileAtomic(target, 'x'.repeat(8192)) });
  const r = await dispatch(engine, 'setSitePolicy', [{ ageUnknown: 'hold-back' }]);
  assert.deepEqual(r, { ok: false, error: { code: 'STORAGE', message: `cannot write ${target}: the disk is full` } });
  assert.equal(logged.mock.callCount(), 0);
});
