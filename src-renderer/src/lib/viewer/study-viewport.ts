// One viewport: a cornerstone-enabled element showing one study, with the interactions a
// radiologist expects (drag = window/level, right or middle drag = pan, wheel = zoom at the cursor,
// or a measuring tool), rotation and flips kept per image, drawn at the device pixel ratio.
// UI state lives elsewhere; this reports changes through callbacks.
import cornerstone, { type CsImage, type ImageRenderedDetail, type Viewport } from 'cornerstone-core';
import type { GradCam, LimeExplanation, StudyImage, StudyInfo, WindowLevel } from '../../../../src-main/api/contract';
import type { StudyDisplay } from '../../../../src-main/api/study-display';
import { fitElementToBox, pageToCanvas, pageToPixel } from './hidpi';
import { attachGestures, type DragTool } from './viewport-gestures';
import * as measure from './measurement-tools';
import { displayLut } from './display-lut';
import { canvasScale } from './hidpi';
import { storedScale, type StoredScale } from './stored-pixels';
import { provideStudyImage, releaseStudyImage } from './study-image-loader';
import { flipHorizontal, flipVertical, rotate, UPRIGHT, type ViewOrientation } from './view-orientation';
import { linkedViewOf, viewportFor, type LinkedView } from './linked-view';
import { fitToWindowScale, screenStretch } from './fit-to-window';
import { ViewportOverlay } from './viewport-overlay';
import { imageValueRange, viewerPresets, type ViewerPreset } from './window-presets';

export interface ViewportSnapshot extends ViewOrientation {
  window: WindowLevel;
  scale: number;
  invert: boolean;
}

export interface PixelReadout {
  x: number;
  y: number;
  value: number;
  /** Colour images: the R, G, B shown at that pixel (value is then its luminance). */
  rgb?: [number, number, number];
  /** The pixel is padding (Pixel Padding Value): outside the image, drawn black; `value` is no measurement. */
  padding?: true;
  /** Its stored value, when a Modality LUT made the values (a rescale's is worked out from the value). */
  stored?: number;
  heat: number | null;
}

export interface StudyViewportCallbacks {
  onViewport(s: ViewportSnapshot): void;
  onReadout(r: PixelReadout | null): void;
  onPresets(p: ViewerPreset[]): void;
  onMeasurements(m: measure.Measurement[]): void;
  /** The user zoomed or panned (not a programmatic change): for synchronised viewports. */
  onUserView?(v: LinkedView): void;
}

export type { DragTool } from './viewport-gestures';
export type { LinkedView } from './linked-view';

type Shown = { info: StudyInfo & { display?: StudyDisplay }; values: Float32Array; rgba?: Uint8Array; paddingMask?: Uint8Array; storedValues?: Int32Array; imageId: string; stored: StoredScale; range: { min: number; max: number } };

/** Rotation/flip per file for the session (measurements are kept by measurement-tools). */
const orientations = new Map<string, ViewOrientation>();

export class StudyViewport {
  private shown: Shown | null = null;
  private presets: ViewerPreset[] = [];
  private readonly overlay = new ViewportOverlay();
  private readonly detachGestures: () => void;
  private resizeObserver: ResizeObserver;
  private readonly element: HTMLDivElement;
  private toolNow: DragTool = 'window';
  /** The measurement list last reported, to report again only when it changed. */
  private listed = '';
  /** Fitted to the window and not zoomed or panned since: a quarter turn refits. */
  private fitted = true;
  /** The cursor over the image (page coordinates), for the readout after a view change by key. */
  private pointer: { x: number; y: number } | null = null;
  private disposed = false;
  private separatePending = false;

