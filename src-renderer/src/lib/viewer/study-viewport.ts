// The viewer: one cornerstone-enabled element showing one study, with the interactions a
// radiologist expects (drag = window/level, right or middle drag = pan, wheel = zoom at the cursor).
// UI state lives elsewhere; this reports changes through callbacks.
import cornerstone, { type ImageRenderedDetail, type Viewport } from 'cornerstone-core';
import type { GradCam, StudyImage, StudyInfo, WindowLevel } from '../../../../src-main/api/contract';
import { drawHeat, heatCanvas } from './heat-overlay';
import { provideStudyImage, releaseStudyImage } from './study-image-loader';
import { windowPresets, type PresetName } from './window-presets';

export interface ViewportSnapshot {
  window: WindowLevel;
  scale: number;
  invert: boolean;
}

export interface PixelReadout {
  x: number;
  y: number;
  value: number;
  heat: number | null;
}

export interface StudyViewportCallbacks {
  onViewport(s: ViewportSnapshot): void;
  onReadout(r: PixelReadout | null): void;
}

export type DragTool = 'window' | 'pan' | 'zoom';

export class StudyViewport {
  private imageId: string | null = null;
  private info: StudyInfo | null = null;
  private values: Float32Array | null = null;
  private presets: Record<PresetName, WindowLevel> | null = null;
  private cam: GradCam | null = null;
  private heat: HTMLCanvasElement | null = null;
  private overlayVisible = false;
  private overlayOpacity = 0.45;
  private drag: { tool: DragTool; x: number; y: number; start: Viewport } | null = null;
  private resizeObserver: ResizeObserver;
  tool: DragTool = 'window';

  constructor(
    private readonly element: HTMLElement,
    private readonly cb: StudyViewportCallbacks,
  ) {
    cornerstone.enable(element);
    element.addEventListener(cornerstone.EVENTS.IMAGE_RENDERED, this.onRendered);
    element.addEventListener('pointerdown', this.onPointerDown);
    element.addEventListener('pointermove', this.onPointerMove);
    element.addEventListener('pointerup', this.onPointerUp);
    element.addEventListener('pointercancel', this.onPointerUp);
    element.addEventListener('pointerleave', this.onPointerLeave);
    element.addEventListener('wheel', this.onWheel, { passive: false });
    element.addEventListener('contextmenu', this.preventDefault);
    this.resizeObserver = new ResizeObserver(() => this.onResize());
    this.resizeObserver.observe(element);
  }

  get hasImage(): boolean {
    return this.imageId !== null;
  }

  /** Shows a study, releasing the previous one (cornerstone cache entry and pixel copies). */
  async show(info: StudyInfo, image: StudyImage): Promise<void> {
    this.release();
    this.info = info;
    this.values = image.values;
    this.presets = windowPresets(image.values, info);
    this.imageId = provideStudyImage(info, image);
    const csImage = await cornerstone.loadAndCacheImage(this.imageId);
    const viewport = cornerstone.getDefaultViewportForImage(this.element, csImage);
    viewport.voi = { windowCenter: info.window.center, windowWidth: info.window.width };
    viewport.invert = info.invert;
    viewport.pixelReplication = false;
    cornerstone.displayImage(this.element, csImage, viewport);
    // The canvas is only resized while an image is shown (onResize): a window resized with the
    // viewer empty left it at the old size, so the first image was fitted to the wrong box.
    cornerstone.resize(this.element, true);
    this.report();
  }

  /** Drops the current study: pixels, cache entry, heat map. */
  release(): void {
    if (this.imageId) releaseStudyImage(this.imageId);
    this.imageId = null;
    this.info = null;
    this.values = null;
    this.presets = null;
    this.setCam(null);
  }

  setCam(cam: GradCam | null): void {
    this.cam = cam;
    this.heat = cam ? heatCanvas(cam) : null;
    this.redraw();
  }

  setOverlay(visible: boolean, opacity: number): void {
    if (visible === this.overlayVisible && opacity === this.overlayOpacity) return;
    this.overlayVisible = visible;
    this.overlayOpacity = opacity;
    this.redraw();
  }

  setWindow(w: WindowLevel): void {
    this.update({ voi: { windowCenter: w.center, windowWidth: Math.max(1e-3, w.width) } });
  }

  applyPreset(name: PresetName): void {
    const p = this.presets?.[name];
    if (p) this.setWindow(p);
  }

  toggleInvert(): void {
    const vp = this.viewport();
    if (vp) this.update({ invert: !vp.invert });
  }

  fit(): void {
    if (!this.imageId) return;
    cornerstone.fitToWindow(this.element);
    this.report();
  }

  actualSize(): void {
    this.update({ scale: 1, translation: { x: 0, y: 0 } });
  }

  zoomBy(factor: number): void {
    const r = this.element.getBoundingClientRect();
    this.zoomAt(factor, r.left + r.width / 2 + window.scrollX, r.top + r.height / 2 + window.scrollY);
  }

  reset(): void {
    if (!this.info) return;
    this.update({ invert: this.info.invert });
    this.setWindow(this.info.window);
    this.fit();
  }

