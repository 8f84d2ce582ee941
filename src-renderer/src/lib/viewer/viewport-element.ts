// The cornerstone-enabled element a viewport draws in, laid out in its box at the device pixel
// ratio (hidpi.ts) and laid out again when the box is resized or the window moves to a screen of
// another pixel ratio.
import cornerstone from 'cornerstone-core';
import { fitElementToBox } from './hidpi';
import { enableMeasurements, initMeasurementTools } from './measurement-tools';
import { watchPixelRatio } from './pixel-ratio-watch';

export interface ViewportElement {
  element: HTMLDivElement;
  /** Stops watching the box and the pixel ratio, disables the element and removes it. */
  dispose(): void;
}

/** Appends an enabled element (measurement tools on) to `box`; `resized` is called after each new layout. */
export function viewportElement(box: HTMLElement, resized: () => void): ViewportElement {
  const element = document.createElement('div');
  element.className = 'cs-element';
  box.append(element);
  fitElementToBox(element, box);
  initMeasurementTools();
  cornerstone.enable(element);
  enableMeasurements(element);
  const layOut = (): void => {
    fitElementToBox(element, box);
    resized();
  };
  const resizeObserver = new ResizeObserver(layOut);
  resizeObserver.observe(box);
  const stopWatchingPixelRatio = watchPixelRatio(layOut);
  return {
    element,
    dispose() {
      stopWatchingPixelRatio();
      resizeObserver.disconnect();
      cornerstone.disable(element);
      element.remove();
    },
  };
}
