// What the viewer shows about itself: per viewport (window, zoom, orientation, readout, presets,
// measurements), the drag tool, the layout (one or two viewports, synchronised or not) and the
// overlay controls.
import type { WindowLevel } from '../../../../src-main/api/contract';
import type { Measurement } from '../viewer/measurement-tools';
import type { DragTool, PixelReadout, ViewportSnapshot } from '../viewer/study-viewport';
import type { ViewerPreset } from '../viewer/window-presets';

export type PaneId = 'main' | 'compare';

export class PaneState {
  window = $state<WindowLevel>({ center: 0, width: 1 });
  scale = $state(1);
  invert = $state(false);
  rotation = $state(0);
  hflip = $state(false);
  vflip = $state(false);
  readout = $state<PixelReadout | null>(null);
  presets = $state.raw<ViewerPreset[]>([]);
  measurements = $state.raw<Measurement[]>([]);

  applySnapshot(s: ViewportSnapshot): void {
    this.window = s.window;
    this.scale = s.scale;
    this.invert = s.invert;
    this.rotation = s.rotation;
    this.hflip = s.hflip;
    this.vflip = s.vflip;
  }
}

const PANELS_KEY = 'alveo.panels';

function readPanels(): { study: boolean; ai: boolean } {
  try {
    const v = JSON.parse(localStorage.getItem(PANELS_KEY) ?? 'null') as { study?: unknown; ai?: unknown } | null;
    return { study: v?.study !== false, ai: v?.ai !== false };
  } catch {
    return { study: true, ai: true };
  }
}

export class ViewerState {
  readonly main = new PaneState();
  readonly compare = new PaneState();
  tool = $state<DragTool>('window');
  // Off until asked for: the radiograph is read first, unprompted by the model.
  overlayVisible = $state(false);
  overlayOpacity = $state(0.45);
  helpOpen = $state(false);
  /** Two viewports side by side (the second shows another image of the open study set). */
  comparing = $state(false);
  /** Zoom and pan in one viewport follow the other. */
  synced = $state(false);
  /** The viewport keys and toolbar act on (the last one clicked). */
  activePane = $state<PaneId>('main');
  /** The study panel (left) and the AI panel (right) beside the image; hidden ones give it their width. */
  panels = $state<{ study: boolean; ai: boolean }>(readPanels());

  setPanel(which: 'study' | 'ai', shown: boolean): void {
    this.panels = { ...this.panels, [which]: shown };
    try {
      localStorage.setItem(PANELS_KEY, JSON.stringify(this.panels));
    } catch {
      // storage unavailable: the layout lasts for this session only
    }
  }

  /** Both hidden when either shows (the image alone), else both back. */
  togglePanels(): void {
    const show = !this.panels.study && !this.panels.ai;
    this.setPanel('study', show);
    this.setPanel('ai', show);
  }

  get active(): PaneState {
    return this.activePane === 'compare' && this.comparing ? this.compare : this.main;
  }

  /** Back-compat for the single viewport: the main pane's values. */
  get window(): WindowLevel {
    return this.main.window;
  }

  get scale(): number {
    return this.main.scale;
  }

  get invert(): boolean {
    return this.main.invert;
  }

  get readout(): PixelReadout | null {
    return this.main.readout;
  }

  setOpacity(v: number): void {
    this.overlayOpacity = Math.min(1, Math.max(0, v));
  }
}
