// A calibrated model keeps its parent's weights, so the two share model_sha256 while their scores
// differ by the card's temperature: score's CSV and --json and predict --json name the temperature
// (1 for a model never calibrated), so pooled results say which of the two scored a row.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { ModelStore } from '../../../src-main/engine/model/model-store';
import { siteCalibration } from '../../engine/training/support/site-calibration';
import { parseCsv } from '../../engine/inference/support/parse-csv';
import { useCliFixtures } from '../support/cli-fixtures';
import { runCli } from '../support/run-cli';

const cli = useCliFixtures();
const T = 0.6041;

async function calibratedCopy(): Promise<void> {
  const store = new ModelStore({ builtInDir: join(cli.fx.dir, 'no-builtins'), userDir: cli.fx.home });
  const parent = await store.get('small-t');
  const calibration = { ...siteCalibration(cli.fx.folder, 'calibrate'), temperature: T };
  await store.saveWithWeightsOf(parent, { ...parent.card, id: 'small-t-cal', name: 'small-t calibrated', parent: 'small-t', calibration });
}

const lines = (stdout: string) => stdout.trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);

test('score CSV and --json, predict --json: same weights sha256, told apart by the temperature', async () => {
  await calibratedCopy();
  const csv = async (model: string) => {
    const r = await runCli(['score', cli.fx.folder, '--model', model], cli.env);
    const [header, ...rows] = parseCsv(r.stdout);
    const at = (row: string[], k: string) => row[header.indexOf(k)];
    const scored = rows.filter((row) => at(row, 'probability') !== '');
    assert.ok(scored.length >= 2, r.stderr);
    return { sha: scored.map((row) => at(row, 'model_sha256')), temperature: [...new Set(scored.map((row) => at(row, 'temperature')))], p: scored.map((row) => Number(at(row, 'probability'))) };
  };
  const parent = await csv('small-t');
  const child = await csv('small-t-cal');
  assert.deepEqual(child.sha, parent.sha, 'byte-identical weights: the sha256 cannot tell them apart');
  assert.notDeepEqual(child.p, parent.p, 'yet the scores differ');
  assert.deepEqual([parent.temperature, child.temperature], [['1'], [String(T)]]);

  const json = lines((await runCli(['score', cli.fx.folder, '--model', 'small-t-cal', '--json'], cli.env)).stdout);
  const provenance = json.filter((o) => 'provenance' in o).map((o) => (o.provenance as { temperature: number }).temperature);
  assert.ok(provenance.length >= 2);
  assert.deepEqual([...new Set(provenance)], [T]);

  for (const [model, temperature] of [['small-t', 1], ['small-t-cal', T]] as const) {
    const [o] = lines((await runCli(['predict', cli.fx.png, '--model', model, '--json'], cli.env)).stdout);
    assert.equal(o.temperature, temperature, model);
  }
});
