// What the viewer shows about itself (window, zoom, readout) and the overlay controls.
import type { WindowLevel } from '../../../../src-main/api/contract';
import type { DragTool, PixelReadout, ViewportSnapshot } from '../viewer/study-viewport';

export class ViewerState {
  window = $state<WindowLevel>({ center: 0, width: 1 });
  scale = $state(1);
  invert = $state(false);
  readout = $state<PixelReadout | null>(null);
  tool = $state<DragTool>('window');
  // Off until asked for: the radiograph is read first, unprompted by the model.
  overlayVisible = $state(false);
  overlayOpacity = $state(0.45);
  helpOpen = $state(false);

  applySnapshot(s: ViewportSnapshot): void {
    this.window = s.window;
    this.scale = s.scale;
    this.invert = s.invert;
  }

  setOpacity(v: number): void {
    this.overlayOpacity = Math.min(1, Math.max(0, v));
  }
}
