// Keyboard shortcuts close to OHIF's: one table, used by the key handler and listed in the help overlay.
export type ViewerAction =
  | 'open'
  | 'fit'
  | 'actual-size'
  | 'invert'
  | 'reset'
  | 'rotate-right'
  | 'rotate-left'
  | 'flip-h'
  | 'flip-v'
  | 'preset-1'
  | 'preset-2'
  | 'preset-3'
  | 'preset-4'
  | 'preset-5'
  | 'preset-6'
  | 'preset-7'
  | 'preset-8'
  | 'preset-9'
  | 'toggle-overlay'
  | 'toggle-overlay-planes'
  | 'opacity-down'
  | 'opacity-up'
  | 'zoom-in'
  | 'zoom-out'
  | 'tool-window'
  | 'tool-pan'
  | 'tool-zoom'
  | 'tool-length'
  | 'tool-angle'
  | 'tool-probe'
  | 'delete-measurement'
  | 'toggle-compare'
  | 'toggle-sync'
  | 'toggle-panels'
  | 'cycle-annotations'
  | 'frame-prev'
  | 'frame-next'
  | 'help'
  | 'close-help'
  | 'next-study'
  | 'previous-study'
  | 'window-narrower'
  | 'window-wider'
  | 'level-up'
  | 'level-down'
  | 'pan-left'
  | 'pan-right'
  | 'pan-up'
  | 'pan-down';

export interface Shortcut {
  keys: string[];
  action: ViewerAction;
  label: string;
}

export const SHORTCUTS: Shortcut[] = [
  { keys: ['Ctrl+O'], action: 'open', label: 'Open a study' },
  { keys: ['W'], action: 'tool-window', label: 'Drag adjusts window / level' },
  { keys: ['P'], action: 'tool-pan', label: 'Drag pans' },
  { keys: ['Z'], action: 'tool-zoom', label: 'Drag zooms' },
  { keys: ['M'], action: 'tool-length', label: 'Measure a length (ruler)' },
  { keys: ['A'], action: 'tool-angle', label: 'Measure an angle' },
  { keys: ['X'], action: 'tool-probe', label: 'Pixel probe' },
  { keys: ['Del'], action: 'delete-measurement', label: 'Delete the last measurement' },
  { keys: ['R', 'L'], action: 'rotate-right', label: 'Rotate 90° right / left' },
  { keys: ['H'], action: 'flip-h', label: 'Flip horizontally' },
  { keys: ['V'], action: 'flip-v', label: 'Flip vertically' },
  { keys: ['Space'], action: 'reset', label: 'Reset window, zoom, rotation, flips and polarity (on the image; on a focused button or box, Space presses it)' },
  { keys: ['F'], action: 'fit', label: 'Fit to window' },
  { keys: ['0'], action: 'actual-size', label: 'Actual size (1 image pixel = 1 device pixel)' },
  { keys: ['+', '-'], action: 'zoom-in', label: 'Zoom in / out (= zooms in too)' },
  { keys: ['Shift+←', 'Shift+→'], action: 'window-narrower', label: 'Window narrower / wider (10%)' },
  { keys: ['Shift+↑', 'Shift+↓'], action: 'level-up', label: 'Level up / down (5% of the width)' },
  { keys: ['Alt+arrows'], action: 'pan-left', label: 'Pan the image (a tenth of the view)' },
  { keys: ['I'], action: 'invert', label: 'Invert grey scale' },
  { keys: ['1', '…', '9'], action: 'preset-1', label: "Window presets in toolbar order (the file's own first)" },
  { keys: ['C'], action: 'toggle-compare', label: 'Two viewports side by side' },
  { keys: ['S'], action: 'toggle-sync', label: 'Synchronise zoom and pan of the two viewports' },
  { keys: ['O'], action: 'toggle-overlay', label: 'Show / hide the AI heat map' },
  { keys: ['[', ']'], action: 'opacity-up', label: 'Heat map opacity down / up' },
  { keys: ['G'], action: 'toggle-overlay-planes', label: "Show / hide the file's overlay planes (markers, annotations, shutters the modality stored beside the image; the AI never reads them)" },
  { keys: [',', '.'], action: 'frame-next', label: 'Previous / next frame of a multi-frame file' },
  { keys: ['T'], action: 'cycle-annotations', label: 'Text over the image: all → minimal (window, zoom, orientation; no patient name, ID, age or dates) → off (the measurement list folds, then hides)' },
  { keys: ['B'], action: 'toggle-panels', label: 'Hide / show the side panels (the image alone; read before the AI: its answer is not read out either). Below 960 px: the AI panel over the image' },
  { keys: ['J', 'K'], action: 'next-study', label: 'Next / previous study of the worklist, in its sort and filter (a study opened from it; also PgDn / PgUp)' },
  { keys: ['?'], action: 'help', label: 'This help (on every tab)' },
  {
    keys: ['Esc'],
    action: 'close-help',
    label: 'Close help; in a text box (the path box), leave it so the keys above work; else back to the worklist, on the row of the study on screen',
  },
];

