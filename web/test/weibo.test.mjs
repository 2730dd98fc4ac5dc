import { test } from 'node:test';
import assert from 'node:assert/strict';
import { weiboLength, meter, HEADLINE_LIMIT } from '../src/weibo.js';

test('CJK and full-width count 1, ASCII counts a half rounded up', () => {
  assert.equal(weiboLength(''), 0);
  assert.equal(weiboLength('寻找走失儿童家长'), 8);
  assert.equal(weiboLength('【】，'), 3);
  assert.equal(weiboLength('a'), 1);
  assert.equal(weiboLength('ab'), 1);
  assert.equal(weiboLength('abc'), 2);
  assert.equal(weiboLength('企鹅馆 3 岁'), 6); // 4 CJK (8 halves) + 3 ASCII (3 halves) → 5.5 → 6
});

test('a URL counts 10', () => {
  assert.equal(weiboLength('https://example.org/a/very/long/path?with=query'), 10);
  assert.equal(weiboLength('见 https://t.cn/abc 谢谢'), 1 + 10 + 2 + 1); // 2 spaces = 1
});

test('meter flags text over the limit', () => {
  assert.equal(meter('字'.repeat(140), HEADLINE_LIMIT).over, false);
  assert.equal(meter('字'.repeat(141), HEADLINE_LIMIT).over, true);
});
