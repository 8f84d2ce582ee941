// Draws a study's overlay planes (60xx) over the image on every cornerstone render, in the image's
// pixel coordinates (so they follow zoom, pan, rotation and flips), one image pixel per overlay bit
// and without smoothing. A layer apart from the viewport's own drawing: it listens on the box that
// holds the cornerstone element, in the capture phase, so it draws before the heat map and the
// measurements (which stay on top). The planes are never part of the pixels the AI reads.
import cornerstone, { type ImageRenderedDetail } from 'cornerstone-core';
import type { OverlayPlane } from '../../../../src-main/api/overlay-plane';
import { overlayPlanePixels } from './overlay-plane-pixels';
import { SCHEME } from './study-image-loader';

interface DrawnPlane {
  canvas: HTMLCanvasElement;
  x: number;
  y: number;
}

export class OverlayPlanesLayer {
  private imageId: string | null = null;
  private planes: readonly OverlayPlane[] = [];
  private visible = true;
  /** The planes as canvases, made on the first render of their image (its size is known then). */
  private drawn: DrawnPlane[] | null = null;
  /** The cornerstone element last rendered, to redraw it when the planes or their visibility change. */
  private element: HTMLElement | null = null;

  constructor(private readonly box: HTMLElement) {
    box.addEventListener(cornerstone.EVENTS.IMAGE_RENDERED, this.onRendered, true);
  }

  /** The planes of the study shown (its studyId: they are drawn only over its image), and whether to draw them. */
  set(studyId: string | null, planes: readonly OverlayPlane[] | undefined, visible: boolean): void {
    const imageId = studyId ? `${SCHEME}:${studyId}` : null;
    const list = planes ?? [];
    if (imageId === this.imageId && list === this.planes && visible === this.visible) return;
    const had = this.visible && this.planes.length > 0;
    if (imageId !== this.imageId || list !== this.planes) this.drawn = null;
    this.imageId = imageId;
    this.planes = list;
    this.visible = visible;
    if (had || (visible && list.length > 0)) this.redraw();
  }

  dispose(): void {
    this.box.removeEventListener(cornerstone.EVENTS.IMAGE_RENDERED, this.onRendered, true);
    this.drawn = null;
    this.element = null;
  }

  private redraw(): void {
    const el = this.element;
    if (!el?.isConnected) return;
    try {
      if (cornerstone.getEnabledElement(el).image) cornerstone.updateImage(el);
    } catch {
      // Disabled meanwhile (the pane closed): nothing to redraw.
    }
  }

  private readonly onRendered = (e: Event): void => {
    const detail = (e as CustomEvent<ImageRenderedDetail>).detail;
    this.element = detail.element;
    if (!this.visible || this.planes.length === 0 || detail.image?.imageId !== this.imageId) return;
    this.drawn ??= this.planes.flatMap((p) => {
      const px = overlayPlanePixels(p, detail.image.rows, detail.image.columns);
      if (!px) return [];
      const canvas = document.createElement('canvas');
      canvas.width = px.width;
      canvas.height = px.height;
      canvas.getContext('2d')?.putImageData(new ImageData(px.rgba, px.width, px.height), 0, 0);
      return [{ canvas, x: px.x, y: px.y }];
    });
    const ctx = detail.canvasContext;
    ctx.save();
    cornerstone.setToPixelCoordinateSystem(detail.enabledElement, ctx);
    ctx.imageSmoothingEnabled = false;
    for (const d of this.drawn) ctx.drawImage(d.canvas, d.x, d.y, d.canvas.width, d.canvas.height);
    ctx.restore();
  };
}
