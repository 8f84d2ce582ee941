// The measurement list a viewport reports. cornerstone-tools computes a probe's value and a length
// while drawing, so after each draw the list is reported again when it changed; a label just
// finished is moved off the labels it covers once it has been drawn.
import cornerstone from 'cornerstone-core';
import { MEASUREMENT_EVENTS, MEASUREMENT_FINISHED, separateLabels, type Measurement } from './measurement-tools';

export interface MeasurementList {
  /** Reports the list now. */
  report(): void;
  /** Call after each draw of the element. */
  drawn(): void;
}

/** Listens to the element's measurement events; `list` gives the measurements shown now. */
export function measurementList(element: HTMLElement, list: () => Measurement[], onMeasurements: (m: Measurement[]) => void): MeasurementList {
  /** The list last reported, to report again only when it changed. */
  let listed = '';
  let separatePending = false;
  const report = (): void => {
    const now = list();
    listed = JSON.stringify(now);
    onMeasurements(now);
  };
  for (const type of MEASUREMENT_EVENTS) element.addEventListener(type, report);
  element.addEventListener(MEASUREMENT_FINISHED, () => {
    separatePending = true;
    cornerstone.updateImage(element);
  });
  return {
    report,
    drawn() {
      if (separatePending) {
        separatePending = false;
        if (separateLabels(element)) return; // it redraws; the list follows then
      }
      const now = list();
      const key = JSON.stringify(now);
      if (key !== listed) {
        listed = key;
        onMeasurements(now);
      }
    },
  };
}