  constructor(
    private readonly box: HTMLElement,
    private readonly cb: StudyViewportCallbacks,
  ) {
    this.element = document.createElement('div');
    this.element.className = 'cs-element';
    box.append(this.element);
    fitElementToBox(this.element, box);
    measure.initMeasurementTools();
    cornerstone.enable(this.element);
    measure.enableMeasurements(this.element);
    const el = this.element;
    const currentTool = () => this.toolNow;
    el.addEventListener(cornerstone.EVENTS.IMAGE_RENDERED, this.onRendered);
    for (const type of measure.MEASUREMENT_EVENTS) el.addEventListener(type, this.reportMeasurements);
    el.addEventListener(measure.MEASUREMENT_FINISHED, this.onFinished);
    this.detachGestures = attachGestures({
      element: el,
      get tool() {
        return currentTool();
      },
      viewport: () => this.viewport(),
      valueRange: () => (this.shown ? { ...this.shown.range } : null),
      setWindow: (w) => this.setWindow(w),
      panTo: (translation) => this.userChange({ translation }),
      screenStretch: () => this.stretch(),
      zoomTo: (scale) => this.userChange({ scale }),
      zoomAt: (factor, x, y) => {
        this.zoomAt(factor, x, y);
        this.userView();
      },
      hover: (x, y) => {
        this.pointer = { x, y };
        this.readout(x, y);
      },
      leave: () => {
        this.pointer = null;
        this.cb.onReadout(null);
      },
    });
    this.resizeObserver = new ResizeObserver(() => this.onResize());
    this.resizeObserver.observe(box);
    this.watchPixelRatio();
  }

  /**
   * A window dragged to a screen of another pixel ratio gets a canvas at that ratio. The query's
   * listener is removed on dispose: a MediaQueryList keeps its listeners, and through them a closed
   * viewport and its whole pane (review 40 F1: +474 nodes per Viewer-Worklist round trip).
   */
  private pixelRatioQuery: MediaQueryList | null = null;
  private readonly onPixelRatio = (): void => {
    this.onResize();
    this.watchPixelRatio();
  };
  private watchPixelRatio(): void {
    this.pixelRatioQuery?.removeEventListener('change', this.onPixelRatio);
    this.pixelRatioQuery = null;
    if (this.disposed) return;
    this.pixelRatioQuery = window.matchMedia(`(resolution: ${window.devicePixelRatio || 1}dppx)`);
    this.pixelRatioQuery.addEventListener('change', this.onPixelRatio, { once: true });
  }

  get hasImage(): boolean {
    return this.shown !== null;
  }

  get tool(): DragTool {
    return this.toolNow;
  }

  set tool(t: DragTool) {
    this.toolNow = t;
    if (this.shown) measure.activateMeasureTool(this.element, t === 'window' || t === 'pan' || t === 'zoom' ? null : t);
  }

  /** Shows a study, releasing the previous one (cornerstone cache entry and pixel copies). */
  async show(info: StudyInfo, image: StudyImage): Promise<void> {
    // Another frame of the same file keeps the window, zoom and pan (paging a cine loop or series).
    const before = this.shown?.info;
    const vp = before?.file === info.file ? this.viewport() : undefined;
    // The reader's invert is kept relative to each frame's own polarity (a frame whose pixels
    // overrule the header opens the other way round): never the previous frame's absolute one.
    const userInverted = vp !== undefined && before !== undefined && vp.invert !== before.invert;
    const kept = vp && { voi: { ...vp.voi }, invert: info.invert !== userInverted, scale: vp.scale, translation: { ...vp.translation }, fitted: this.fitted };
    this.release();
    const stored = storedScale(image.values, image.paddingMask);
    const imageId = provideStudyImage(info, image, stored);
    const range = imageValueRange(image.values, info, image.paddingMask);
    this.shown = { info, values: image.values, ...(image.rgba ? { rgba: image.rgba } : {}), ...(image.paddingMask ? { paddingMask: image.paddingMask } : {}), ...(image.storedValues ? { storedValues: image.storedValues } : {}), imageId, stored, range };
    this.presets = viewerPresets(image.values, info, image.paddingMask);
    measure.restoreMeasurements(measureKey(info), imageId);
    const csImage = await cornerstone.loadAndCacheImage(imageId);
    if (this.shown?.imageId !== imageId) return; // replaced while loading
    const viewport = cornerstone.getDefaultViewportForImage(this.element, csImage);
    viewport.voi = { windowCenter: info.window.center, windowWidth: info.window.width };
    viewport.invert = info.invert;
    viewport.pixelReplication = false;
    Object.assign(viewport, orientations.get(info.file) ?? UPRIGHT);
    this.fitted = true;
    if (kept) {
      const { fitted, ...view } = kept;
      Object.assign(viewport, view);
      this.fitted = fitted;
    }
    // This frame's own table (its stored values map to other modality values than the last one's).
    viewport.voiLUT = this.lutFor({ center: viewport.voi.windowCenter, width: viewport.voi.windowWidth }, viewport.invert);
    measure.setCalibration(this.element, info.display?.spacing);
    cornerstone.displayImage(this.element, csImage, viewport);
    // The canvas is only resized while an image is shown (onResize): a window resized with the
    // viewer empty left it at the old size, so the first image was fitted to the wrong box. A frame
    // paged to keeps the zoom and pan it was given.
    this.resizeCanvas();
    this.tool = this.toolNow;
    this.cb.onPresets(this.presets);
    this.report();
    this.reportMeasurements();
  }

