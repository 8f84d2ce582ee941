// Whether the viewer draws a file's overlay planes (60xx: markers, annotations, shutters): one
// setting for the app, on unless the reader turned it off (G or the toolbar's Overlays button),
// kept in localStorage like the other viewer settings.
const KEY = 'alveo.overlayPlanes';

function read(): boolean {
  try {
    return localStorage.getItem(KEY) !== 'hidden';
  } catch {
    return true;
  }
}

class OverlayPlaneSetting {
  shown = $state<boolean>(read());

  toggle(): void {
    this.shown = !this.shown;
    try {
      localStorage.setItem(KEY, this.shown ? 'shown' : 'hidden');
    } catch {
      // storage unavailable: the choice lasts for this session only
    }
  }
}

export const overlayPlaneSetting = new OverlayPlaneSetting();
