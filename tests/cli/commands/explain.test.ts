import assert from 'node:assert/strict';
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { test } from 'node:test';
import sharp from 'sharp';
import { useCliFixtures } from '../support/cli-fixtures';
import { runCli } from '../support/run-cli';

const cli = useCliFixtures();

interface LimeJson {
  method: string;
  model: string;
  lime: { samples: number; regions: number; engine: string; top: { rank: number; weight: number; area: number; color: string }[] };
}

test('explain --method lime: the study with its top regions in their legend colours, at the study size', async () => {
  const out = join(cli.fx.dir, 'lime', 'a.png');
  const r = await runCli(['explain', cli.fx.png, '--method', 'lime', '--out', out, '--model', 'small-a', '--json'], cli.env);
  assert.equal(r.code, 0, r.stderr);
  const o = JSON.parse(r.stdout) as LimeJson;
  assert.equal(o.method, 'lime');
  assert.equal(o.model, 'small-a');
  assert.equal(o.lime.samples, 1000);
  assert.ok(o.lime.regions >= 20, `${o.lime.regions} regions`);
  assert.ok(o.lime.top.length >= 1 && o.lime.top.length <= 5);
  assert.match(r.stderr, /LIME: 1000\/1000 samples/);
  const meta = await sharp(out).metadata();
  assert.deepEqual([meta.format, meta.width, meta.height, meta.channels], ['png', 100, 120, 3]);
  assert.deepEqual(await readdir(join(cli.fx.dir, 'lime')), ['a.png'], 'no temporary file left');
  // Each named region's outline is drawn in exactly its legend colour.
  const { data } = await sharp(out).raw().toBuffer({ resolveWithObject: true });
  for (const t of o.lime.top) {
    const [cr, cg, cb] = [1, 3, 5].map((k) => parseInt(t.color.slice(k, k + 2), 16));
    let n = 0;
    for (let i = 0; i < data.length; i += 3) if (data[i] === cr && data[i + 1] === cg && data[i + 2] === cb) n++;
    assert.ok(n > 0, `region ${t.rank} (${t.color}) not drawn`);
  }
});

test('explain: readable legend; --method gradcam; bad method or samples exit 2', async () => {
  const out = join(cli.fx.dir, 'b-lime.png');
  const ok = await runCli(['explain', cli.fx.dcm, '--out', out, '--model', 'small-a', '--samples', '1000'], cli.env);
  assert.equal(ok.code, 0, ok.stderr);
  assert.match(ok.stdout, /b-lime\.png: LIME of .*b\.dcm \((PNEUMONIA|NORMAL) 0\.\d{3}, model small-a\)/);
  assert.match(ok.stdout, /1000 samples in \d+\.\d s on (onnxruntime|tfjs)/);
  assert.match(ok.stdout, /1\. #e69f00 {2}\+\d+\.\d points of model score when present|no region raises the model score/);
  const cam = await runCli(['explain', cli.fx.dcm, '--method', 'gradcam', '--out', join(cli.fx.dir, 'b-cam.png'), '--model', 'small-a'], cli.env);
  assert.equal(cam.code, 0, cam.stderr);
  assert.match(cam.stdout, /b-cam\.png: Grad-CAM of/);
  const bad = await runCli(['explain', cli.fx.dcm, '--method', 'shap', '--out', join(cli.fx.dir, 'x.png')], cli.env);
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /--method must be lime or gradcam, got 'shap'/);
  const few = await runCli(['explain', cli.fx.dcm, '--samples', '10', '--out', join(cli.fx.dir, 'x.png')], cli.env);
  assert.equal(few.code, 2);
  assert.match(few.stderr, /--samples must be a whole number from 1000 to 20000/);
  const broken = await runCli(['explain', cli.fx.text, '--out', join(cli.fx.dir, 'x.png'), '--model', 'small-a'], cli.env);
  assert.equal(broken.code, 1);
  assert.match(broken.stderr, /alveo explain: .*not a DICOM, JPEG or PNG/);
});