  /** Drops the current study: pixels, cache entry, heat map; keeps its measurements and orientation. */
  release(): void {
    const s = this.shown;
    if (s) {
      const vp = this.viewport();
      // Only a turned or flipped image is remembered: a day's reading opens thousands (review 40 F2).
      const turned = vp && (vp.rotation !== UPRIGHT.rotation || vp.hflip !== UPRIGHT.hflip || vp.vflip !== UPRIGHT.vflip);
      if (vp && turned) orientations.set(s.info.file, { rotation: vp.rotation, hflip: vp.hflip, vflip: vp.vflip });
      else if (vp) orientations.delete(s.info.file);
      measure.saveMeasurements(measureKey(s.info), s.imageId);
      releaseStudyImage(s.imageId);
    }
    this.shown = null;
    delete this.box.dataset.drawn;
    this.presets = [];
    this.setCam(null);
    this.setLime(null);
  }

  setCam(cam: GradCam | null): void {
    this.overlay.setCam(cam);
    this.redraw();
  }

  setLime(expl: LimeExplanation | null): void {
    this.overlay.setLime(expl);
    this.redraw();
  }

  setOverlay(visible: boolean, opacity: number): void {
    if (this.overlay.show(visible, opacity)) this.redraw();
  }

  setWindow(w: WindowLevel): void {
    const voi = { windowCenter: w.center, windowWidth: Math.max(1e-3, w.width) };
    this.update({ voi, voiLUT: this.lutFor({ center: voi.windowCenter, width: voi.windowWidth }) });
  }

  applyPreset(index: number): void {
    const p = this.presets[index];
    if (p) this.setWindow(p.window);
  }

  toggleInvert(): void {
    const vp = this.viewport();
    if (vp) this.update({ invert: !vp.invert });
  }

  rotate(direction: 1 | -1): void {
    this.orient((o) => rotate(o, direction));
  }

  flip(axis: 'h' | 'v'): void {
    this.orient((o) => (axis === 'h' ? flipHorizontal(o) : flipVertical(o)));
  }

  /** Whole image in the window, centred, at any rotation and pixel shape (not cornerstone's fitToWindow: see fit-to-window.ts). */
  fit(): void {
    const scale = this.fitScale();
    if (scale === null) return;
    this.fitted = true;
    this.update({ scale, translation: { x: 0, y: 0 } });
  }

  actualSize(): void {
    this.fitted = false;
    this.update({ scale: 1, translation: { x: 0, y: 0 } });
  }

  /** Keyboard zoom (+ and -) about the centre: a user's change, so a synchronised viewport follows as with the wheel. */
  zoomBy(factor: number): void {
    const r = this.element.getBoundingClientRect();
    this.zoomAt(factor, r.left + r.width / 2 + window.scrollX, r.top + r.height / 2 + window.scrollY);
    this.userView();
  }

  /** Window/level from the keyboard: the width by a factor, the level by a share of the width. */
  nudgeWindow(widthFactor: number, levelShare: number): void {
    const vp = this.viewport();
    if (!vp) return;
    const w = vp.voi.windowWidth;
    this.setWindow({ width: Math.max(1, w * widthFactor), center: vp.voi.windowCenter + levelShare * w });
  }

  /** Pan from the keyboard by a share of the viewport, as a drag of that length would. */
  panByShare(sx: number, sy: number): void {
    const vp = this.viewport();
    const image = this.csImage();
    if (!vp || !image) return;
    const k = canvasScale(this.element);
    const dx = sx * this.element.clientWidth * k;
    const dy = sy * this.element.clientHeight * k;
    // Translation is in image pixels along the screen's axes, drawn stretched for non-square pixels.
    const stretch = screenStretch(image, vp.rotation);
    this.userChange({ translation: { x: vp.translation.x + dx / (vp.scale * stretch.x), y: vp.translation.y + dy / (vp.scale * stretch.y) } });
  }

