// What a viewport draws over the image: the Grad-CAM heat map, or LIME's regions while an
// explanation is set, at the user's opacity; and the heat value under the cursor for the readout.
import cornerstone, { type ImageRenderedDetail } from 'cornerstone-core';
import type { GradCam, LimeExplanation } from '../../../../src-main/api/contract';
import { drawHeat, heatCanvas } from './heat-overlay';
import { limeCanvas, limeLabels, type RegionLabel } from './lime-overlay';

export class ViewportOverlay {
  private cam: GradCam | null = null;
  private heat: HTMLCanvasElement | null = null;
  /** LIME's regions: drawn instead of the heat map while set. */
  private lime: HTMLCanvasElement | null = null;
  private limeRanks: RegionLabel[] = [];
  private visible = false;
  private opacity = 0.45;

  setCam(cam: GradCam | null): void {
    this.cam = cam;
    this.heat = cam ? heatCanvas(cam) : null;
  }

  setLime(expl: LimeExplanation | null): void {
    this.lime = expl ? limeCanvas(expl) : null;
    this.limeRanks = expl ? limeLabels(expl) : [];
  }

  /** Returns whether anything changed (and so wants a redraw). */
  show(visible: boolean, opacity: number): boolean {
    if (visible === this.visible && opacity === this.opacity) return false;
    this.visible = visible;
    this.opacity = opacity;
    return true;
  }

  /** On each cornerstone render, in its image coordinates (follows zoom, pan, rotation). */
  draw(detail: ImageRenderedDetail): void {
    if (this.visible && this.lime) {
      drawHeat(detail, this.lime, this.opacity, false);
      this.drawRanks(detail);
    }
    else if (this.visible && this.heat) drawHeat(detail, this.heat, this.opacity);
  }

  /** The regions' ranks at a fixed screen size (crisp at any zoom), white on a dark outline. */
  private drawRanks(detail: ImageRenderedDetail): void {
    const ctx = detail.canvasContext;
    const dpr = window.devicePixelRatio || 1;
    ctx.save();
    ctx.setTransform(1, 0, 0, 1, 0, 0);
    ctx.font = `bold ${Math.round(15 * dpr)}px sans-serif`;
    ctx.textAlign = 'center';
    ctx.textBaseline = 'middle';
    ctx.lineWidth = 3 * dpr;
    ctx.strokeStyle = 'rgba(0, 0, 0, 0.85)';
    ctx.fillStyle = '#ffffff';
    for (const l of this.limeRanks) {
      const p = cornerstone.pixelToCanvas(detail.element, { x: l.x * detail.image.columns, y: l.y * detail.image.rows });
      ctx.strokeText(String(l.rank), p.x, p.y);
      ctx.fillText(String(l.rank), p.x, p.y);
    }
    ctx.restore();
  }

  /** The heat at an image pixel, only while the Grad-CAM map is what is drawn (LIME's regions replace it). */
  heatAt(x: number, y: number, rows: number, columns: number): number | null {
    const cam = this.visible && !this.lime ? this.cam : null;
    if (!cam) return null;
    return cam.heat[Math.min(cam.rows - 1, Math.floor((y * cam.rows) / rows)) * cam.columns + Math.min(cam.columns - 1, Math.floor((x * cam.columns) / columns))];
  }
}
