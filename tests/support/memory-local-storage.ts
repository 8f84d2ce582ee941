// An in-memory localStorage for renderer modules tested in Node (no browser): emptied before each
// test; the returned map is what the page would have stored, for tests to read or plant values.
import { beforeEach } from 'node:test';

declare global {
  var localStorage: { getItem(key: string): string | null; setItem(key: string, value: string): void };
}

export function memoryLocalStorage(): Map<string, string> {
  const store = new Map<string, string>();
  beforeEach(() => {
    store.clear();
    globalThis.localStorage = { getItem: (k) => store.get(k) ?? null, setItem: (k, v) => void store.set(k, v) };
  });
  return store;
}
