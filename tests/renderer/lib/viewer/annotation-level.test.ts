// The text-over-the-image level (review 34 F2): T cycles all → minimal → none → all, and the
// choice comes back from storage (only known values). localStorage is an in-memory stand-in here;
// the e2e corner-text test covers the real browser and a reload.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { memoryLocalStorage } from '../../../support/memory-local-storage';
import { nextAnnotationLevel, readAnnotationLevel, rememberAnnotationLevel } from '../../../../src-renderer/src/lib/viewer/annotation-level';

const store = memoryLocalStorage();

test('the levels cycle all → minimal → none → all', () => {
  assert.equal(nextAnnotationLevel('full'), 'minimal');
  assert.equal(nextAnnotationLevel('minimal'), 'none');
  assert.equal(nextAnnotationLevel('none'), 'full');
});

test('the level chosen comes back; damaged or missing storage gives all the text', () => {
  assert.equal(readAnnotationLevel(), 'full');
  rememberAnnotationLevel('none');
  assert.equal(readAnnotationLevel(), 'none');
  rememberAnnotationLevel('minimal');
  assert.equal(readAnnotationLevel(), 'minimal');
  store.set('alveo.annotations', 'hidden');
  assert.equal(readAnnotationLevel(), 'full');
  globalThis.localStorage = {
    getItem: () => {
      throw new Error('storage disabled');
    },
    setItem: () => {
      throw new Error('storage disabled');
    },
  };
  assert.equal(readAnnotationLevel(), 'full');
  assert.doesNotThrow(() => rememberAnnotationLevel('none'));
});
