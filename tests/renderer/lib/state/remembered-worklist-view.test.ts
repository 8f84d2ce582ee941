// The remembered worklist view as read back from storage: only known values, never the filter or
// the search, and the default view from damaged or missing storage. localStorage is a plain
// in-memory stand-in here (Node has none); the e2e worklist test covers the real browser.
import assert from 'node:assert/strict';
import { beforeEach, test } from 'node:test';
import { DEFAULT_WORKLIST_VIEW } from '../../../../src-main/api/worklist-view';
import { readRememberedWorklistView, rememberWorklistView } from '../../../../src-renderer/src/lib/state/remembered-worklist-view';

// The node type-check has no DOM library: the stand-in's shape, declared for this program only.
declare global {
  var localStorage: { getItem(key: string): string | null; setItem(key: string, value: string): void };
}

const store = new Map<string, string>();
const storage = {
  getItem: (k: string) => store.get(k) ?? null,
  setItem: (k: string, v: string) => void store.set(k, v),
};
beforeEach(() => {
  store.clear();
  globalThis.localStorage = storage;
});

test('sort and grouping come back; the filter and the search do not', () => {
  rememberWorklistView({ filter: 'normal', search: 'DOE^JANE', sort: 'file', descending: false, groupByStudy: true });
  assert.doesNotMatch([...store.values()].join(), /DOE|normal/, 'no name and no filter in storage');
  assert.deepEqual(readRememberedWorklistView(), { filter: 'all', search: '', sort: 'file', descending: false, groupByStudy: true });
});

test('damaged, foreign or missing storage gives the default view', () => {
  assert.deepEqual(readRememberedWorklistView(), { ...DEFAULT_WORKLIST_VIEW });
  store.set('alveo.worklist.view', '{not json');
  assert.deepEqual(readRememberedWorklistView(), { ...DEFAULT_WORKLIST_VIEW });
  store.set('alveo.worklist.view', JSON.stringify({ sort: 'evil', descending: 'yes', groupByStudy: 1 }));
  assert.deepEqual(readRememberedWorklistView(), { ...DEFAULT_WORKLIST_VIEW, groupByStudy: false });
  globalThis.localStorage = undefined as unknown as typeof localStorage; // no storage at all
  assert.deepEqual(readRememberedWorklistView(), { ...DEFAULT_WORKLIST_VIEW });
});
