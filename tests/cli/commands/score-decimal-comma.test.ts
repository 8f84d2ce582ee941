// Review 41 F7: `alveo score --decimal-comma` and `alveo reads --decimal-comma` write CSVs a German
// or French Excel opens into columns (';', 0,25, a byte-order mark); `alveo merge` reads such parts
// back and gives the very values a comma run gives, and keeps their style.
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { test } from 'node:test';
import { readScoreCsv } from '../../../src-main/engine/inference/read-score-csv';
import { tempDir } from '../../support/temp-dir';
import { useCliFixtures } from '../support/cli-fixtures';
import { runCli } from '../support/run-cli';

const cli = useCliFixtures();

test('score --decimal-comma in 2 shards, then merge: the values of one comma run; the merged file keeps ; and 0,25', async () => {
  const whole = join(cli.fx.dir, 'whole.csv');
  const r = await runCli(['score', cli.fx.folder, '--recursive', '--csv', whole, '--model', 'small-t', '--columns', 'PatientName,WindowCenter'], cli.env);
  assert.equal(r.code, 1, r.stderr); // c.jpg is no image: exit 1
  const parts: string[] = [];
  for (let i = 0; i < 2; i++) {
    const part = join(cli.fx.dir, `de-${i}.csv`);
    const s = await runCli(['score', cli.fx.folder, '--recursive', '--shard', `${i}/2`, '--decimal-comma', '--csv', part, '--model', 'small-t', '--columns', 'PatientName,WindowCenter'], cli.env);
    assert.notEqual(s.code, 2, s.stderr);
    const text = await readFile(part, 'utf8');
    assert.ok(text.startsWith('\ufefffile;probability;label;threshold;model;error;warnings;status;'), text.slice(0, 80));
    for (const line of text.split('\n').slice(1).filter((l) => /;(NORMAL|PNEUMONIA);/.test(l))) assert.match(line, /^[^;]+;0,\d+;(NORMAL|PNEUMONIA);0,4;/, line);
    parts.push(part);
  }
  const out = join(cli.fx.dir, 'de-merged.csv');
  const m = await runCli(['merge', ...parts, '--csv', out, '--folder', cli.fx.folder, '--recursive'], cli.env);
  assert.equal(m.code, 0, m.stderr);
  const mergedText = await readFile(out, 'utf8');
  assert.ok(mergedText.startsWith('\ufefffile;probability;'), 'the parts\' style kept');
  const merged = readScoreCsv(mergedText, out);
  const plain = readScoreCsv(await readFile(whole, 'utf8'), whole);
  assert.equal(merged.delimiter, ';');
  assert.deepEqual(merged.header, plain.header);
  const runAt = plain.header.indexOf('run_at');
  const cells = (t: typeof plain) => t.rows.map((row) => row.fields.filter((_, i) => i !== runAt));
  assert.deepEqual(cells(merged), cells(plain), 'the same values but the time each run started');
  const p = plain.header.indexOf('probability');
  assert.ok(merged.rows.some((row) => /^0\.\d+$/.test(row.fields[p])), 'probabilities read back as numbers');

  // --bom alone, or the comma parts: a comma file again.
  const commaOut = join(cli.fx.dir, 'comma-merged.csv');
  assert.equal((await runCli(['merge', whole, '--csv', commaOut], cli.env)).code, 0);
  assert.ok((await readFile(commaOut, 'utf8')).startsWith('file,probability,'));
  const asked = join(cli.fx.dir, 'asked-merged.csv');
  assert.equal((await runCli(['merge', whole, '--decimal-comma', '--csv', asked], cli.env)).code, 0);
  assert.ok((await readFile(asked, 'utf8')).startsWith('\ufefffile;probability;'), '--decimal-comma asks for it');
});

test('reads --decimal-comma writes the reads CSV with ; and the byte-order mark; --help says so', async () => {
  const home = await tempDir('alveo-reads-decimal-comma-');
  const csv = join(home, 'reads.csv');
  const r = await runCli(['reads', '--decimal-comma', '--csv', csv], { ALVEO_HOME: home });
  assert.equal(r.code, 0, r.stderr);
  assert.ok((await readFile(csv, 'utf8')).startsWith('\ufefffile;image;sop_instance_uid;'));
  for (const command of ['score', 'reads', 'merge']) {
    const help = await runCli([command, '--help'], { ALVEO_HOME: home });
    assert.match(help.stdout, /--decimal-comma +.*(decimal comma|decimal commas)/, command);
  }
});