  dispose(): void {
    this.release();
    this.resizeObserver.disconnect();
    this.element.removeEventListener(cornerstone.EVENTS.IMAGE_RENDERED, this.onRendered);
    cornerstone.disable(this.element);
  }

  private viewport(): Viewport | undefined {
    return this.imageId ? cornerstone.getViewport(this.element) : undefined;
  }

  private update(change: Partial<Viewport>): void {
    const vp = this.viewport();
    if (!vp) return;
    cornerstone.setViewport(this.element, { ...vp, ...change });
    this.report();
  }

  private redraw(): void {
    if (this.imageId) cornerstone.updateImage(this.element);
  }

  private report(): void {
    const vp = this.viewport();
    if (!vp) return;
    this.cb.onViewport({
      window: { center: vp.voi.windowCenter, width: vp.voi.windowWidth },
      scale: vp.scale,
      invert: vp.invert,
    });
  }

  private zoomAt(factor: number, pageX: number, pageY: number): void {
    const vp = this.viewport();
    const info = this.info;
    if (!vp || !info) return;
    const s = vp.scale;
    const s2 = Math.min(40, Math.max(0.02, s * factor));
    // Keep the image point under the cursor where it is: c = centre + s * (t + p - size/2).
    const p = cornerstone.pageToPixel(this.element, pageX, pageY);
    const k = s / s2;
    const tx = k * (vp.translation.x + p.x - info.columns / 2) - p.x + info.columns / 2;
    const ty = k * (vp.translation.y + p.y - info.rows / 2) - p.y + info.rows / 2;
    this.update({ scale: s2, translation: { x: tx, y: ty } });
  }

  private readonly onRendered = (e: Event): void => {
    const detail = (e as CustomEvent<ImageRenderedDetail>).detail;
    if (this.overlayVisible && this.heat) drawHeat(detail, this.heat, this.overlayOpacity);
  };

  private readonly onResize = (): void => {
    if (!this.imageId) return;
    cornerstone.resize(this.element, false);
    this.report();
  };

  private readonly onPointerDown = (e: PointerEvent): void => {
    const vp = this.viewport();
    if (!vp) return;
    const tool: DragTool =
      e.button === 1 || e.button === 2 || e.shiftKey ? 'pan' : e.ctrlKey || e.metaKey ? 'zoom' : this.tool;
    this.drag = { tool, x: e.clientX, y: e.clientY, start: structuredClone(vp) };
    this.element.setPointerCapture(e.pointerId);
    e.preventDefault();
  };

  private readonly onPointerMove = (e: PointerEvent): void => {
    if (this.drag) this.dragTo(e);
    this.readout(e.pageX, e.pageY);
  };

  private dragTo(e: PointerEvent): void {
    const d = this.drag;
    const info = this.info;
    if (!d || !info) return;
    const dx = e.clientX - d.x;
    const dy = e.clientY - d.y;
    if (d.tool === 'window') {
      // Horizontal = width, vertical = level; a full-element drag sweeps the image's range.
      const k = Math.max(info.maxValue - info.minValue, 1) / Math.max(this.element.clientWidth, 200);
      this.update({
        voi: {
          windowWidth: Math.max(1, d.start.voi.windowWidth + dx * k * 1.5),
          windowCenter: d.start.voi.windowCenter + dy * k,
        },
      });
    } else if (d.tool === 'pan') {
      const s = d.start.scale;
      this.update({ translation: { x: d.start.translation.x + dx / s, y: d.start.translation.y + dy / s } });
    } else {
      this.update({ scale: Math.min(40, Math.max(0.02, d.start.scale * Math.exp(-dy / 200))) });
    }
  }

  private readonly onPointerUp = (e: PointerEvent): void => {
    if (this.drag && this.element.hasPointerCapture(e.pointerId)) this.element.releasePointerCapture(e.pointerId);
    this.drag = null;
  };

  private readonly onPointerLeave = (): void => {
    if (!this.drag) this.cb.onReadout(null);
  };

  private readonly onWheel = (e: WheelEvent): void => {
    if (!this.imageId) return;
    e.preventDefault();
    const factor = Math.exp(-Math.sign(e.deltaY) * Math.min(Math.abs(e.deltaY), 120) / 400);
    this.zoomAt(factor, e.pageX, e.pageY);
  };

  private readonly preventDefault = (e: Event): void => e.preventDefault();

  private readout(pageX: number, pageY: number): void {
    const info = this.info;
    const values = this.values;
    if (!info || !values) return this.cb.onReadout(null);
    const p = cornerstone.pageToPixel(this.element, pageX, pageY);
    const x = Math.floor(p.x);
    const y = Math.floor(p.y);
    if (x < 0 || y < 0 || x >= info.columns || y >= info.rows) return this.cb.onReadout(null);
    const cam = this.cam;
    const heat =
      cam && this.overlayVisible
        ? cam.heat[Math.min(cam.rows - 1, Math.floor((y * cam.rows) / info.rows)) * cam.columns +
            Math.min(cam.columns - 1, Math.floor((x * cam.columns) / info.columns))]
        : null;
    this.cb.onReadout({ x, y, value: values[y * info.columns + x], heat });
  }
}
