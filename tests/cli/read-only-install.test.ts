// An install owned by its administrator and run by other accounts (radiologists, a service user for
// the nightly batch): after an update its builds are older than its sources, and those accounts
// cannot rebuild them. They run the build there is, with a warning saying who must rebuild and how,
// instead of failing with EACCES (review 12 M4); with no build at all they get that instruction.
// Under root the code runs as nobody (unprivileged.ts); otherwise the folders are made read-only.
import assert from 'node:assert/strict';
import { chmod, mkdir, rm, utimes, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { test } from 'node:test';
import { callUnprivileged, noPosixPermissions } from './support/unprivileged';
import { tempDir } from '../support/temp-dir';

interface Choice {
  dir?: string;
  warning?: string;
  build?: boolean;
}

/** A fake install: sources newer than its build, and (optionally) a CLI build and a web UI build. */
async function install(withBuilds: boolean): Promise<string> {
  const root = await tempDir('alveo-ro-install-');
  await chmod(root, 0o755);
  await mkdir(join(root, 'src-main', 'engine'), { recursive: true });
  await mkdir(join(root, 'src-renderer'), { recursive: true });
  await mkdir(join(root, 'out', 'node', 'b-1'), { recursive: true });
  await mkdir(join(root, 'out', 'renderer'), { recursive: true });
  if (withBuilds) {
    await writeFile(join(root, 'out', 'node', 'current.json'), JSON.stringify({ id: 'b-1', sourcesAt: 1 }));
    await writeFile(join(root, 'out', 'node', 'b-1', 'alveo.js'), '// built\n');
    await writeFile(join(root, 'out', 'renderer', 'index.html'), '<!doctype html>\n');
    await utimes(join(root, 'out', 'renderer', 'index.html'), 1, 1);
  }
  await writeFile(join(root, 'src-main', 'engine', 'changed.ts'), 'export {};\n'); // an update
  await writeFile(join(root, 'src-renderer', 'changed.ts'), 'export {};\n');
  for (const d of ['out', 'out/node', 'out/node/b-1', 'out/renderer']) await chmod(join(root, d), 0o555);
  return root;
}

async function unlock(root: string): Promise<void> {
  for (const d of ['out', 'out/node', 'out/node/b-1', 'out/renderer']) await chmod(join(root, d), 0o755);
  await rm(root, { recursive: true, force: true });
}

test('a stale CLI build that this user cannot rebuild is run as built, with a warning saying who rebuilds it', { skip: noPosixPermissions }, async () => {
  const root = await install(true);
  try {
    const choice = await callUnprivileged<Choice>('bin/build-node.mjs', 'chooseBuild', [root]);
    assert.equal(choice.dir, join(root, 'out', 'node', 'b-1'));
    assert.match(choice.warning ?? '', /older than its sources, but this user cannot write .*out\/node: running it as built; the install's owner builds it with `npm run build:node`/);
  } finally {
    await unlock(root);
  }
});

test('no CLI build and no way to make one: the error says what the install owner must run', { skip: noPosixPermissions }, async () => {
  const root = await install(false);
  try {
    await assert.rejects(callUnprivileged<Choice>('bin/build-node.mjs', 'chooseBuild', [root]), /there is no build in .*out\/node and this user cannot write .*`npm run build:node`/);
  } finally {
    await unlock(root);
  }
});

test('a stale web UI build that this user cannot rebuild is served as built, with the same advice', { skip: noPosixPermissions }, async () => {
  const root = await install(true);
  try {
    const out = join(root, 'out', 'renderer');
    const choice = await callUnprivileged<Choice>('src-main/hosts/web/ensure-renderer.ts', 'prepareRenderer', [root, out]);
    assert.equal(choice.dir, out);
    assert.match(choice.warning ?? '', /web UI in .* is older than its sources, but this user cannot write .*: serving it as built; .*`npm run build:node`/);
    await unlock(root);
    const fresh = await install(false);
    try {
      await assert.rejects(callUnprivileged<Choice>('src-main/hosts/web/ensure-renderer.ts', 'prepareRenderer', [fresh, join(fresh, 'out', 'renderer')]), /there is no web UI build in/);
    } finally {
      await unlock(fresh);
    }
  } finally {
    await unlock(root).catch(() => undefined);
  }
});
