// cornerstone-tools' length tool, labelled "pixels" where the image's spacing is only a Pixel
// Aspect Ratio (study-display.ts PixelAspectOnly): cornerstone-core needs that spacing to draw the
// pixels' shape, and cornerstone-tools measures with it (in column widths, as meant), but the
// library would label any length on an image with a spacing "mm". Everything else is the library's.
import cornerstone from 'cornerstone-core';
import cornerstoneTools, { type ToolData } from 'cornerstone-tools';

interface RenderEvent {
  currentTarget: EventTarget | null;
  detail: { image: { rowPixelSpacing?: number; columnPixelSpacing?: number } };
}
interface LengthToolInstance {
  readonly name: string;
  updateCachedStats(image: unknown, element: HTMLElement, data: ToolData): void;
  renderToolData(evt: RenderEvent): void;
}
const LengthTool = cornerstoneTools.LengthTool as unknown as new (props?: object) => LengthToolInstance;

/** Elements whose image's spacing is not in mm. */
const inPixels = new WeakSet<HTMLElement>();

/** Says whether lengths on the element's image are in pixels although the image has a spacing (its aspect only). */
export function setLengthsInPixels(element: HTMLElement, pixels: boolean): void {
  if (pixels) inPixels.add(element);
  else inPixels.delete(element);
}

export class AlveoLengthTool extends LengthTool {
  override updateCachedStats(image: unknown, element: HTMLElement, data: ToolData): void {
    // Measured with the image on the element, also when renderToolData was handed one without spacing.
    super.updateCachedStats(cornerstone.getEnabledElement(element).image ?? image, element, data);
  }

  override renderToolData(evt: RenderEvent): void {
    const element = evt.currentTarget as HTMLElement | null;
    if (!element || !inPixels.has(element)) return super.renderToolData(evt);
    // The library picks its suffix from the image it is handed: one without spacing says "pixels".
    const image = { ...evt.detail.image, rowPixelSpacing: undefined, columnPixelSpacing: undefined };
    super.renderToolData({ currentTarget: evt.currentTarget, detail: { ...evt.detail, image } });
  }
}
