// An exported card names no local folder, also where its recipe quotes the folder for the shell:
// a site folder named after a patient (O'Brien) is quoted with the apostrophe escaped, so the
// plain path is not a substring of the recipe.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { ModelEntry } from '../../../src-main/api/contract';
import { cardWithoutLocalPaths } from '../../../src-main/engine/model/card-without-local-paths';
import { siteCard } from '../../../src-main/engine/training/site-card';
import { testCard } from '../inference/support/test-card';
import { siteCalibration } from '../training/support/site-calibration';

const parent: ModelEntry = { id: 'default', dir: '/models/default', builtIn: true, active: true, card: testCard({ id: 'default', name: 'Alveo default', inputSize: 224, trained: true }) };

test("a site folder with spaces or an apostrophe leaves the recipe of an exported card", () => {
  for (const root of ["/data/O'Brien Mary 00123/site", '/data/Smith John 0012345/site']) {
    const card = siteCard({ parent, id: 'c', name: 'c', calibration: siteCalibration(root, 'calibrate'), thresholdRule: 'r', created: new Date(0) });
    assert.ok(card.recipe?.includes('--data '), card.recipe);
    const out = JSON.stringify(cardWithoutLocalPaths(card));
    assert.ok(!out.includes('Brien') && !out.includes('Smith'), out);
    assert.equal(cardWithoutLocalPaths(card).recipe, 'alveo calibrate --data <the site folder> --model default --sensitivity 0.95');
  }
});
