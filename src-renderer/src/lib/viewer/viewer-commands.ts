// Runs toolbar buttons and keyboard shortcuts against the active viewport (the last one clicked).
import type { ViewerAction } from '../../components/shortcuts';
import type { AppState } from '../state/app-state.svelte';
import type { PaneId } from '../state/viewer-state.svelte';
import type { DragTool, StudyViewport } from './study-viewport';
import { annotationSetting } from './annotation-setting.svelte';
import { overlayPlaneSetting } from './overlay-plane-setting.svelte';
import { stepFrame } from './frame-steps';

const TOOLS: Partial<Record<ViewerAction, DragTool>> = {
  'tool-window': 'window',
  'tool-pan': 'pan',
  'tool-zoom': 'zoom',
  'tool-length': 'length',
  'tool-angle': 'angle',
  'tool-probe': 'probe',
};

class ViewerCommands {
  readonly viewports = new Map<PaneId, StudyViewport>();

  get viewport(): StudyViewport | null {
    return this.viewports.get('main') ?? null;
  }

  run(action: ViewerAction, app: AppState): void {
    const viewer = app.viewer;
    const v = this.viewports.get(viewer.comparing ? viewer.activePane : 'main') ?? null;
    if (action.startsWith('preset-')) return v?.applyPreset(Number(action.slice('preset-'.length)) - 1);
    const tool = TOOLS[action];
    if (tool) {
      viewer.tool = tool;
      for (const each of this.viewports.values()) each.tool = tool;
      return;
    }
    switch (action) {
      case 'fit':
        return v?.fit();
      case 'actual-size':
        return v?.actualSize();
      case 'invert':
        return v?.toggleInvert();
      case 'reset':
        return v?.reset();
      case 'rotate-right':
        return v?.rotate(1);
      case 'rotate-left':
        return v?.rotate(-1);
      case 'flip-h':
        return v?.flip('h');
      case 'flip-v':
        return v?.flip('v');
      case 'window-narrower':
        return v?.nudgeWindow(0.9, 0);
      case 'window-wider':
        return v?.nudgeWindow(1.1, 0);
      case 'level-up':
        return v?.nudgeWindow(1, 0.05);
      case 'level-down':
        return v?.nudgeWindow(1, -0.05);
      case 'pan-left':
        return v?.panByShare(-0.1, 0);
      case 'pan-right':
        return v?.panByShare(0.1, 0);
      case 'pan-up':
        return v?.panByShare(0, -0.1);
      case 'pan-down':
        return v?.panByShare(0, 0.1);
      case 'zoom-in':
        return v?.zoomBy(1.25);
      case 'zoom-out':
        return v?.zoomBy(0.8);
      case 'delete-measurement': {
        const last = v?.measurements().at(-1);
        if (last) v?.deleteMeasurement(last.id);
        return;
      }
      case 'toggle-compare':
        viewer.comparing = !viewer.comparing;
        if (!viewer.comparing) viewer.activePane = 'main';
        return;
      case 'toggle-sync':
        viewer.synced = !viewer.synced;
        return;
      case 'toggle-panels':
        return viewer.togglePanels();
      case 'frame-prev':
        return stepFrame(app, -1);
      case 'frame-next':
        return stepFrame(app, 1);
      case 'cycle-annotations':
        return annotationSetting.cycle();
      case 'toggle-overlay-planes':
        return overlayPlaneSetting.toggle();
      case 'toggle-overlay':
        viewer.overlayVisible = !viewer.overlayVisible;
        return;
      case 'opacity-down':
        return viewer.setOpacity(viewer.overlayOpacity - 0.1);
      case 'opacity-up':
        return viewer.setOpacity(viewer.overlayOpacity + 0.1);
      case 'help':
        viewer.helpOpen = !viewer.helpOpen;
        return;
      case 'close-help':
        viewer.helpOpen = false;
        return;
      default:
        return;
    }
  }
}

export const viewerCommands = new ViewerCommands();
