// What a viewer action changed, in a few words for a screen reader ("Ruler tool", "Rotated 90°
// right", "Heat map on"), read from the state after the action ran. null: nothing worth saying
// (zoom, pan and window nudges show in the corner readouts and would be said on every key press).
import type { GradCam } from '../../../src-main/api/contract';
import type { AppState } from '../lib/state/app-state.svelte';
import { limeStateFor } from '../lib/state/lime-state.svelte';
import { heatSummary } from './announcements';
import { overlayPlaneSetting } from '../lib/viewer/overlay-plane-setting.svelte';
import type { ViewerAction } from './shortcuts';

const TOOL_WORDS: Record<string, string> = {
  window: 'Window and level tool',
  pan: 'Pan tool',
  zoom: 'Zoom tool',
  length: 'Ruler tool',
  angle: 'Angle tool',
  probe: 'Pixel probe tool',
};

// One summary per heat map: the grid is the study's full size, worth computing once.
const summaries = new WeakMap<GradCam, string | null>();
export function camSummary(cam: GradCam): string | null {
  if (!summaries.has(cam)) summaries.set(cam, heatSummary(cam));
  return summaries.get(cam) ?? null;
}

/** The words for `action`, just run; `drawer` is the narrow layout's open drawer (null when wide or closed). */
export function actionWords(action: ViewerAction, app: AppState, layout: { narrow: boolean; drawer: string | null }): string | null {
  const viewer = app.viewer;
  const pane = viewer.active;
  const turned = () => (pane.rotation % 360 ? ` (now ${((pane.rotation % 360) + 360) % 360}°)` : ' (upright)');
  if (action.startsWith('tool-')) return TOOL_WORDS[viewer.tool] ?? null;
  if (action.startsWith('preset-')) {
    const p = pane.presets[Number(action.slice('preset-'.length)) - 1];
    return p ? `Window preset ${p.label}` : null;
  }
  switch (action) {
    case 'rotate-right':
      return `Rotated 90° right${turned()}`;
    case 'rotate-left':
      return `Rotated 90° left${turned()}`;
    case 'flip-h':
      return pane.hflip ? 'Flipped horizontally' : 'Horizontal flip undone';
    case 'flip-v':
      return pane.vflip ? 'Flipped vertically' : 'Vertical flip undone';
    case 'invert':
      return pane.invert !== (app.study.info?.invert ?? false) ? 'Grey scale inverted' : 'Grey scale as stored';
    case 'reset':
      return 'View reset';
    case 'fit':
      return 'Fitted to the window';
    case 'actual-size':
      return 'Actual size';
    case 'delete-measurement':
      return 'Last measurement deleted';
    case 'toggle-compare':
      return viewer.comparing ? 'Two images side by side' : 'One image';
    case 'toggle-sync':
      return viewer.synced ? 'Zoom and pan synchronised' : 'Zoom and pan independent';
    case 'toggle-panels':
      if (layout.narrow) return layout.drawer === 'ai' ? 'AI panel open' : 'Panel closed';
      return viewer.panels.study || viewer.panels.ai ? 'Side panels shown' : 'Side panels hidden: the image alone';
    case 'toggle-overlay': {
      const lime = limeStateFor(app).method === 'lime';
      const name = lime ? 'LIME regions' : 'Heat map';
      if (!viewer.overlayVisible) return `${name} off`;
      const cam = app.ai.visibleCam;
      // Read first: the overlay is part of the answer, hidden with it.
      if (app.ai.awaitingReaderRead) return `${name} on (hidden until you record your read)`;
      if (lime) return limeStateFor(app).visible ? `${name} on` : `${name} on (none computed for this image yet)`;
      if (!cam) return `${name} on (none for this image yet)`;
      return `${name} on. ${camSummary(cam) ?? 'The heat map is empty: no region pushed the score towards pneumonia.'}`;
    }
    case 'toggle-overlay-planes': {
      const count = app.study.info?.overlayPlanes ?? 0;
      const none = count === 0 ? ' (this image has none)' : '';
      return `${overlayPlaneSetting.shown ? 'Overlay planes shown' : 'Overlay planes hidden'}${none}`;
    }
    case 'opacity-down':
    case 'opacity-up':
      return `Overlay opacity ${Math.round(viewer.overlayOpacity * 100)}%`;
    default:
      return null;
  }
}
