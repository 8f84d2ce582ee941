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
  | 'frame-prev'
  | 'frame-next'
  | 'help'
  | 'close-help';

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
  { keys: ['Space'], action: 'reset', label: 'Reset window, zoom, rotation, flips and polarity' },
  { keys: ['=', 'F'], action: 'fit', label: 'Fit to window' },
  { keys: ['0'], action: 'actual-size', label: 'Actual size (1 image pixel = 1 device pixel)' },
  { keys: ['+', '-'], action: 'zoom-in', label: 'Zoom in / out' },
  { keys: ['I'], action: 'invert', label: 'Invert grey scale' },
  { keys: ['1', '…', '9'], action: 'preset-1', label: "Window presets in toolbar order (the file's own first)" },
  { keys: ['C'], action: 'toggle-compare', label: 'Two viewports side by side' },
  { keys: ['S'], action: 'toggle-sync', label: 'Synchronise zoom and pan of the two viewports' },
  { keys: ['O'], action: 'toggle-overlay', label: 'Show / hide the AI heat map' },
  { keys: ['[', ']'], action: 'opacity-up', label: 'Heat map opacity down / up' },
  { keys: [',', '.'], action: 'frame-next', label: 'Previous / next frame of a multi-frame file' },
  { keys: ['B'], action: 'toggle-panels', label: 'Hide / show the side panels (the image alone; read before the AI)' },
  { keys: ['?'], action: 'help', label: 'This help' },
  { keys: ['Esc'], action: 'close-help', label: 'Close help; in a text box (the path box), leave it so the keys above work' },
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
  '=': 'fit',
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
  b: 'toggle-panels',
  ',': 'frame-prev',
  '.': 'frame-next',
  '[': 'opacity-down',
  ']': 'opacity-up',
  '?': 'help',
  escape: 'close-help',
};

export function shortcutFor(e: KeyboardEvent): ViewerAction | null {
  const key = e.key.toLowerCase();
  if ((e.ctrlKey || e.metaKey) && key === 'o') return 'open';
  if (e.ctrlKey || e.metaKey || e.altKey) return null;
  return BY_KEY[key] ?? null;
}

/** The worklist table's keys once it has focus (WorklistTable.svelte moves with worklistRowFor). */
export const WORKLIST_KEYS: { keys: string[]; label: string }[] = [
  { keys: ['↑', '↓'], label: 'Previous / next row' },
  { keys: ['Home', 'End'], label: 'First / last row' },
  { keys: ['PgUp', 'PgDn'], label: 'A screenful up / down' },
  { keys: ['Enter'], label: 'Open the selected row in the viewer' },
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
