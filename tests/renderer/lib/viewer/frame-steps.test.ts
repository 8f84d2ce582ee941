// Frame steps taken while a frame loads are kept (review 34 F8): a fake app whose opens finish when
// the test says, so "pressed while loading" is exact rather than a race against a real decode.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { stepFrame, type FrameHost } from '../../../../src-renderer/src/lib/viewer/frame-steps';

class FakeApp implements FrameHost {
  study: FrameHost['study'];
  /** Every open asked for, in order: [file, frame]. */
  readonly opened: [string, number][] = [];
  private pending: (() => void)[] = [];

  constructor(file: string, frames: number) {
    this.study = { info: { file, frame: 0, frames }, opening: null };
  }

  private seq = 0;

  /** As StudyState.open: an open overtaken by a later one ends without changing what is shown. */
  open(file: string, frame: number): Promise<void> {
    const seq = ++this.seq;
    this.opened.push([file, frame]);
    this.study.opening = file;
    return new Promise((resolve) => {
      this.pending.push(() => {
        if (seq === this.seq) {
          this.study.opening = null;
          this.study.info = { file, frame, frames: file === '/b.dcm' ? 1 : (this.study.info?.frames ?? 1) };
        }
        resolve();
      });
    });
  }

  /** Lets the oldest open finish, then the loop behind it take its next step. */
  async finishOne(): Promise<void> {
    this.pending.shift()?.();
    for (let i = 0; i < 5; i++) await Promise.resolve();
  }
}

test('two quick steps reach the frame two on: the second is kept while the first loads', async () => {
  const app = new FakeApp('/a.dcm', 3);
  stepFrame(app, 1);
  stepFrame(app, 1); // pressed while frame 2 loads
  assert.deepEqual(app.opened, [['/a.dcm', 1]]);
  await app.finishOne();
  assert.deepEqual(app.opened, [['/a.dcm', 1], ['/a.dcm', 2]], 'the latest target is loaded next');
  await app.finishOne();
  assert.equal(app.study.info?.frame, 2);
  assert.equal(app.opened.length, 2);
});

test('steps coalesce to the latest target, stop at either end, and go back the other way', async () => {
  const app = new FakeApp('/a.dcm', 4);
  stepFrame(app, 1);
  for (let i = 0; i < 5; i++) stepFrame(app, 1); // past the end: held at the last frame
  await app.finishOne();
  assert.deepEqual(app.opened.at(-1), ['/a.dcm', 3], 'frames passed over are skipped, not queued');
  stepFrame(app, -1); // while frame 4 loads: back to 3
  await app.finishOne();
  await app.finishOne();
  assert.deepEqual(app.opened, [['/a.dcm', 1], ['/a.dcm', 3], ['/a.dcm', 2]]);
  assert.equal(app.study.info?.frame, 2);
  stepFrame(app, -1);
  stepFrame(app, -1);
  stepFrame(app, -1); // before the first: held there
  await app.finishOne();
  await app.finishOne();
  assert.equal(app.study.info?.frame, 0);
  assert.equal(app.opened.length, 5);
});

test('another file opening takes over: no frame of the old one is asked for, before or after', async () => {
  const app = new FakeApp('/a.dcm', 3);
  app.study.opening = '/b.dcm';
  stepFrame(app, 1);
  assert.deepEqual(app.opened, [], 'no step while another file is on its way');
  app.study.opening = null;
  stepFrame(app, 1);
  stepFrame(app, 1);
  // The user opens another file while frame 2 loads: frame 3 is not loaded over it afterwards.
  const other = app.open('/b.dcm', 0);
  await app.finishOne();
  await app.finishOne();
  await other;
  assert.deepEqual(app.opened, [['/a.dcm', 1], ['/b.dcm', 0]]);
  assert.deepEqual(app.study.info, { file: '/b.dcm', frame: 0, frames: 1 });
});
