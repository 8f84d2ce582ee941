// Colour for Grad-CAM heat: Google's Turbo (polynomial fit), with transparency at low heat so
// the radiograph stays readable where the model did not look.
export function turbo(t: number): [number, number, number] {
  const x = Math.min(1, Math.max(0, t));
  const r = 0.13572138 + x * (4.6153926 + x * (-42.66032258 + x * (132.13108234 + x * (-152.94239396 + x * 59.28637943))));
  const g = 0.09140261 + x * (2.19418839 + x * (4.84296658 + x * (-14.18503333 + x * (4.27729857 + x * 2.82956604))));
  const b = 0.1066733 + x * (12.64194608 + x * (-60.58204836 + x * (110.36276771 + x * (-89.90310912 + x * 27.34824973))));
  const c = (v: number) => Math.round(Math.min(1, Math.max(0, v)) * 255);
  return [c(r), c(g), c(b)];
}

/** Alpha 0..1 for a heat value: nothing below 0.15, full from about 0.5. */
export function heatAlpha(t: number): number {
  const a = (t - 0.15) / 0.35;
  return a <= 0 ? 0 : a >= 1 ? 1 : a;
}

/** CSS gradient for the colour bar, same mapping as the overlay. */
export function turboGradientCss(): string {
  const stops: string[] = [];
  for (let i = 0; i <= 10; i++) {
    const [r, g, b] = turbo(i / 10);
    stops.push(`rgb(${r} ${g} ${b}) ${i * 10}%`);
  }
  return `linear-gradient(to right, ${stops.join(', ')})`;
}
