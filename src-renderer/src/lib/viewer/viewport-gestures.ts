// Mouse gestures on a viewport, as radiologists expect them: left drag = the chosen tool (window /
// level, pan or zoom), right or middle drag (or Shift) = pan, Ctrl + drag = zoom, wheel = zoom at
// the cursor. While a measuring tool is chosen the plain left button is left to cornerstone-tools.
import type { Viewport } from 'cornerstone-core';
import type { WindowLevel } from '../../../../src-main/api/contract';
import { canvasScale } from './hidpi';
import type { MeasureTool } from './measurement-tools';

export type DragTool = 'window' | 'pan' | 'zoom' | MeasureTool;

/** What the gestures act on (StudyViewport). */
export interface GestureHost {
  readonly element: HTMLElement;
  readonly tool: DragTool;
  viewport(): Viewport | undefined;
  /** Modality value range of the image shown; null when none is. */
  valueRange(): { min: number; max: number } | null;
  setWindow(w: WindowLevel): void;
  panTo(translation: { x: number; y: number }): void;
  /** Canvas pixels per image pixel along the screen's x and y at scale 1 (non-square pixels are drawn stretched). */
  screenStretch(): { x: number; y: number };
  zoomTo(scale: number): void;
  zoomAt(factor: number, pageX: number, pageY: number): void;
  hover(pageX: number, pageY: number): void;
  leave(): void;
}

const MEASURING = new Set<DragTool>(['length', 'angle', 'probe']);

/** Wires the gestures to the host's element; returns the function that removes them. */
export function attachGestures(host: GestureHost): () => void {
  const el = host.element;
  let drag: { tool: DragTool; x: number; y: number; start: Viewport } | null = null;

  const down = (e: PointerEvent): void => {
    const vp = host.viewport();
    if (!vp) return;
    const modified = e.button === 1 || e.button === 2 || e.shiftKey || e.ctrlKey || e.metaKey;
    // cornerstone-tools listens to the mouse events that a prevented pointerdown would suppress.
    if (MEASURING.has(host.tool) && !modified) return;
    const tool: DragTool = e.button === 1 || e.button === 2 || e.shiftKey ? 'pan' : e.ctrlKey || e.metaKey ? 'zoom' : host.tool;
    drag = { tool, x: e.clientX, y: e.clientY, start: structuredClone(vp) };
    el.setPointerCapture(e.pointerId);
    e.preventDefault();
  };

  const dragTo = (e: PointerEvent): void => {
    const range = host.valueRange();
    if (!drag || !range) return;
    const k = canvasScale(el);
    const dx = (e.clientX - drag.x) * k;
    const dy = (e.clientY - drag.y) * k;
    const start = drag.start;
    if (drag.tool === 'window') {
      // Horizontal = width, vertical = level; a full-element drag sweeps the image's range.
      const r = Math.max(range.max - range.min, 1) / Math.max(el.clientWidth, 200 * k);
      host.setWindow({ width: Math.max(1, start.voi.windowWidth + dx * r * 1.5), center: start.voi.windowCenter + dy * r });
    } else if (drag.tool === 'pan') {
      // The image follows the pointer along both axes, also where its pixels are drawn stretched.
      const k = host.screenStretch();
      host.panTo({ x: start.translation.x + dx / (start.scale * k.x), y: start.translation.y + dy / (start.scale * k.y) });
    } else if (drag.tool === 'zoom') {
      host.zoomTo(Math.min(40, Math.max(0.02, start.scale * Math.exp(-dy / (200 * k)))));
    }
  };

  const move = (e: PointerEvent): void => {
    if (drag) dragTo(e);
    host.hover(e.pageX, e.pageY);
  };

  const up = (e: PointerEvent): void => {
    if (drag && el.hasPointerCapture(e.pointerId)) el.releasePointerCapture(e.pointerId);
    drag = null;
  };

  const leave = (): void => {
    if (!drag) host.leave();
  };

  const wheel = (e: WheelEvent): void => {
    if (!host.viewport()) return;
    e.preventDefault();
    host.zoomAt(Math.exp(-Math.sign(e.deltaY) * Math.min(Math.abs(e.deltaY), 120) / 400), e.pageX, e.pageY);
  };

  const noMenu = (e: Event): void => e.preventDefault();

  const listeners: [string, EventListener, AddEventListenerOptions?][] = [
    ['pointerdown', down as EventListener],
    ['pointermove', move as EventListener],
    ['pointerup', up as EventListener],
    ['pointercancel', up as EventListener],
    ['pointerleave', leave],
    ['wheel', wheel as EventListener, { passive: false }],
    ['contextmenu', noMenu],
  ];
  for (const [type, fn, opts] of listeners) el.addEventListener(type, fn, opts);
  return () => {
    for (const [type, fn] of listeners) el.removeEventListener(type, fn);
  };
}
