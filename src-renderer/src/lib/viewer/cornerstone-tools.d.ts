// The part of cornerstone-tools 6, cornerstone-math and hammerjs that Alveo uses (no types shipped).
declare module 'cornerstone-tools' {
  export interface ToolData {
    visible?: boolean;
    active?: boolean;
    invalidated?: boolean;
    handles: Record<string, { x: number; y: number } | undefined>;
    /** Length tool: mm when the image has spacing, else pixels. */
    length?: number;
    /** Angle tool, degrees. */
    rAngle?: number;
    /** Probe tool (Alveo's AlveoProbeTool adds the stored value, unit and decimals of pixel-value.ts). */
    cachedStats?: { x?: number; y?: number; sp?: number; mo?: number; stored?: number; unit?: string; decimals?: number };
  }
  export type ImageIdToolState = Record<string, { data: ToolData[] }>;
  export type ToolClass = abstract new (...args: never[]) => object;
  /** The pixel probe's instance side that a subclass uses. */
  export class ProbeToolBase {
    constructor(props?: object);
    readonly name: string;
    configuration: { drawHandles?: boolean; handleRadius?: number };
    updateCachedStats(image: unknown, element: HTMLElement, data: ToolData): void;
    renderToolData(evt: unknown): void;
  }
  const cornerstoneTools: {
    external: { cornerstone: unknown; cornerstoneMath: unknown; Hammer: unknown };
    init(config?: { mouseEnabled?: boolean; touchEnabled?: boolean; globalToolSyncEnabled?: boolean; showSVGCursors?: boolean }): void;
    addToolForElement(element: HTMLElement, tool: ToolClass, props?: object): void;
    setToolActiveForElement(element: HTMLElement, toolName: string, options: { mouseButtonMask: number }): void;
    setToolPassiveForElement(element: HTMLElement, toolName: string): void;
    getToolState(element: HTMLElement, toolName: string): { data: ToolData[] } | undefined;
    removeToolState(element: HTMLElement, toolName: string, data: ToolData): void;
    globalImageIdSpecificToolStateManager: {
      saveImageIdToolState(imageId: string): ImageIdToolState | undefined;
      restoreImageIdToolState(imageId: string, state: ImageIdToolState): void;
      clearImageIdToolState(imageId: string): void;
    };
    toolStyle: { setToolWidth(width: number): void };
    textStyle: { setFont(font: string): void; getFontSize(): number };
    toolColors: { setToolColor(color: string): void; setActiveColor(color: string): void; getColorIfActive(data: ToolData): string };
    /** Library internals by path, e.g. 'drawing/drawTextBox'. */
    importInternal(uri: string): unknown;
    EVENTS: { MEASUREMENT_COMPLETED: string; MEASUREMENT_MODIFIED: string; MEASUREMENT_REMOVED: string };
    LengthTool: ToolClass;
    AngleTool: ToolClass;
    ProbeTool: typeof ProbeToolBase;
  };
  export default cornerstoneTools;
}
declare module 'cornerstone-math' {
  const cornerstoneMath: object;
  export default cornerstoneMath;
}
declare module 'hammerjs' {
  const Hammer: object;
  export default Hammer;
}
