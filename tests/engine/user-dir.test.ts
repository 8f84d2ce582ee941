// The one user folder: where it is on each OS, and the one-time move of the old stores (~/.alveo
// and Electron's userData) into it: nothing lost, nothing overwritten, a second run moves nothing.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { after, test } from 'node:test';
import { conventionalUserDir, moveUserStore } from '../../src-main/engine/user-folder/user-dir';
import { runCli } from '../cli/support/run-cli';

const scratch = await mkdtemp(join(tmpdir(), 'alveo-userdir-'));
after(() => rm(scratch, { recursive: true, force: true }));

/** path -> sha256 of every file under dir. */
async function snapshot(dir: string): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  async function walk(d: string): Promise<void> {
    for (const e of await readdir(d, { withFileTypes: true })) {
      const p = join(d, e.name);
      if (e.isDirectory()) await walk(p);
      else out.set(relative(dir, p), createHash('sha256').update(await readFile(p)).digest('hex'));
    }
  }
  await walk(dir);
  return out;
}

async function store(dir: string, files: Record<string, string>): Promise<void> {
  for (const [rel, content] of Object.entries(files)) {
    await mkdir(join(dir, rel, '..'), { recursive: true });
    await writeFile(join(dir, rel), content);
  }
}

test('each OS has its folder; XDG_DATA_HOME is honoured only when absolute', () => {
  assert.equal(conventionalUserDir({}, 'linux', '/home/u'), '/home/u/.local/share/alveo');
  assert.equal(conventionalUserDir({ XDG_DATA_HOME: '/data/x' }, 'linux', '/home/u'), '/data/x/alveo');
  assert.equal(conventionalUserDir({ XDG_DATA_HOME: 'rel' }, 'linux', '/home/u'), '/home/u/.local/share/alveo');
  assert.equal(conventionalUserDir({}, 'darwin', '/Users/u'), '/Users/u/Library/Application Support/Alveo');
  assert.match(conventionalUserDir({ LOCALAPPDATA: 'C:\\Users\\u\\AppData\\Local' }, 'win32', 'C:\\Users\\u'), /AppData.Local.Alveo$/);
});

test('an old store moves whole into a user folder that does not exist yet', async () => {
  const from = join(scratch, 'a/.alveo');
  const to = join(scratch, 'a/share/alveo');
  await store(from, { 'settings.json': '{"activeModelId":"m1"}', 'models/m1/model.json': '{}', 'models/m1/card.json': '{"id":"m1"}' });
  const before = await snapshot(from);
  const move = moveUserStore(from, to);
  assert.deepEqual(move?.moved, ['.']);
  assert.equal(existsSync(from), false);
  assert.deepEqual(await snapshot(to), before);
  assert.equal(moveUserStore(from, to), null, 'second run: nothing to move');
  assert.deepEqual(await snapshot(to), before);
});

test('two old stores merge into one: whatever the user folder lacks moves, same names are kept on both sides', async () => {
  const cli = join(scratch, 'b/.alveo');
  const app = join(scratch, 'b/config/alveo');
  const to = join(scratch, 'b/share/alveo');
  await store(cli, { 'settings.json': '{"activeModelId":"cli-model"}', 'models/cli-model/card.json': 'cli', 'cache/scores.json': 'cli cache' });
  await store(app, {
    'settings.json': '{"activeModelId":"app-model"}',
    'models/app-model/card.json': 'app',
    'models/cli-model/card.json': 'a different model of the same id',
    'recent-studies.json': '["/x.dcm"]',
    'Local Storage/leveldb/000003.log': 'chromium',
  });
  const cliBefore = await snapshot(cli);
  const appBefore = await snapshot(app);
  assert.deepEqual(moveUserStore(cli, to)?.moved, ['.']);
  const second = moveUserStore(app, to);
  assert.deepEqual(second?.kept.sort(), ['models/cli-model/card.json', 'settings.json']);
  const after1 = await snapshot(to);
  const left = await snapshot(app);
  // No byte lost: every file of both stores is in the user folder or still where it was.
  for (const [rel, sum] of cliBefore) assert.equal(after1.get(rel), sum, `cli ${rel}`);
  for (const [rel, sum] of appBefore) assert.ok(after1.get(rel) === sum || left.get(rel) === sum, `app ${rel}`);
  assert.equal(after1.get('models/app-model/card.json'), appBefore.get('models/app-model/card.json'));
  assert.equal(after1.get('recent-studies.json'), appBefore.get('recent-studies.json'));
  assert.deepEqual([...left.keys()].sort(), ['models/cli-model/card.json', 'settings.json']);
  // Idempotent: running again moves nothing and changes nothing.
  const again = moveUserStore(app, to);
  assert.deepEqual(again?.moved ?? [], []);
  assert.deepEqual(await snapshot(to), after1);
  assert.deepEqual(await snapshot(app), left);
});

