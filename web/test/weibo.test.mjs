import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { weiboLength, meter, HEADLINE_LIMIT } from '../src/weibo.js';

// The vectors services/appeals/drafting/weibo_length_test.cc reads too: the dashboard's meter
// and the drafter must agree on every one.
const vectors = JSON.parse(
  readFileSync(new URL('../../tests/testdata/weibo_length.json', import.meta.url), 'utf8'),
).vectors;

test('agrees with the shared vectors', () => {
  assert.ok(vectors.length >= 10);
  for (const v of vectors) assert.equal(weiboLength(v.text), v.length, `${v.why}: ${v.text.slice(0, 60)}`);
});

test('meter flags text over the limit', () => {
  assert.equal(meter('字'.repeat(140), HEADLINE_LIMIT).over, false);
  assert.equal(meter('字'.repeat(141), HEADLINE_LIMIT).over, true);
});