const BY_KEY: Record<string, ViewerAction> = {
  w: 'tool-window',
  p: 'tool-pan',
  z: 'tool-zoom',
  m: 'tool-length',
  a: 'tool-angle',
  x: 'tool-probe',
  delete: 'delete-measurement',
  backspace: 'delete-measurement',
  r: 'rotate-right',
  l: 'rotate-left',
  h: 'flip-h',
  v: 'flip-v',
  ' ': 'reset',
  // = is + without Shift on US and UK keyboards: it zooms in too (F fits).
  '=': 'zoom-in',
  f: 'fit',
  '0': 'actual-size',
  '+': 'zoom-in',
  '-': 'zoom-out',
  i: 'invert',
  '1': 'preset-1',
  '2': 'preset-2',
  '3': 'preset-3',
  '4': 'preset-4',
  '5': 'preset-5',
  '6': 'preset-6',
  '7': 'preset-7',
  '8': 'preset-8',
  '9': 'preset-9',
  c: 'toggle-compare',
  s: 'toggle-sync',
  o: 'toggle-overlay',
  g: 'toggle-overlay-planes',
  b: 'toggle-panels',
  t: 'cycle-annotations',
  ',': 'frame-prev',
  '.': 'frame-next',
  '[': 'opacity-down',
  ']': 'opacity-up',
  '?': 'help',
  escape: 'close-help',
  j: 'next-study',
  k: 'previous-study',
  pagedown: 'next-study',
  pageup: 'previous-study',
};

const SHIFT_ARROWS: Record<string, ViewerAction> = { arrowleft: 'window-narrower', arrowright: 'window-wider', arrowup: 'level-up', arrowdown: 'level-down' };
const ALT_ARROWS: Record<string, ViewerAction> = { arrowleft: 'pan-left', arrowright: 'pan-right', arrowup: 'pan-up', arrowdown: 'pan-down' };

export function shortcutFor(e: KeyboardEvent): ViewerAction | null {
  const key = e.key.toLowerCase();
  if ((e.ctrlKey || e.metaKey) && key === 'o') return 'open';
  // Window/level and pan without a mouse (the plain arrows page through a study set).
  if (!e.ctrlKey && !e.metaKey && e.shiftKey && !e.altKey && SHIFT_ARROWS[key]) return SHIFT_ARROWS[key];
  if (!e.ctrlKey && !e.metaKey && e.altKey && !e.shiftKey && ALT_ARROWS[key]) return ALT_ARROWS[key];
  if (e.ctrlKey || e.metaKey || e.altKey) return null;
  return BY_KEY[key] ?? null;
}

// Widgets whose arrow keys move within them (a radio group, a tab list, a slider, a list, a grid).
const ARROW_OWNER = 'input[type="range"], input[type="radio"], select, [role="radio"], [role="tab"], [role="slider"], [role="listbox"], [role="option"], [role="grid"], [role="row"], [role="menuitem"], [role="spinbutton"]';

/** Typing into a text field: every key is the field's (Esc only leaves it). */
export function isTextField(target: Element | null): target is HTMLElement {
  if (!target) return false;
  const el = target as HTMLElement;
  if (el.isContentEditable || el.tagName === 'TEXTAREA' || el.tagName === 'SELECT') return true;
  return el.tagName === 'INPUT' && !['range', 'checkbox', 'radio', 'button', 'submit', 'reset', 'color', 'file'].includes((el as HTMLInputElement).type);
}

/** Where keys mean the image: the page itself, or a viewport (marked data-viewer-keys), not a control. */
export function isImageOrPage(target: Element | null): boolean {
  return !target || target === document.body || target === document.documentElement || target.hasAttribute('data-viewer-keys');
}

/**
 * The focused element's own use of a key, which a shortcut must leave alone. Space and Enter (press
 * a button, tick a box, choose a radio or tab, scroll a panel) and the paging keys are the image's
 * only on the image or the page itself; arrows, only outside a radio group, tab list, slider or grid.
 * Letter shortcuts still work from a focused button (after a click on the toolbar).
 */
export function targetOwnsKey(target: Element | null, key: string): boolean {
  if (!target || isImageOrPage(target)) return false;
  if ([' ', 'Enter', 'PageUp', 'PageDown', 'Home', 'End'].includes(key)) return true;
  if (key.startsWith('Arrow')) return target.closest(ARROW_OWNER) !== null;
  return false;
}

/** The worklist table's keys once it has focus (WorklistTable.svelte moves with worklistRowFor). */
export const WORKLIST_KEYS: { keys: string[]; label: string }[] = [
  { keys: ['↑', '↓'], label: 'Previous / next row' },
  { keys: ['Home', 'End'], label: 'First / last row' },
  { keys: ['PgUp', 'PgDn'], label: 'A screenful up / down' },
  { keys: ['Enter'], label: 'Open the selected row in the viewer (the image gets the keyboard)' },
  { keys: ['J', 'K'], label: 'In the viewer: next / previous row, in this order (also PgDn / PgUp)' },
  { keys: ['Esc'], label: 'In the viewer: back here, on the row of the study on screen' },
];

/** The row a worklist key moves to (index in display order), or null when the key is not a move. */
export function worklistRowFor(key: string, current: number, count: number, page: number): number | null {
  const last = count - 1;
  const to = (i: number) => Math.min(last, Math.max(0, i));
  switch (key) {
    case 'ArrowDown':
      return to(current + 1);
    case 'ArrowUp':
      return to(current - 1);
    case 'Home':
      return to(0);
    case 'End':
      return to(last);
    case 'PageDown':
      return to(current + page);
    case 'PageUp':
      return to(current - page);
    default:
      return null;
  }
}
