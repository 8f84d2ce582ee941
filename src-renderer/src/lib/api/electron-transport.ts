// Transport over the Electron preload bridge (structured clone carries typed arrays as they are).
import type { PreloadBridge } from '../../../../src-main/api/transport';

declare global {
  interface Window {
    alveo?: PreloadBridge;
  }
}

export function electronBridge(): PreloadBridge | null {
  return typeof window !== 'undefined' && window.alveo ? window.alveo : null;
}