test('a link to the user folder, the folder itself, or a folder inside it is never moved', async () => {
  const to = join(scratch, 'c/share/alveo');
  await store(to, { 'settings.json': '{}' });
  await symlink(to, join(scratch, 'c/.alveo'));
  assert.equal(moveUserStore(join(scratch, 'c/.alveo'), to), null);
  assert.equal(moveUserStore(to, to), null);
  assert.equal(moveUserStore(join(scratch, 'c/share'), to), null);
  assert.deepEqual([...(await snapshot(to)).keys()], ['settings.json']);
});

test('the CLI finds a model trained into ~/.alveo by an older version, after moving it to ~/.local/share/alveo', async () => {
  const home = join(scratch, 'home');
  const old = join(home, '.alveo');
  // A copy of the shipped model, stored as an older CLI would have (a user model).
  const { cp } = await import('node:fs/promises');
  await cp(join(import.meta.dirname, '../../models/default'), join(old, 'models', 'my-old-model'), { recursive: true });
  const card = JSON.parse(await readFile(join(old, 'models/my-old-model/card.json'), 'utf8')) as Record<string, unknown>;
  await writeFile(join(old, 'models/my-old-model/card.json'), JSON.stringify({ ...card, id: 'my-old-model', name: 'my old model' }));
  const env = { HOME: home, ALVEO_HOME: '', XDG_DATA_HOME: '' };
  const first = await runCli(['models'], env);
  assert.equal(first.code, 0, first.stderr);
  assert.match(first.stdout, /my-old-model/);
  assert.match(first.stderr, /moved your data from .*\.alveo to .*\.local\/share\/alveo/);
  assert.equal(existsSync(old), false);
  assert.ok(existsSync(join(home, '.local/share/alveo/models/my-old-model/card.json')));
  const second = await runCli(['models'], env);
  assert.equal(second.code, 0);
  assert.match(second.stdout, /my-old-model/);
  assert.doesNotMatch(second.stderr, /moved/);
});

test('a user folder Alveo makes is owner-only (it holds caches of patient data); one made by an administrator is left as made', { skip: process.platform === 'win32' }, async () => {
  const { stat, chmod } = await import('node:fs/promises');
  const home = join(scratch, 'fresh-home');
  await mkdir(home, { recursive: true });
  const made = await runCli(['models'], { HOME: home, ALVEO_HOME: '', XDG_DATA_HOME: '' });
  assert.equal(made.code, 0, made.stderr);
  assert.equal((await stat(join(home, '.local/share/alveo'))).mode & 0o777, 0o700);
  const named = join(scratch, 'named-home');
  assert.equal((await runCli(['models'], { ALVEO_HOME: named })).code, 0);
  assert.equal((await stat(named)).mode & 0o777, 0o700);
  const shared = join(scratch, 'shared-home');
  await mkdir(shared);
  await chmod(shared, 0o2770);
  assert.equal((await runCli(['models'], { ALVEO_HOME: shared })).code, 0);
  assert.equal((await stat(shared)).mode & 0o7777, 0o2770, 'a folder made for a group keeps its mode');
  // A folder from before (0755, readable by every account) loses the bits for others, keeps the group's.
  const older = join(scratch, 'older-home');
  await mkdir(older);
  await chmod(older, 0o755);
  assert.equal((await runCli(['models'], { ALVEO_HOME: older })).code, 0);
  assert.equal((await stat(older)).mode & 0o777, 0o750);
});
