// Length, angle and pixel probe from cornerstone-tools 6 (the tools layer of cornerstone-core),
// kept per image for the session: an image's measurements are saved under its file when it leaves
// a viewport and restored when it comes back. Text for the list says how a length was calibrated.
import cornerstone from 'cornerstone-core';
import cornerstoneTools, { type ImageIdToolState, type ToolData } from 'cornerstone-tools';
import cornerstoneMath from 'cornerstone-math';
import Hammer from 'hammerjs';
import type { PixelSpacingInfo } from '../../../../src-main/api/study-display';
import { AlveoLengthTool, setLengthsInPixels } from './alveo-length-tool';
import { AlveoProbeTool } from './alveo-probe-tool';
import { pageToPixel } from './hidpi';
import { probeListText } from './probe-text';
import { lengthCaveat, lengthUnit } from '../state/calibration-note';

export type MeasureTool = 'length' | 'angle' | 'probe';

const TOOL_NAMES: Record<MeasureTool, string> = { length: 'Length', angle: 'Angle', probe: 'Probe' };

export interface Measurement {
  id: string;
  kind: MeasureTool;
  /** What the list shows: "123.4 mm", "37.5°", "value 812 at (120, 88)". */
  text: string;
  /** Calibration caveat for lengths; '' otherwise. */
  caveat: string;
}

let initialised = false;

/** Once, before the first cornerstone.enable: cornerstone-tools only wires up elements enabled after it. */
export function initMeasurementTools(): void {
  if (initialised) return;
  initialised = true;
  // cornerstone-tools converts pointer positions with external.cornerstone.pageToPixel; ours knows
  // that the canvas is drawn at the device pixel ratio and shown scaled down.
  cornerstoneTools.external.cornerstone = { ...cornerstone, pageToPixel };
  cornerstoneTools.external.cornerstoneMath = cornerstoneMath;
  cornerstoneTools.external.Hammer = Hammer;
  cornerstoneTools.init({ mouseEnabled: true, touchEnabled: false, globalToolSyncEnabled: false, showSVGCursors: false });
  const dpr = window.devicePixelRatio || 1;
  cornerstoneTools.toolStyle.setToolWidth(2 * dpr);
  cornerstoneTools.textStyle.setFont(`${Math.round(14 * dpr)}px system-ui, sans-serif`);
  cornerstoneTools.toolColors.setToolColor('#ffd34d');
  cornerstoneTools.toolColors.setActiveColor('#7cf29a');
}

/** Sets the three tools up on an enabled element: drawn and editable, none drawing yet. */
export function enableMeasurements(element: HTMLElement): void {
  // One decimal on the image, as in the measurement list (the library's default is two).
  cornerstoneTools.addToolForElement(element, AlveoLengthTool, { configuration: { digits: 1 } });
  cornerstoneTools.addToolForElement(element, cornerstoneTools.AngleTool);
  cornerstoneTools.addToolForElement(element, AlveoProbeTool);
  for (const name of Object.values(TOOL_NAMES)) cornerstoneTools.setToolPassiveForElement(element, name);
}

/** How lengths on the element's next image are calibrated: the label on the image then says pixels where the file gives no mm. */
export function setCalibration(element: HTMLElement, spacing: PixelSpacingInfo | undefined): void {
  setLengthsInPixels(element, lengthUnit(spacing) === 'pixels');
}

/** The tool the left button draws with, or null for none (the viewer's own drag tools). */
export function activateMeasureTool(element: HTMLElement, tool: MeasureTool | null): void {
  for (const [kind, name] of Object.entries(TOOL_NAMES)) {
    if (kind === tool) cornerstoneTools.setToolActiveForElement(element, name, { mouseButtonMask: 1 });
    else cornerstoneTools.setToolPassiveForElement(element, name);
  }
}

export const MEASUREMENT_EVENTS = [
  cornerstoneTools.EVENTS.MEASUREMENT_COMPLETED,
  cornerstoneTools.EVENTS.MEASUREMENT_MODIFIED,
  cornerstoneTools.EVENTS.MEASUREMENT_REMOVED,
];

/** Fired when a measurement is finished: the moment to move its label off the others (separateLabels). */
export const MEASUREMENT_FINISHED = cornerstoneTools.EVENTS.MEASUREMENT_COMPLETED;

interface Box {
  left: number;
  top: number;
  width: number;
  height: number;
}
/** A length's or angle's label: image coordinates, and where cornerstone-tools last drew it (canvas pixels). */
interface TextBoxHandle {
  x: number;
  y: number;
  hasMoved?: boolean;
  boundingBox?: Box;
}

const overlaps = (a: Box, b: Box) => a.left < b.left + b.width && b.left < a.left + a.width && a.top < b.top + b.height && b.top < a.top + a.height;

/**
 * cornerstone-tools puts a length's label at its right-hand end and an angle's at its vertex, so
 * measurements that share a point wrote their labels over each other. Each label that covers an
 * earlier one moves down below it (it stays linked to its measurement by the library's dashed line,
 * and the user can still drag it). Call after the labels have been drawn; redraws when one moved.
 */