  /** Back to how the image opened: window, polarity, rotation, flips, fitted. Measurements stay. */
  reset(): void {
    const info = this.shown?.info;
    if (!info) return;
    this.update({ invert: info.invert, ...UPRIGHT });
    this.setWindow(info.window);
    this.fit();
  }

  linkedView(): LinkedView | null {
    const vp = this.viewport();
    const fit = this.fitScale();
    return vp && fit ? linkedViewOf(vp.scale, vp.translation, fit, this.canvasBox(), this.stretch()) : null;
  }

  applyLinkedView(v: LinkedView): void {
    const fit = this.fitScale();
    if (!fit) return;
    this.fitted = false;
    this.update(viewportFor(v, fit, this.canvasBox(), this.stretch()));
  }

  measurements(): measure.Measurement[] {
    return this.shown ? measure.listMeasurements(this.element, this.shown.info.display?.spacing) : [];
  }

  deleteMeasurement(id: string): void {
    if (this.shown && measure.deleteMeasurement(this.element, id)) this.reportMeasurements();
  }

  dispose(): void {
    this.disposed = true;
    this.watchPixelRatio(); // disposed: only removes the listener
    this.release();
    this.resizeObserver.disconnect();
    this.detachGestures();
    this.element.removeEventListener(cornerstone.EVENTS.IMAGE_RENDERED, this.onRendered);
    cornerstone.disable(this.element);
    this.element.remove();
  }

  private orient(change: (o: ViewOrientation) => ViewOrientation): void {
    const vp = this.viewport();
    if (!vp) return;
    this.update(change({ rotation: vp.rotation, hflip: vp.hflip, vflip: vp.vflip }));
    // A quarter turn swaps width and height: a fitted image stays fitted.
    if (this.fitted) this.fit();
  }

  /** The scale that fits the image to the canvas at the current rotation, its pixels drawn in their shape. */
  private fitScale(): number | null {
    const image = this.csImage();
    const vp = this.viewport();
    return image && vp ? fitToWindowScale(image, vp.rotation, this.canvasBox()) : null;
  }

  /** Canvas pixels per image pixel along the screen's axes at scale 1: 1 and 1 for square pixels. */
  private stretch(): { x: number; y: number } {
    const image = this.csImage();
    const vp = this.viewport();
    return image && vp ? screenStretch(image, vp.rotation) : { x: 1, y: 1 };
  }

  /** The image cornerstone draws (its spacing gives the pixels' drawn shape). */
  private csImage(): CsImage | undefined {
    return this.shown ? cornerstone.getEnabledElement(this.element).image : undefined;
  }

  /** Canvas to the element's size; a fitted image is fitted again, a zoomed one keeps its share of it. */
  private resizeCanvas(): void {
    cornerstone.resize(this.element, false);
    if (this.fitted) this.fit();
  }

  private canvasBox(): { width: number; height: number } {
    return { width: this.element.clientWidth, height: this.element.clientHeight };
  }

  /** `invert`: the polarity the table is drawn at (padded pixels' entry depends on it); the viewport's by default. */
  private lutFor(w: WindowLevel, invert = this.viewport()?.invert ?? false): Viewport['voiLUT'] {
    return this.shown ? displayLut(this.shown.info, this.shown.stored, w, invert) : undefined;
  }

  private viewport(): Viewport | undefined {
    return this.shown ? cornerstone.getViewport(this.element) : undefined;
  }

  private update(change: Partial<Viewport>): void {
    const vp = this.viewport();
    if (!vp) return;
    const next = { ...vp, ...change };
    // Padded pixels stay black when the polarity turns: their table entry turns with it (voi-table.ts).
    if (next.invert !== vp.invert && this.shown?.stored.padding !== undefined) next.voiLUT = this.lutFor({ center: next.voi.windowCenter, width: next.voi.windowWidth }, next.invert);
    cornerstone.setViewport(this.element, next);
    this.report();
    // A view changed by key or button moves the image under a still cursor: read it again.
    if (this.pointer) this.readout(this.pointer.x, this.pointer.y);
  }

