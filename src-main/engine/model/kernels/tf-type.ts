// The tfjs namespace the kernels are registered into (same module instance as the engine's).
export type { Tf } from '../tfjs';