export function separateLabels(element: HTMLElement): boolean {
  const placed: Box[] = [];
  let moved = false;
  for (const name of [TOOL_NAMES.length, TOOL_NAMES.angle]) {
    for (const data of cornerstoneTools.getToolState(element, name)?.data ?? []) {
      const label = data.handles.textBox as TextBoxHandle | undefined;
      if (!label?.boundingBox) continue;
      const box = { ...label.boundingBox };
      for (let hit = placed.find((p) => overlaps(p, box)), n = 0; hit && n < 50; hit = placed.find((p) => overlaps(p, box)), n++) {
        const dy = hit.top + hit.height + 4 - box.top;
        // The shift in image coordinates (rotation, flips and zoom included).
        const a = cornerstone.canvasToPixel(element, { x: box.left, y: box.top });
        const b = cornerstone.canvasToPixel(element, { x: box.left, y: box.top + dy });
        label.x += b.x - a.x;
        label.y += b.y - a.y;
        label.hasMoved = true;
        box.top += dy;
        moved = true;
      }
      placed.push(box);
    }
  }
  if (moved) cornerstone.updateImage(element);
  return moved;
}

const saved = new Map<string, ImageIdToolState>();
const ids = new WeakMap<ToolData, string>();
let nextId = 1;

export function restoreMeasurements(file: string, imageId: string): void {
  const state = saved.get(file);
  if (state) cornerstoneTools.globalImageIdSpecificToolStateManager.restoreImageIdToolState(imageId, state);
}

export function saveMeasurements(file: string, imageId: string): void {
  const manager = cornerstoneTools.globalImageIdSpecificToolStateManager;
  const state = manager.saveImageIdToolState(imageId);
  // Only an image with measurements is remembered: a day's reading opens thousands (review 40 F2).
  if (state && Object.values(state).some((tool) => (tool?.data?.length ?? 0) > 0)) saved.set(file, state);
  else saved.delete(file);
  manager.clearImageIdToolState(imageId);
}

function idOf(data: ToolData): string {
  let id = ids.get(data);
  if (!id) ids.set(data, (id = `m${nextId++}`));
  return id;
}

/** A length as cornerstone-tools measured it: mm, or pixels (column widths with a Pixel Aspect Ratio) where the file gives no mm. */
function lengthText(length: number, spacing: PixelSpacingInfo | undefined): Pick<Measurement, 'text' | 'caveat'> {
  return { text: `${length.toFixed(1)} ${lengthUnit(spacing)}`, caveat: lengthCaveat(spacing) };
}

/** All three points placed and apart: the vertex off both ends, the second end off the first. */
function angleComplete(data: ToolData): boolean {
  const { start, middle, end } = data.handles;
  if (!start || !middle || !end) return false;
  const apart = (a: { x: number; y: number }, b: { x: number; y: number }) => Math.hypot(a.x - b.x, a.y - b.y) > 1e-6;
  return apart(start, middle) && apart(middle, end) && apart(start, end);
}

/** The angle at the vertex in degrees, 2 decimals, in physical space like cornerstone-tools (law of cosines, pixel spacing or aspect per axis: the angle as drawn). */
function angleDegrees(data: ToolData, spacing: PixelSpacingInfo | undefined): number {
  const { start, middle, end } = data.handles as Record<'start' | 'middle' | 'end', { x: number; y: number }>;
  const side = (a: { x: number; y: number }, b: { x: number; y: number }) => Math.hypot((a.x - b.x) * (spacing?.column || 1), (a.y - b.y) * (spacing?.row || 1));
  const a = side(middle, start);
  const b = side(end, middle);
  const c = side(end, start);
  const cos = Math.max(-1, Math.min(1, (a * a + b * b - c * c) / (2 * a * b)));
  return Math.round((Math.acos(cos) * 180) / Math.PI * 100) / 100;
}

/** The measurements on the element's image, in drawing order per tool. */
export function listMeasurements(element: HTMLElement, spacing: PixelSpacingInfo | undefined): Measurement[] {
  const out: Measurement[] = [];
  for (const [kind, name] of Object.entries(TOOL_NAMES) as [MeasureTool, string][]) {
    for (const data of cornerstoneTools.getToolState(element, name)?.data ?? []) {
      // Half-drawn tools are not listed: no finite value yet, or an angle whose second end has not
      // been placed (cornerstone-tools keeps it on the first end meanwhile, which reads as 0°).
      // The angle is computed from its handles: cornerstone-tools' cached rAngle lags a just-placed
      // end until the next render (it read 0° for a moment).
      if (kind === 'length' && Number.isFinite(data.length)) out.push({ id: idOf(data), kind, ...lengthText(data.length ?? 0, spacing) });
      else if (kind === 'angle' && angleComplete(data)) out.push({ id: idOf(data), kind, text: `${angleDegrees(data, spacing)}°`, caveat: '' });
      else if (kind === 'probe' && data.cachedStats?.x !== undefined) {
        out.push({ id: idOf(data), kind, text: probeListText(data.cachedStats), caveat: '' });
      }
    }
  }
  return out;
}

export function deleteMeasurement(element: HTMLElement, id: string): boolean {
  for (const name of Object.values(TOOL_NAMES)) {
    const data = cornerstoneTools.getToolState(element, name)?.data.find((d) => ids.get(d) === id);
    if (data) {
      cornerstoneTools.removeToolState(element, name, data);
      cornerstone.updateImage(element);
      return true;
    }
  }
  return false;
}
