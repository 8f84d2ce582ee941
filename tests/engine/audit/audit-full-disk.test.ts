// The audit trail on a disk that fills up: a line is written whole or not at all (a part of one
// would read as a line edited or cut, the sign of tampering), the chain goes on once there is room
// again, a lost line is said with what became of its action, and the lines a process lost are
// counted for the CLI to say once.
import assert from 'node:assert/strict';
import { mkdir, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { AuditLog, auditFileFor, takeUnrecordedAuditNote, verifyAuditFile } from '../../../src-main/engine/audit/audit-log';
import { mountSmallTmpfs, type SmallTmpfs } from '../../support/small-tmpfs';
import { tempDir } from '../../support/temp-dir';

let disk: SmallTmpfs | string;
before(async () => {
  disk = await mountSmallTmpfs(64 * 1024);
});
after(async () => {
  if (typeof disk !== 'string') await disk.unmount();
});

test('a line the full disk takes only part of is not left cut: the file is as before, and the chain goes on after it', async (t) => {
  if (typeof disk === 'string') return t.skip(disk);
  const home = join(disk.dir, 'home');
  const at = new Date('2026-12-02T12:19:51.639Z');
  const log = new AuditLog(home, 'cli', () => '1.0.0', () => at);
  const file = auditFileFor(home, at);
  const size = async () => (await stat(file)).size;
  await log.record('first', 'done');
  const one = await size();
  await log.record('pad', 'done', { pad: '' });
  const padLine = (await size()) - one;
  // The file ends 60 bytes short of its first page: the next line crosses into a page the disk no longer has.
  const end = disk.blockSize - 60;
  await log.record('pad', 'done', { pad: 'x'.repeat(end - (await size()) - padLine) });
  assert.equal(await size(), end);
  // One free page, which the lock's owner line takes; none for the line.
  await disk.fill(1);
  const before = await readFile(file);
  takeUnrecordedAuditNote();
  await log.record('score-end', 'done', { folder: '/data/ward-7/'.repeat(20) });
  assert.deepEqual(await readFile(file), before, 'no part of the line is left');
  assert.equal(log.problem(), 'The audit trail could not be written (the disk is full): the action "score-end" stood but is not recorded');
  assert.equal(takeUnrecordedAuditNote(), 'the audit trail could not be written (the disk is full): 1 line not recorded');
  assert.deepEqual((await readdir(join(home, 'audit'))).filter((f) => f !== '2026-12.jsonl'), [], 'the lock is gone');
  // Room again: the next line follows the last whole one.
  await rm(join(disk.dir, 'filler'));
  await log.record('after', 'done');
  const { lines, broken } = await verifyAuditFile(file);
  assert.equal(broken, null, 'the chain holds');
  assert.deepEqual(lines.map((l) => l.action), ['first', 'pad', 'pad', 'after']);
});

test('on a disk with no room at all, no line goes in and each is counted', async (t) => {
  if (typeof disk === 'string') return t.skip(disk);
  const home = join(disk.dir, 'full-home');
  const log = new AuditLog(home, 'cli', () => '1.0.0');
  await log.record('first', 'done');
  await disk.fill(0);
  const before = await readFile(auditFileFor(home, new Date()));
  takeUnrecordedAuditNote();
  await log.record('startScore', 'done');
  await log.record('score-end', 'failed', { error: 'the disk is full' });
  await log.record('scoreCsv', 'done');
  assert.deepEqual(await readFile(auditFileFor(home, new Date())), before);
  assert.equal(log.problem(), 'The audit trail could not be written (the disk is full): the action "scoreCsv" stood but is not recorded');
  assert.equal(takeUnrecordedAuditNote(), 'the audit trail could not be written (the disk is full): 3 lines not recorded');
  assert.equal(takeUnrecordedAuditNote(), null, 'said once');
  await rm(join(disk.dir, 'filler'));
});

test('a line lost for an action that was refused or failed says the action failed, not that it stood', async () => {
  const home = await tempDir('alveo-audit-lost-');
  await mkdir(home, { recursive: true });
  await writeFile(join(home, 'audit'), 'a file where the audit folder should be');
  const log = new AuditLog(home, 'cli', () => '1.0.0');
  takeUnrecordedAuditNote();
  await log.record('savePacsNode', 'refused', { error: 'ENOSPC' });
  assert.match(log.problem() ?? '', /^The audit trail could not be written \(.+\): the action "savePacsNode" failed and is not recorded$/);
  await log.record('score-end', 'failed');
  assert.match(log.problem() ?? '', /: the action "score-end" failed and is not recorded$/);
  await log.record('score-end', 'cancelled');
  assert.match(log.problem() ?? '', /: the action "score-end" was cancelled and is not recorded$/);
  await log.record('setSitePolicy', 'done');
  assert.match(log.problem() ?? '', /: the action "setSitePolicy" stood but is not recorded$/);
  assert.match(takeUnrecordedAuditNote() ?? '', /: 4 lines not recorded$/);
});
