// One viewport: a cornerstone-enabled element showing one study, with the interactions a
// radiologist expects (drag = window/level, right or middle drag = pan, wheel = zoom at the cursor,
// or a measuring tool), rotation and flips kept per image, drawn at the device pixel ratio.
// UI state lives elsewhere; this reports changes through callbacks.
import cornerstone, { type CsImage, type ImageRenderedDetail, type Viewport } from 'cornerstone-core';
import type { GradCam, LimeExplanation, StudyImage, StudyInfo, WindowLevel } from '../../../../src-main/api/contract';
import { attachGestures, type DragTool } from './viewport-gestures';
import * as measure from './measurement-tools';
import { releaseStudyImage } from './study-image-loader';
import { flipHorizontal, flipVertical, rotate, UPRIGHT, type ViewOrientation } from './view-orientation';
import type { LinkedView } from './linked-view';
import { screenStretch } from './fit-to-window';
import { ViewportOverlay } from './viewport-overlay';
import { viewerPresets, type ViewerPreset } from './window-presets';
import { measureKey, shownStudy, type ShownStudy } from './shown-study';
import { pixelReadout, type PixelReadout } from './pixel-readout';
import { nudgedWindow, windowChange, withPolarityTable } from './viewport-window';
import { viewportSnapshot, type ViewportSnapshot } from './viewport-snapshot';
import { orientationOf, rememberOrientation } from './orientation-memory';
import { fitScaleIn, linkedViewIn, linkedViewShown, pannedByShare, zoomedAt } from './view-geometry';
import { keptView, openingViewport } from './opening-view';
import { measurementList, type MeasurementList } from './measurement-list';
import { viewportElement, type ViewportElement } from './viewport-element';

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
export type { PixelReadout } from './pixel-readout';
export type { ViewportSnapshot } from './viewport-snapshot';

export class StudyViewport {
  private shown: ShownStudy | null = null;
  private presets: ViewerPreset[] = [];
  private readonly overlay = new ViewportOverlay();
  private readonly detachGestures: () => void;
  private readonly enabled: ViewportElement;
  private readonly element: HTMLDivElement;
  private toolNow: DragTool = 'window';
  private readonly measurementList: MeasurementList;
  /** Fitted to the window and not zoomed or panned since: a quarter turn refits. */
  private fitted = true;
  /** The cursor over the image (page coordinates), for the readout after a view change by key. */
  private pointer: { x: number; y: number } | null = null;

  constructor(
    private readonly box: HTMLElement,
    private readonly cb: StudyViewportCallbacks,
  ) {
    this.enabled = viewportElement(box, () => this.onResize());
    this.element = this.enabled.element;
    const el = this.element;
    const currentTool = () => this.toolNow;
    el.addEventListener(cornerstone.EVENTS.IMAGE_RENDERED, this.onRendered);
    this.measurementList = measurementList(el, () => this.measurements(), (m) => this.cb.onMeasurements(m));
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
    const kept = keptView(this.shown?.info, info, this.viewport(), this.fitted);
    this.release();
    const shown = shownStudy(info, image);
    const imageId = shown.imageId;
    this.shown = shown;
    this.presets = viewerPresets(image.values, info, image.paddingMask);
    measure.restoreMeasurements(measureKey(info), imageId);
    const csImage = await cornerstone.loadAndCacheImage(imageId);
    if (this.shown?.imageId !== imageId) return; // replaced while loading
    const { viewport, fitted } = openingViewport(this.element, csImage, shown, kept);
    this.fitted = fitted;
    measure.setCalibration(this.element, info.display?.spacing);
    cornerstone.displayImage(this.element, csImage, viewport);
    // The canvas is only resized while an image is shown (onResize): a window resized with the
    // viewer empty left it at the old size, so the first image was fitted to the wrong box. A frame
    // paged to keeps the zoom and pan it was given.
    this.resizeCanvas();
    this.tool = this.toolNow;
    this.cb.onPresets(this.presets);
    this.report();
    this.measurementList.report();
  }

  /** Drops the current study: pixels, cache entry, heat map; keeps its measurements and orientation. */
  release(): void {
    const s = this.shown;
    if (s) {
      const vp = this.viewport();
      if (vp) rememberOrientation(s.info.file, vp);
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
    const vp = this.viewport();
    if (vp && this.shown) this.update(windowChange(this.shown, w, vp.invert));
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
    if (vp) this.setWindow(nudgedWindow(vp, widthFactor, levelShare));
  }

  /** Pan from the keyboard by a share of the viewport, as a drag of that length would. */
  panByShare(sx: number, sy: number): void {
    const vp = this.viewport();
    const image = this.csImage();
    if (vp && image) this.userChange(pannedByShare(this.element, image, vp, sx, sy));
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
    const image = this.csImage();
    return vp && image ? linkedViewIn(this.element, image, vp) : null;
  }

  applyLinkedView(v: LinkedView): void {
    const vp = this.viewport();
    const image = this.csImage();
    const view = vp && image ? linkedViewShown(this.element, image, vp, v) : null;
    if (!view) return;
    this.fitted = false;
    this.update(view);
  }

  measurements(): measure.Measurement[] {
    return this.shown ? measure.listMeasurements(this.element, this.shown.info.display?.spacing) : [];
  }

  deleteMeasurement(id: string): void {
    if (this.shown && measure.deleteMeasurement(this.element, id)) this.measurementList.report();
  }

  dispose(): void {
    this.release();
    this.detachGestures();
    this.element.removeEventListener(cornerstone.EVENTS.IMAGE_RENDERED, this.onRendered);
    this.enabled.dispose();
  }

  private orient(change: (o: ViewOrientation) => ViewOrientation): void {
    const vp = this.viewport();
    if (!vp) return;
    this.update(change(orientationOf(vp)));
    // A quarter turn swaps width and height: a fitted image stays fitted.
    if (this.fitted) this.fit();
  }

  private fitScale(): number | null {
    const image = this.csImage();
    const vp = this.viewport();
    return image && vp ? fitScaleIn(this.element, image, vp) : null;
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

  private viewport(): Viewport | undefined {
    return this.shown ? cornerstone.getViewport(this.element) : undefined;
  }

  private update(change: Partial<Viewport>): void {
    const vp = this.viewport();
    if (!vp) return;
    // Padded pixels stay black when the polarity turns: their table entry turns with it.
    cornerstone.setViewport(this.element, withPolarityTable(this.shown, vp, { ...vp, ...change }));
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
    this.cb.onViewport(viewportSnapshot(vp));
  }

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
    this.fitted = false;
    this.update(zoomedAt(this.element, image, vp, factor, pageX, pageY));
  }

  private readonly onRendered = (e: Event): void => {
    const detail = (e as CustomEvent<ImageRenderedDetail>).detail;
    // Which file the canvas holds now (a new one is drawn a frame after it is shown): for automation.
    if (this.shown && detail.image?.imageId === this.shown.imageId) this.box.dataset.drawn = this.shown.info.file;
    this.overlay.draw(detail);
    this.measurementList.drawn();
  };

  /** The element was laid out again: the canvas follows it. */
  private readonly onResize = (): void => {
    if (!this.shown) return;
    this.resizeCanvas();
    this.report();
  };

  private readout(pageX: number, pageY: number): void {
    const s = this.shown;
    this.cb.onReadout(s ? pixelReadout(s, this.element, pageX, pageY, (x, y, rows, columns) => this.overlay.heatAt(x, y, rows, columns)) : null);
  }
}
