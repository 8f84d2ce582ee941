// Plain-text lines for training progress and durations (the CLI prints them; logs may too).
import type { EpochRecord } from '../../api/training';

export function formatClock(ms: number): string {
  const s = Math.round(ms / 1000);
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const ss = String(s % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${ss}` : `${m}:${ss}`;
}

export function formatEpoch(e: EpochRecord, epochs: number): string {
  return (
    `epoch ${e.epoch}/${epochs} (${e.phase === 'head' ? 'head only' : 'all layers'}): train loss ${e.trainLoss.toFixed(4)}, ` +
    `val loss ${e.valLoss.toFixed(4)}, val AUC ${e.valAuc.toFixed(3)}, acc ${e.valAccuracy.toFixed(3)}, ` +
    `sens ${e.valSensitivity.toFixed(3)}, spec ${e.valSpecificity.toFixed(3)} @0.5, lr ${e.learningRate.toExponential(1)}, ` +
    `${e.imagesPerSecond.toFixed(1)} img/s, ${formatClock(e.ms)}${e.best ? '  [best]' : ''}`
  );
}
