// Which ONNX Runtime execution provider to try besides the CPU, per platform, and why one is not
// tried. CPU is always there (bundled with onnxruntime-node); the accelerators load only where
// their libraries do: CUDA 12 on Linux x64 (downloaded only when the user opts in, see README),
// DirectML on Windows (bundled DLLs, needs a DirectX 12 GPU), CoreML on macOS.
import { existsSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { hasNvidiaDriver } from './nvidia-driver';

export type OrtProvider = 'cpu' | 'cuda' | 'dml' | 'coreml';

export const CUDA_OPT_IN = 'npm rebuild onnxruntime-node --onnxruntime-node-install=cuda12';

const require = createRequire(import.meta.url);

/** The folder of onnxruntime-node's native binding for this platform, or null if not installed. */
export function ortBinaryDir(platform: string = process.platform, arch: string = process.arch): string | null {
  try {
    const dir = join(dirname(require.resolve('onnxruntime-node/package.json')), 'bin', 'napi-v6', platform, arch);
    return existsSync(dir) ? dir : null;
  } catch {
    return null;
  }
}

/**
 * Why ONNX Runtime cannot load on this platform, said before trying: onnxruntime-node 1.30 has no
 * binary for some (Intel macOS among them, though its README lists it); null when it has one.
 */
export function missingOrtBinary(platform: string = process.platform, arch: string = process.arch): string | null {
  if (ortBinaryDir(platform, arch)) return null;
  let root: string;
  try {
    root = join(dirname(require.resolve('onnxruntime-node/package.json')), 'bin', 'napi-v6');
  } catch {
    return 'onnxruntime-node is not installed';
  }
  const shipped = existsSync(root) ? readdirSync(root).flatMap((p) => (existsSync(join(root, p)) ? readdirSync(join(root, p)).map((a) => `${p}/${a}`) : [])) : [];
  return `onnxruntime-node has no prebuilt binary for ${platform}/${arch} (it has ${shipped.join(', ') || 'none'}): inference runs on tfjs`;
}

export interface ProviderPlan {
  /** Accelerator to try first (CPU is the fallback), or null. */
  accelerator: OrtProvider | null;
  /** Why the platform's accelerator is not tried, when it is not. */
  skipped: string[];
}

/**
 * ALVEO_ORT_PROVIDER=cpu keeps ONNX Runtime on the CPU (e.g. a shared GPU); =cuda|dml|coreml asks for one.
 * `nvidiaDriver` (Linux): asked only when the CUDA libraries are missing, to offer the opt-in only where it can help.
 */
export function providerPlan(env: NodeJS.ProcessEnv = process.env, platform = process.platform, nvidiaDriver: () => boolean = () => hasNvidiaDriver(env)): ProviderPlan {
  const asked = env.ALVEO_ORT_PROVIDER;
  if (asked === 'cpu') return { accelerator: null, skipped: ['GPU provider: ALVEO_ORT_PROVIDER=cpu'] };
  if (platform === 'linux') {
    const dir = ortBinaryDir();
    const hasCuda = dir !== null && readdirSync(dir).some((f) => f.startsWith('libonnxruntime_providers_cuda'));
    if (!hasCuda) {
      const why = nvidiaDriver()
        ? `onnxruntime-node's CUDA 12 libraries are not installed (opt in: ${CUDA_OPT_IN})`
        : 'not available (no NVIDIA driver on this computer)';
      return { accelerator: null, skipped: [`cuda: ${why}`] };
    }
    return { accelerator: 'cuda', skipped: [] };
  }
  if (platform === 'win32') return { accelerator: 'dml', skipped: [] };
  if (platform === 'darwin') return { accelerator: 'coreml', skipped: [] };
  return { accelerator: null, skipped: [`no GPU provider for ${platform}`] };
}
