// readSitePolicyChecked: an unknown site policy in settings.json still reads as the safe default
// (hold-back), and the problem comes back alongside, naming the file, the key and the accepted values.
import assert from 'node:assert/strict';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { test } from 'node:test';
import { readSitePolicy, readSitePolicyChecked, writeSitePolicy } from '../../src-main/engine/user-folder/site-policy-store';
import { tempDir } from '../support/temp-dir';

test('a mistyped or malformed site policy is hold-back, with the problem said', async () => {
  const home = join(await tempDir('alveo-sitepolicy-'), 'home');
  await mkdir(home, { recursive: true });
  const file = join(home, 'settings.json');
  assert.deepEqual(await readSitePolicyChecked(home), { policy: { ageUnknown: 'hold-back' }, problem: null }, 'no file: the default, no problem');
  await writeFile(file, JSON.stringify({ activeModel: 'x', sitePolicy: { ageUnknown: 'read-as-kid' } }));
  const typo = await readSitePolicyChecked(home);
  assert.deepEqual(typo.policy, { ageUnknown: 'hold-back' });
  assert.equal(typo.problem, `${file}: "sitePolicy.ageUnknown" is "read-as-kid", which Alveo does not know (accepted: hold-back, read-as-child); it is read as hold-back, the safe default`);
  assert.deepEqual(await readSitePolicy(home), { ageUnknown: 'hold-back' });
  await writeFile(file, JSON.stringify({ sitePolicy: 'read-as-child' }));
  assert.match((await readSitePolicyChecked(home)).problem ?? '', /"sitePolicy" is "read-as-child", not an object such as \{"ageUnknown": "hold-back"\}/);
  await writeSitePolicy(home, { ageUnknown: 'read-as-child' });
  assert.deepEqual(await readSitePolicyChecked(home), { policy: { ageUnknown: 'read-as-child' }, problem: null });
  await writeFile(file, JSON.stringify({ sitePolicy: {} }));
  assert.equal((await readSitePolicyChecked(home)).problem, null, 'an empty policy is the default, not a mistake');
});
