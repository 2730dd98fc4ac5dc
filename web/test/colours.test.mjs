// Every colour chip of the patrol app's found report is a word of the matcher's lexicon
// (services/cases/core/colour.cc), with the lexicon's own swatch: a chip the matcher did not
// know would be a colour that silently never matches.
import { test } from 'node:test';
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { COLOURS } from '../src/patrol/colours.js';

const lexicon = new Map();
const source = readFileSync(new URL('../../services/cases/core/colour.cc', import.meta.url), 'utf8');
// An entry is {"word", "canonical", kFamily, r, g, b} (the colour family since issue 13).
for (const m of source.matchAll(/\{"([^"]+)", "([^"]+)", k\w+, (\d+), (\d+), (\d+)\}/g)) {
  lexicon.set(m[1], { canonical: m[2], rgb: [Number(m[3]), Number(m[4]), Number(m[5])] });
}

test('the lexicon was read', () => assert.ok(lexicon.size > 40, `read ${lexicon.size} words`));

test('every chip is a lexicon word with its swatch and English name', () => {
  for (const c of COLOURS) {
    const entry = lexicon.get(c.word);
    assert.ok(entry, `${c.word} is not in colour.cc`);
    assert.deepEqual(c.rgb, entry.rgb, `${c.word} swatch`);
    assert.equal(lexicon.get(c.en)?.canonical, entry.canonical, `${c.en} names the same colour as ${c.word}`);
  }
});

test('chips are distinct colours', () => {
  const canon = COLOURS.map((c) => lexicon.get(c.word).canonical);
  assert.equal(new Set(canon).size, canon.length);
});
