// A window dragged to a screen of another pixel ratio needs a canvas at that ratio. The media
// query is re-armed at the new ratio after each change, and its listener removed on stop: a
// MediaQueryList keeps its listeners, and through them a closed viewport and its whole pane
// (review 40 F1: +474 nodes per Viewer-Worklist round trip).

/** Calls `onChange` whenever the device pixel ratio changes; returns the function that stops it. */
export function watchPixelRatio(onChange: () => void): () => void {
  let query: MediaQueryList | null = null;
  let stopped = false;
  const changed = (): void => {
    onChange();
    arm();
  };
  const arm = (): void => {
    query?.removeEventListener('change', changed);
    query = null;
    if (stopped) return;
    query = window.matchMedia(`(resolution: ${window.devicePixelRatio || 1}dppx)`);
    query.addEventListener('change', changed, { once: true });
  };
  arm();
  return () => {
    stopped = true;
    arm();
  };
}
