// Google's Turbo colour map (Mikhailov 2019) through its published polynomial approximation:
// perceptually ordered, no dark band at the top like jet. 256 RGB entries, 8-bit.
const R = [0.13572138, 4.6153926, -42.66032258, 132.13108234, -152.94239396, 59.28637943];
const G = [0.09140261, 2.19418839, 4.84296658, -14.18503333, 4.27729857, 2.82956604];
const B = [0.1066733, 12.64194608, -60.58204836, 110.36276771, -89.90310912, 27.34824973];

function poly(c: number[], x: number): number {
  let y = 0;
  for (let i = c.length - 1; i >= 0; i--) y = y * x + c[i];
  return Math.round(255 * Math.min(1, Math.max(0, y)));
}

/** TURBO[3 * i + k]: channel k of the colour for i / 255. */
export const TURBO: Uint8Array = (() => {
  const lut = new Uint8Array(256 * 3);
  for (let i = 0; i < 256; i++) {
    const x = i / 255;
    lut[3 * i] = poly(R, x);
    lut[3 * i + 1] = poly(G, x);
    lut[3 * i + 2] = poly(B, x);
  }
  return lut;
})();
