// The fit scale for pixels of any shape at any quarter turn. Checked against the drawn size worked
// out from the image's physical size (columns x column spacing by rows x row spacing, drawn at the
// smaller spacing per canvas pixel at scale 1, as cornerstone-core draws it): fitted, the image lies
// inside the box and touches two of its edges, upright or turned.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fitToWindowScale, screenStretch, type ImageShape } from '../../../../src-renderer/src/lib/viewer/fit-to-window';

/** Canvas pixels the image covers across and down at this scale, from its physical size. */
function drawn(image: ImageShape, rotation: number, scale: number): { across: number; down: number } {
  const { rowPixelSpacing: r, columnPixelSpacing: c } = image;
  // Without both spacings the pixels are square; with them, one canvas pixel per smaller spacing at scale 1.
  const [width, height] = r && c ? [(image.columns * c) / Math.min(r, c), (image.rows * r) / Math.min(r, c)] : [image.columns, image.rows];
  const quarter = rotation % 180 !== 0;
  return { across: scale * (quarter ? height : width), down: scale * (quarter ? width : height) };
}

const near = (a: number, b: number) => Math.abs(a - b) < 1e-9 * Math.max(1, Math.abs(b));

test('square pixels: the fit of cornerstone\'s fitToWindow, the sides swapped by a quarter turn', () => {
  const image = { rows: 1000, columns: 400 };
  const box = { width: 800, height: 600 };
  assert.ok(near(fitToWindowScale(image, 0, box), 0.6)); // 600 / 1000 rows
  assert.ok(near(fitToWindowScale(image, 90, box), 0.8)); // rows across: 800 / 1000
  assert.ok(near(fitToWindowScale(image, 180, box), 0.6));
  assert.ok(near(fitToWindowScale(image, 270, box), 0.8));
  assert.ok(near(fitToWindowScale({ ...image, rowPixelSpacing: 0.2, columnPixelSpacing: 0.2 }, 90, box), 0.8), 'a square spacing changes nothing');
});

test('non-square pixels: a quarter turn keeps the image fitted (cornerstone fitted it at half the size)', () => {
  // Pixel Aspect Ratio 2\1 as the viewer gives it: 200 columns by 100 rows twice as far apart, a square picture.
  const aspect = { rows: 100, columns: 200, rowPixelSpacing: 2, columnPixelSpacing: 1 };
  const box = { width: 800, height: 400 };
  for (const rotation of [0, 90, 180, 270]) assert.ok(near(fitToWindowScale(aspect, rotation, box), 2), `rotation ${rotation}: 400 / 200 either way`);
  // cornerstone 2.6's getImageFitScale turned: min(400 / 200 / 2, 800 / 100) = 1, half of it.
});

test('fitted, the drawn image lies in the box and touches two of its edges, for many shapes and every quarter turn', () => {
  const shapes: ImageShape[] = [
    { rows: 512, columns: 512 },
    { rows: 300, columns: 100, rowPixelSpacing: 0.1, columnPixelSpacing: 0.3 },
    { rows: 100, columns: 300, rowPixelSpacing: 0.3, columnPixelSpacing: 0.1 },
    { rows: 2000, columns: 2500, rowPixelSpacing: 0.143, columnPixelSpacing: 0.15 },
    { rows: 480, columns: 640, rowPixelSpacing: 0.75, columnPixelSpacing: 1 },
    { rows: 7, columns: 900, rowPixelSpacing: 5, columnPixelSpacing: 1 },
  ];
  const boxes = [{ width: 1200, height: 700 }, { width: 500, height: 900 }, { width: 640, height: 640 }];
  for (const image of shapes) {
    for (const box of boxes) {
      for (const rotation of [0, 90, 180, 270]) {
        const scale = fitToWindowScale(image, rotation, box);
        const { across, down } = drawn(image, rotation, scale);
        const what = `${image.columns}x${image.rows} @ ${image.columnPixelSpacing}/${image.rowPixelSpacing}, ${rotation}°, box ${box.width}x${box.height}: ${across.toFixed(1)} x ${down.toFixed(1)}`;
        assert.ok(across <= box.width + 1e-6 && down <= box.height + 1e-6, `inside: ${what}`);
        assert.ok(near(across, box.width) || near(down, box.height), `as large as fits: ${what}`);
      }
    }
  }
});

test('screenStretch: the longer-drawn image axis lands on the screen axis it is turned to', () => {
  const tall = { rows: 10, columns: 10, rowPixelSpacing: 2, columnPixelSpacing: 1 };
  assert.deepEqual(screenStretch(tall, 0), { x: 1, y: 2 });
  assert.deepEqual(screenStretch(tall, 90), { x: 2, y: 1 });
  assert.deepEqual(screenStretch(tall, 180), { x: 1, y: 2 });
  assert.deepEqual(screenStretch(tall, 270), { x: 2, y: 1 });
  assert.deepEqual(screenStretch({ rows: 10, columns: 10 }, 90), { x: 1, y: 1 });
  assert.deepEqual(screenStretch({ rows: 10, columns: 10, rowPixelSpacing: 0.1, columnPixelSpacing: 0.4 }, 0), { x: 4, y: 1 });
});
