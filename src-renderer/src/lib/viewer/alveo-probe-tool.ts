// cornerstone-tools' pixel probe, reading the pixel it is drawn on and the engine's value there
// (probe-reading.ts) and drawing Alveo's label (probe-text.ts) instead of its own "SP: … MO: …".
// Everything else (handles, hit testing, drawing, state) is the library's.
import cornerstone from 'cornerstone-core';
import cornerstoneTools, { type ToolData } from 'cornerstone-tools';
import { probedPixel, probeReading } from './probe-reading';
import { probeLabel } from './probe-text';
import type { StudyCsImage } from './study-image-loader';

type Ctx = CanvasRenderingContext2D;
interface RenderEvent {
  currentTarget: EventTarget | null;
  detail: { canvasContext: { canvas: HTMLCanvasElement }; image: { rows: number; columns: number; color?: boolean }; element: HTMLElement };
}

const getNewContext = cornerstoneTools.importInternal('drawing/getNewContext') as (canvas: HTMLCanvasElement) => Ctx;
const draw = cornerstoneTools.importInternal('drawing/draw') as (ctx: Ctx, fn: (ctx: Ctx) => void) => void;
const drawHandles = cornerstoneTools.importInternal('drawing/drawHandles') as (ctx: Ctx, eventData: RenderEvent['detail'], handles: ToolData['handles'], options: { handleRadius?: number; color: string }) => void;
const drawTextBox = cornerstoneTools.importInternal('drawing/drawTextBox') as (ctx: Ctx, text: string, x: number, y: number, color: string) => void;

export class AlveoProbeTool extends cornerstoneTools.ProbeTool {
  override updateCachedStats(image: unknown, element: HTMLElement, data: ToolData): void {
    const end = data.handles.end;
    const pixels = (image as StudyCsImage | null)?.studyPixels;
    if (end && pixels) {
      data.cachedStats = probeReading(end, pixels);
      data.invalidated = false;
      return;
    }
    if (!end) return super.updateCachedStats(image, element, data);
    // A colour image: the library's R, G, B, read at the pixel under the probe (it rounds the
    // position it is given, so it is given that pixel's corner for the moment).
    const at = { x: end.x, y: end.y };
    Object.assign(end, probedPixel(at));
    try {
      super.updateCachedStats(image, element, data);
    } finally {
      Object.assign(end, at);
    }
  }

  override renderToolData(evt: RenderEvent): void {
    if (evt.detail.image.color) return super.renderToolData(evt); // its R/G/B label is right
    const element = evt.currentTarget as HTMLElement | null;
    const toolData = element ? cornerstoneTools.getToolState(element, this.name) : undefined;
    if (!toolData) return;
    const { image } = evt.detail;
    const context = getNewContext(evt.detail.canvasContext.canvas);
    const fontHeight = cornerstoneTools.textStyle.getFontSize();
    for (const data of toolData.data) {
      if (data.visible === false) continue;
      draw(context, (ctx) => {
        const color = cornerstoneTools.toolColors.getColorIfActive(data);
        if (this.configuration.drawHandles) drawHandles(ctx, evt.detail, data.handles, { handleRadius: this.configuration.handleRadius, color });
        if (data.invalidated === true) this.updateCachedStats(image, evt.detail.element, data);
        const s = data.cachedStats;
        const end = data.handles.end;
        if (!s || !end || image.color || s.x === undefined || s.y === undefined) return;
        if (s.x < 0 || s.y < 0 || s.x >= image.columns || s.y >= image.rows) return;
        const [value, at] = probeLabel(s);
        const p = cornerstone.pixelToCanvas(evt.detail.element, { x: end.x + 3, y: end.y - 3 });
        drawTextBox(ctx, value, p.x, p.y + fontHeight + 5, color);
        drawTextBox(ctx, at, p.x, p.y, color);
      });
    }
  }
}
