// Names read the same wherever they are shown: stored case kept, comma after the family name in
// Latin script, none in CJK, groups joined by " = ".
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { personName } from '../../src-main/api/person-name';

test('DICOM person names as people read them', () => {
  assert.equal(personName('Doe^Jane'), 'Doe, Jane');
  assert.equal(personName('DOE^JANE^M^Dr^Jr'), 'DOE, Dr JANE M Jr');
  assert.equal(personName('DOE'), 'DOE');
  assert.equal(personName('^Jane'), 'Jane');
  assert.equal(personName('Yamada^Tarou=山田^太郎=やまだ^たろう'), 'Yamada, Tarou = 山田 太郎 = やまだ たろう');
  assert.equal(personName('Hong^Gildong=洪^吉洞=홍^길동'), 'Hong, Gildong = 洪 吉洞 = 홍 길동');
  assert.equal(personName(' Doe ^ Jane '), 'Doe, Jane');
  assert.equal(personName('^^^'), '');
  assert.equal(personName(undefined), '');
});
