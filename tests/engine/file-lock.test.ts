// Files the app and the CLI both change (sent results, PACS nodes, settings): several processes
// changing one at once lose nothing, and a lock left by a dead process does not block the next.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, readdir, readFile, utimes, writeFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import { join, resolve } from 'node:path';
import { test } from 'node:test';
import { lockFileOf, withFileLock } from '../../src-main/engine/files/file-lock';
import { tempDir } from '../support/temp-dir';

const ROOT = resolve(import.meta.dirname, '../..');

/** Runs `body` (an ES module body with `dir`, `n` and `ROOT` in scope) in `count` processes at once. */
async function inProcesses(count: number, dir: string, body: string): Promise<void> {
  const runs = Array.from({ length: count }, (_, n) => {
    const code = `const dir = ${JSON.stringify(dir)}; const n = ${n}; const ROOT = ${JSON.stringify(ROOT)};\n${body}`;
    const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', code], { cwd: ROOT, stdio: ['ignore', 'ignore', 'pipe'] });
    let err = '';
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    return new Promise<void>((ok, fail) => child.on('close', (c) => (c === 0 ? ok() : fail(new Error(`process ${n} exited ${c}: ${err}`)))));
  });
  await Promise.all(runs);
}

test('four processes recording sent results into one sent.json at once: every record is kept', async () => {
  const dir = await tempDir('alveo-lock-sent-');
  await inProcesses(
    4,
    dir,
    `const { PacsHistory } = await import(ROOT + '/src-main/engine/pacs/pacs-history.ts');
     for (let i = 0; i < 15; i++) await new PacsHistory(dir).recordSent({ studyInstanceUid: '1.2.3', sopInstanceUid: '1.2.3.' + n + '.' + i, nodeId: 'n', nodeName: 'N', at: new Date().toISOString(), srInstanceUid: '', scInstanceUid: '' });`,
  );
  const sent = JSON.parse(await readFile(join(dir, 'pacs', 'sent.json'), 'utf8')) as { sent: { sopInstanceUid: string }[] };
  assert.equal(new Set(sent.sent.map((r) => r.sopInstanceUid)).size, 60);
});

test('four processes setting their own key in settings.json, and adding PACS nodes, at once: every change is kept', async () => {
  const dir = await tempDir('alveo-lock-settings-');
  await inProcesses(
    4,
    dir,
    `const { updateSettings } = await import(ROOT + '/src-main/engine/user-folder/settings-file.ts');
     const { PacsNodeStore } = await import(ROOT + '/src-main/engine/pacs/pacs-node-store.ts');
     for (let i = 0; i < 10; i++) await updateSettings(dir, { ['k' + n]: i });
     for (let i = 0; i < 5; i++) await new PacsNodeStore(dir).save({ name: 'node ' + n + '.' + i, address: 'http://127.0.0.1:8042/dicom-web' });`,
  );
  const settings = JSON.parse(await readFile(join(dir, 'settings.json'), 'utf8')) as Record<string, number>;
  assert.deepEqual(settings, { k0: 9, k1: 9, k2: 9, k3: 9 });
  const nodes = JSON.parse(await readFile(join(dir, 'pacs', 'nodes.json'), 'utf8')) as { nodes: { name: string }[] };
  assert.equal(nodes.nodes.length, 20);
});

test('a lock left by a process that is gone is taken over; one a live process holds past the wait is an error naming it', async () => {
  const dir = await tempDir('alveo-lock-stale-');
  const file = join(dir, 'settings.json');
  // A pid that cannot be running: above Linux's pid_max.
  await writeFile(lockFileOf(file), `4194399 ${hostname()}\n`);
  assert.equal(await withFileLock(file, async () => 'ran'), 'ran');
  await writeFile(lockFileOf(file), `${process.pid} ${hostname()}\n`);
  // Old, but its owner (this process) lives: a keychain prompt or a suspended laptop keeps its lock.
  const old = new Date(Date.now() - 600_000);
  await utimes(lockFileOf(file), old, old);
  await assert.rejects(
    withFileLock(file, async () => 'ran', { waitMs: 200 }),
    (err: Error) => err.message.includes(lockFileOf(file)) && err.message.startsWith(file) && /another Alveo process/.test(err.message),
  );
  // Another machine's lock (a network share) is judged by age; so is one whose owner never wrote its line.
  await writeFile(lockFileOf(file), `${process.pid} another-host\n`);
  await utimes(lockFileOf(file), old, old);
  assert.equal(await withFileLock(file, async () => 'ran', { waitMs: 200 }), 'ran');
  await writeFile(lockFileOf(file), '');
  await utimes(lockFileOf(file), old, old);
  assert.equal(await withFileLock(file, async () => 'ran', { waitMs: 200 }), 'ran');
  assert.equal(existsSync(lockFileOf(file)), false, 'released');
});

test('a holder whose lock was taken over does not remove the new holder\'s lock when it ends', async () => {
  const dir = await tempDir('alveo-lock-release-');
  const file = join(dir, 'sent.json');
  const other = `4194399 ${hostname()} abc\n`;
  await withFileLock(file, async () => {
    await writeFile(lockFileOf(file), other); // as if another process had taken it over meanwhile
  });
  assert.equal(await readFile(lockFileOf(file), 'utf8'), other);
});

test('four processes keeping notes on one model card at once: every note is kept, and no lock file is left in the model folder', async () => {
  const dir = await tempDir('alveo-lock-card-');
  const { getTf } = await import('../../src-main/engine/model/tf-backend');
  const { saveSmallModel } = await import('./inference/support/small-resnet');
  await mkdir(join(dir, 'builtin'));
  await saveSmallModel(await getTf('wasm'), { builtInDir: join(dir, 'builtin'), userDir: dir, id: 'site', seed: 1 });
  await inProcesses(
    4,
    dir,
    `const { ModelStore } = await import(ROOT + '/src-main/engine/model/model-store.ts');
     const store = new ModelStore({ builtInDir: dir + '/builtin', userDir: dir });
     for (let i = 0; i < 8; i++) await store.updateCard('site', (card) => ({ ...card, notes: [...(card.notes ?? []), 'note ' + n + '.' + i] }));`,
  );
  const card = JSON.parse(await readFile(join(dir, 'models', 'site', 'card.json'), 'utf8')) as { notes: string[] };
  assert.equal(card.notes.filter((t) => t.startsWith('note ')).length, 32);
  assert.deepEqual((await readdir(join(dir, 'models', 'site'))).filter((f) => f.includes('lock')), []);
});
