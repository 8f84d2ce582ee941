// The model card's one line on test-time views: what is averaged and the one-view figures, in a
// reader's words (no raw metric keys); nothing for a one-view model.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ttaSummary } from '../../src-main/api/tta-summary';

test('ttaSummary names the views, the cost and the one-view figures in words; nothing without views', () => {
  const line = ttaSummary({
    views: [[1, 0, 0], [1.08, 0, 0], [1, -0.04, 0]],
    combine: 'mean-logit',
    oneView: { threshold: 0.3126, auc: { validation: 0.99881, validationShifted: 0.99721 } },
  });
  assert.equal(line, '3 views averaged (the image as is; zoom 1.08; shift x -2%), 3 forward passes per image. One view: threshold 0.3126, AUC 0.9988 on the same cohorts, AUC 0.9972 on the held-out cohorts');
  assert.equal(ttaSummary(undefined), null);
  assert.equal(ttaSummary({ views: [[1, 0, 0]], combine: 'mean-logit' }), null);
});
