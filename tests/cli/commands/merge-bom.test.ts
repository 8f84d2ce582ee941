// alveo merge keeps the byte-order mark its parts were written with (score --bom, for Excel), and
// --bom adds one; parts without one make a merged file without one (review 29 F11).
import assert from 'node:assert/strict';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { test } from 'node:test';
import { tempDir } from '../../support/temp-dir';
import { runCli } from '../support/run-cli';

const HEADER = 'file,probability,label,threshold,model,error,warnings,status';
const part = (file: string, bom: boolean) => `${bom ? '\ufeff' : ''}${HEADER}\n${file},0.9,PNEUMONIA,0.5,default,,,ok\n`;

test('merged parts that all start with a BOM give a merged CSV with one; --bom asks for one; none otherwise', async () => {
  const dir = await tempDir('alveo-merge-bom-');
  const home = join(dir, 'home');
  await writeFile(join(dir, 'a.csv'), part('Müller.jpeg', true));
  await writeFile(join(dir, 'b.csv'), part('Zoë.jpeg', true));
  await writeFile(join(dir, 'c.csv'), part('plain.jpeg', false));
  const bytes = async (f: string) => (await readFile(f)).subarray(0, 3).toString('hex');

  let r = await runCli(['merge', join(dir, 'a.csv'), join(dir, 'b.csv'), '--csv', join(dir, 'ab.csv')], { ALVEO_HOME: home });
  assert.equal(r.code, 0, r.stderr);
  assert.equal(await bytes(join(dir, 'ab.csv')), 'efbbbf');
  assert.match(await readFile(join(dir, 'ab.csv'), 'utf8'), /^\ufefffile,[^\n]*\nMüller\.jpeg,[^\n]*\nZoë\.jpeg,/);

  r = await runCli(['merge', join(dir, 'a.csv'), join(dir, 'c.csv'), '--csv', join(dir, 'ac.csv')], { ALVEO_HOME: home });
  assert.equal(r.code, 0, r.stderr);
  assert.equal(await bytes(join(dir, 'ac.csv')), Buffer.from('fil').toString('hex'), 'one part without: none');

  r = await runCli(['merge', join(dir, 'c.csv'), '--bom', '--csv', join(dir, 'c-bom.csv')], { ALVEO_HOME: home });
  assert.equal(r.code, 0, r.stderr);
  assert.equal(await bytes(join(dir, 'c-bom.csv')), 'efbbbf');
});