  private redraw(): void {
    if (this.shown) cornerstone.updateImage(this.element);
  }

  private report(): void {
    const vp = this.viewport();
    if (!vp) return;
    this.cb.onViewport({
      window: { center: vp.voi.windowCenter, width: vp.voi.windowWidth },
      scale: vp.scale,
      invert: vp.invert,
      rotation: vp.rotation,
      hflip: vp.hflip,
      vflip: vp.vflip,
    });
  }

  private readonly reportMeasurements = (): void => {
    const list = this.measurements();
    this.listed = JSON.stringify(list);
    this.cb.onMeasurements(list);
  };

  /** A zoom or pan by the user: the image is no longer fitted, and a synchronised viewport follows. */
  private userChange(change: Partial<Viewport>): void {
    this.fitted = false;
    this.update(change);
    this.userView();
  }

  private userView(): void {
    const v = this.linkedView();
    if (v) this.cb.onUserView?.(v);
  }

  private zoomAt(factor: number, pageX: number, pageY: number): void {
    const vp = this.viewport();
    const image = this.csImage();
    if (!vp || !image) return;
    const s = vp.scale;
    const s2 = Math.min(40, Math.max(0.02, s * factor));
    // canvas = centre + s * k * (t + q) per screen axis (k: the pixels' drawn stretch there), with q
    // fixed for the image point under the cursor whatever the rotation or flips: so
    // t2 = d / (s2 k) - d / (s k) + t, d = cursor - canvas centre.
    const k = screenStretch(image, vp.rotation);
    const c = pageToCanvas(this.element, pageX, pageY);
    const dx = c.x - this.element.clientWidth / 2;
    const dy = c.y - this.element.clientHeight / 2;
    const t = vp.translation;
    this.fitted = false;
    this.update({ scale: s2, translation: { x: dx / (s2 * k.x) - dx / (s * k.x) + t.x, y: dy / (s2 * k.y) - dy / (s * k.y) + t.y } });
  }

  /** A measurement was finished: once its label is drawn, move it off the labels it covers. */
  private readonly onFinished = (): void => {
    this.separatePending = true;
    cornerstone.updateImage(this.element);
  };

  private readonly onRendered = (e: Event): void => {
    const detail = (e as CustomEvent<ImageRenderedDetail>).detail;
    // Which file the canvas holds now (a new one is drawn a frame after it is shown): for automation.
    if (this.shown && detail.image?.imageId === this.shown.imageId) this.box.dataset.drawn = this.shown.info.file;
    this.overlay.draw(detail);
    if (this.separatePending) {
      this.separatePending = false;
      if (measure.separateLabels(this.element)) return; // it redraws; the list follows then
    }
    // cornerstone-tools computes a probe's value and a length while drawing: list them once drawn.
    const list = this.measurements();
    const key = JSON.stringify(list);
    if (key !== this.listed) {
      this.listed = key;
      this.cb.onMeasurements(list);
    }
  };

  private readonly onResize = (): void => {
    fitElementToBox(this.element, this.box);
    if (!this.shown) return;
    this.resizeCanvas();
    this.report();
  };

  private readout(pageX: number, pageY: number): void {
    const s = this.shown;
    if (!s) return this.cb.onReadout(null);
    const { info, values, rgba, paddingMask, storedValues } = s;
    const p = pageToPixel(this.element, pageX, pageY);
    const x = Math.floor(p.x);
    const y = Math.floor(p.y);
    if (x < 0 || y < 0 || x >= info.columns || y >= info.rows) return this.cb.onReadout(null);
    const i = y * info.columns + x;
    const rgb: [number, number, number] | undefined = rgba ? [rgba[4 * i], rgba[4 * i + 1], rgba[4 * i + 2]] : undefined;
    this.cb.onReadout({ x, y, value: values[i], ...(rgb ? { rgb } : {}), ...(paddingMask?.[i] ? { padding: true as const } : {}), ...(storedValues ? { stored: storedValues[i] } : {}), heat: this.overlay.heatAt(x, y, info.rows, info.columns) });
  }
}

/** Measurements belong to one frame of a multi-frame file (its other frames show other anatomy or times). */
function measureKey(info: StudyInfo): string {
  return info.frames > 1 ? `${info.file}#frame${info.frame ?? 0}` : info.file;
}
