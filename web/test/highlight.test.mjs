import { test } from 'node:test';
import assert from 'node:assert/strict';
import { splitBySpans } from '../src/highlight.js';

test('splits by code points, not UTF-16 units', () => {
  assert.deepEqual(splitBySpans('🐧企鹅馆在哪', [{ start: 1, end: 4 }]), [
    { text: '🐧', hit: false }, { text: '企鹅馆', hit: true }, { text: '在哪', hit: false }]);
});

test('several spans, unsorted, and spans past the end are clipped', () => {
  assert.deepEqual(splitBySpans('abcdef', [{ start: 4, end: 99 }, { start: 0, end: 1 }]), [
    { text: 'a', hit: true }, { text: 'bcd', hit: false }, { text: 'ef', hit: true }]);
  assert.deepEqual(splitBySpans('abc', []), [{ text: 'abc', hit: false }]);
  assert.deepEqual(splitBySpans('', [{ start: 0, end: 2 }]), []);
});
