// Where the viewer's single-key shortcuts (letters, digits, punctuation, Space) act (WCAG 2.1.4):
// a stray letter typed with the keyboard elsewhere (a path typed with focus on the page itself, a
// screen reader's focus mode, speech input) must not rotate, flip or switch the image. The user's
// choice is kept in localStorage; the help overlay (?) offers it.
export type KeyScope = 'viewer' | 'image' | 'off';

export const KEY_SCOPES: [KeyScope, string][] = [
  ['viewer', 'In the viewer: on the image, its toolbar or the panels beside it (not elsewhere on the page)'],
  ['image', 'Only while the image or its toolbar has the keyboard focus'],
  ['off', 'Off: the toolbar, the help button and keys with Ctrl, Alt or Shift+arrows still work'],
];

const KEY = 'alveo.singleKeyShortcuts';

function read(): KeyScope {
  try {
    const v = localStorage.getItem(KEY);
    return v === 'image' || v === 'off' ? v : 'viewer';
  } catch {
    return 'viewer';
  }
}

class KeyScopeSetting {
  value = $state<KeyScope>(read());

  set(to: KeyScope): void {
    this.value = to;
    try {
      localStorage.setItem(KEY, to);
    } catch {
      // storage unavailable: the choice lasts for this session only
    }
  }

  /**
   * Whether a single-character key pressed with focus on `target` is a shortcut. The areas are
   * marked data-viewer-area: "image" (the image, its toolbar and heads) inside "viewer" (the panels
   * beside it, the drawer toggles). ? (the help) works anywhere unless the keys are off.
   */
  allows(target: Element | null, key: string): boolean {
    if (this.value === 'off') return false;
    if (key === '?') return true;
    const area = target?.closest('[data-viewer-area]')?.getAttribute('data-viewer-area');
    if (!area) return false;
    return this.value === 'viewer' || area === 'image';
  }
}

export const keyScope = new KeyScopeSetting();

/** A key that types a character (letters, digits, punctuation, Space) with no Ctrl, Alt or Meta. */
export function isSingleCharacterKey(e: KeyboardEvent): boolean {
  return e.key.length === 1 && !e.ctrlKey && !e.metaKey && !e.altKey;
}
