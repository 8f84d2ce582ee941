// Runs toolbar buttons and keyboard shortcuts against the one viewport on screen.
import type { ViewerAction } from '../../components/shortcuts';
import type { AppState } from '../state/app-state.svelte';
import type { StudyViewport } from './study-viewport';
import type { PresetName } from './window-presets';

class ViewerCommands {
  viewport: StudyViewport | null = null;

  run(action: ViewerAction, app: AppState): void {
    const v = this.viewport;
    const viewer = app.viewer;
    if (action.startsWith('preset-')) return v?.applyPreset(action.slice('preset-'.length) as PresetName);
    switch (action) {
      case 'fit':
        return v?.fit();
      case 'actual-size':
        return v?.actualSize();
      case 'invert':
        return v?.toggleInvert();
      case 'reset':
        return v?.reset();
      case 'zoom-in':
        return v?.zoomBy(1.25);
      case 'zoom-out':
        return v?.zoomBy(0.8);
      case 'tool-window':
      case 'tool-pan':
      case 'tool-zoom':
        viewer.tool = action === 'tool-window' ? 'window' : action === 'tool-pan' ? 'pan' : 'zoom';
        if (v) v.tool = viewer.tool;
        return;
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
      case 'open':
        return;
    }
  }
}

export const viewerCommands = new ViewerCommands();
