// Issue 15: text on the LB/T 034 tier colours must pass WCAG 2.1 AA (4.5:1 for normal text).
// Read from the dashboard's style.css itself: every tier colour with its ink, every rule that
// puts a tier colour behind text, and the occupancy bar's label, which sits over both the tier
// fill and the empty track and so must carry its own background.
import { test } from 'node:test';
import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';

const css = readFileSync(new URL('../src/style.css', import.meta.url), 'utf8');
const TIERS = ['normal', 'notice', 'yellow', 'orange', 'red'];

const vars = new Map([...css.matchAll(/--([\w-]+):\s*(#[0-9a-fA-F]{3,6})\b/g)].map((m) => [m[1], m[2]]));
const named = { '#fff': '#ffffff', '#000': '#000000' };

function rgb(hex) {
  let h = (named[hex.toLowerCase()] || hex).slice(1);
  if (h.length === 3) h = [...h].map((c) => c + c).join('');
  return [0, 2, 4].map((i) => parseInt(h.slice(i, i + 2), 16));
}
// WCAG 2.1 relative luminance and contrast ratio.
function luminance(hex) {
  const [r, g, b] = rgb(hex).map((v) => {
    const c = v / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  });
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}
export function contrast(a, b) {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (hi + 0.05) / (lo + 0.05);
}
const resolve = (v) => {
  const m = /var\(--([\w-]+)\)/.exec(v);
  return m ? vars.get(m[1]) : v.trim();
};
// Every rule as [selector, {property: value}].
const rules = [...css.replace(/\/\*[\s\S]*?\*\//g, '').matchAll(/([^{}]+)\{([^{}]*)\}/g)].map((m) => [m[1].trim(),
  Object.fromEntries(m[2].split(';').map((d) => d.split(/:(.*)/s).map((x) => x?.trim())).filter(([k, v]) => k && v))]);

test('the formula matches WCAG\'s own examples', () => {
  assert.equal(contrast('#000', '#fff').toFixed(0), '21');
  assert.ok(Math.abs(contrast('#777777', '#ffffff') - 4.48) < 0.01);
});

test('every tier colour has an ink that passes AA on it', () => {
  for (const tier of TIERS) {
    const bg = vars.get(`t-${tier}`);
    const ink = vars.get(`t-${tier}-ink`);
    assert.ok(bg, `--t-${tier} is defined`);
    assert.ok(ink, `--t-${tier}-ink is defined`);
    const ratio = contrast(bg, ink);
    assert.ok(ratio >= 4.5, `--t-${tier} ${bg} with ${ink}: ${ratio.toFixed(2)}:1 < 4.5:1`);
  }
});

test('text set on a tier colour uses a colour that passes AA on it', () => {
  let checked = 0;
  for (const [selector, decl] of rules) {
    const bg = decl.background || decl['background-color'];
    if (!bg || !decl.color || !/var\(--t-(normal|notice|yellow|orange|red)\)/.test(bg)) continue;
    const ratio = contrast(resolve(bg), resolve(decl.color));
    assert.ok(ratio >= 4.5, `${selector}: ${decl.color} on ${bg} is ${ratio.toFixed(2)}:1`);
    checked++;
  }
  assert.ok(checked >= 2, `checked ${checked} rules (the red and orange badges at least)`);
});

// The label of an occupancy bar spans the tier fill and the empty track: black on the red fill
// was 3.5:1 (issue 15). It carries its own background, against which its colour passes.
test('the occupancy bar label carries its own background', () => {
  const label = rules.find(([s]) => s === '.bar-text')?.[1];
  assert.ok(label, '.bar-text rule');
  const bg = label.background || label['background-color'];
  assert.ok(bg, '.bar-text has a background of its own');
  const ratio = contrast(resolve(bg), resolve(label.color));
  assert.ok(ratio >= 4.5, `.bar-text ${label.color} on ${bg}: ${ratio.toFixed(2)}:1`);
});
