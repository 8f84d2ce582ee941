// The part of cornerstone-core 2.6 that Alveo uses (the package ships no types).
declare module 'cornerstone-core' {
  export interface CsImage {
    imageId: string;
    minPixelValue: number;
    maxPixelValue: number;
    slope: number;
    intercept: number;
    windowCenter: number;
    windowWidth: number;
    getPixelData(): ArrayLike<number>;
    rows: number;
    columns: number;
    height: number;
    width: number;
    color: boolean;
    columnPixelSpacing: number | undefined;
    rowPixelSpacing: number | undefined;
    invert: boolean;
    sizeInBytes: number;
  }
  export interface Viewport {
    scale: number;
    translation: { x: number; y: number };
    voi: { windowWidth: number; windowCenter: number };
    invert: boolean;
    pixelReplication: boolean;
    rotation: number;
    hflip: boolean;
    vflip: boolean;
    /**
     * A VOI LUT table, indexed by modality value (Alveo gives one for every grayscale window:
     * voi-table.ts); undefined: cornerstone's own linear window. The cached lookup is rebuilt when
     * the window or the table's id changes (two tables without an id count as the same).
     */
    voiLUT?: { id?: string; firstValueMapped: number; numBitsPerEntry: number; lut: number[] };
  }
  export interface EnabledElement {
    element: HTMLElement;
    canvas: HTMLCanvasElement;
    image?: CsImage;
    viewport: Viewport;
  }
  export interface ImageRenderedDetail {
    element: HTMLElement;
    image: CsImage;
    viewport: Viewport;
    enabledElement: EnabledElement;
    canvasContext: CanvasRenderingContext2D;
    renderTimeInMs: number;
  }
  export interface ImageLoadObject {
    promise: Promise<CsImage>;
    cancelFn?: () => void;
  }
  export const EVENTS: { IMAGE_RENDERED: string; NEW_IMAGE: string };
  export function enable(element: HTMLElement, options?: object): void;
  export function disable(element: HTMLElement): void;
  export function registerImageLoader(scheme: string, loader: (imageId: string) => ImageLoadObject): void;
  export function loadAndCacheImage(imageId: string): Promise<CsImage>;
  export function displayImage(element: HTMLElement, image: CsImage, viewport?: Partial<Viewport>): void;
  export function getDefaultViewportForImage(element: HTMLElement, image: CsImage): Viewport;
  export function getViewport(element: HTMLElement): Viewport | undefined;
  export function setViewport(element: HTMLElement, viewport: Partial<Viewport>): void;
  export function getEnabledElement(element: HTMLElement): EnabledElement;
  export function resize(element: HTMLElement, forceFitToWindow?: boolean): void;
  export function fitToWindow(element: HTMLElement): void;
  export function reset(element: HTMLElement): void;
  export function updateImage(element: HTMLElement, invalidated?: boolean): void;
  export function pageToPixel(element: HTMLElement, pageX: number, pageY: number): { x: number; y: number };
  export function canvasToPixel(element: HTMLElement, pt: { x: number; y: number }): { x: number; y: number };
  export function pixelToCanvas(element: HTMLElement, pt: { x: number; y: number }): { x: number; y: number };
  export function setToPixelCoordinateSystem(enabledElement: EnabledElement, context: CanvasRenderingContext2D, scale?: number): void;
  export const imageCache: {
    purgeCache(): void;
    removeImageLoadObject(imageId: string): void;
    getCacheInfo(): { maximumSizeInBytes: number; cacheSizeInBytes: number; numberOfImagesCached: number };
  };
  const cornerstone: {
    EVENTS: typeof EVENTS;
    enable: typeof enable;
    disable: typeof disable;
    registerImageLoader: typeof registerImageLoader;
    loadAndCacheImage: typeof loadAndCacheImage;
    displayImage: typeof displayImage;
    getDefaultViewportForImage: typeof getDefaultViewportForImage;
    getViewport: typeof getViewport;
    setViewport: typeof setViewport;
    getEnabledElement: typeof getEnabledElement;
    resize: typeof resize;
    fitToWindow: typeof fitToWindow;
    reset: typeof reset;
    updateImage: typeof updateImage;
    pageToPixel: typeof pageToPixel;
    canvasToPixel: typeof canvasToPixel;
    pixelToCanvas: typeof pixelToCanvas;
    setToPixelCoordinateSystem: typeof setToPixelCoordinateSystem;
    imageCache: typeof imageCache;
  };
  export default cornerstone;
}
