// The last folder a panel worked on, kept across restarts in localStorage under the panel's own key.

export function readRememberedFolder(key: string): string {
  try {
    return localStorage.getItem(key) ?? '';
  } catch {
    return '';
  }
}

export function rememberFolder(key: string, folder: string): void {
  try {
    localStorage.setItem(key, folder);
  } catch {
    // storage unavailable: the folder is remembered for this session only
  }
}
