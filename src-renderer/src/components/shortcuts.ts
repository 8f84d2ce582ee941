// Keyboard shortcuts: one table, used by the key handler and listed in the help overlay.
export type ViewerAction =
  | 'open'
  | 'fit'
  | 'actual-size'
  | 'invert'
  | 'reset'
  | 'preset-default'
  | 'preset-lung'
  | 'preset-soft-tissue'
  | 'preset-bone'
  | 'preset-full'
  | 'toggle-overlay'
  | 'opacity-down'
  | 'opacity-up'
  | 'zoom-in'
  | 'zoom-out'
  | 'tool-window'
  | 'tool-pan'
  | 'tool-zoom'
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
  { keys: ['F'], action: 'fit', label: 'Fit to window' },
  { keys: ['1'], action: 'actual-size', label: 'Actual size (1 image pixel = 1 screen pixel)' },
  { keys: ['+', '-'], action: 'zoom-in', label: 'Zoom in / out' },
  { keys: ['I'], action: 'invert', label: 'Invert grey scale' },
  { keys: ['R'], action: 'reset', label: 'Reset window, zoom and polarity' },
  { keys: ['D'], action: 'preset-default', label: 'Window preset: default (from the file)' },
  { keys: ['L'], action: 'preset-lung', label: 'Window preset: lung' },
  { keys: ['S'], action: 'preset-soft-tissue', label: 'Window preset: soft tissue' },
  { keys: ['B'], action: 'preset-bone', label: 'Window preset: bone' },
  { keys: ['A'], action: 'preset-full', label: 'Window preset: full range' },
  { keys: ['H'], action: 'toggle-overlay', label: 'Show / hide the AI heat map' },
  { keys: ['[', ']'], action: 'opacity-up', label: 'Heat map opacity down / up' },
  { keys: ['?'], action: 'help', label: 'This help' },
  { keys: ['Esc'], action: 'close-help', label: 'Close help' },
];

const BY_KEY: Record<string, ViewerAction> = {
  w: 'tool-window',
  p: 'tool-pan',
  z: 'tool-zoom',
  f: 'fit',
  '1': 'actual-size',
  '+': 'zoom-in',
  '=': 'zoom-in',
  '-': 'zoom-out',
  i: 'invert',
  r: 'reset',
  d: 'preset-default',
  l: 'preset-lung',
  s: 'preset-soft-tissue',
  b: 'preset-bone',
  a: 'preset-full',
  h: 'toggle-overlay',
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
