// Highlights the stretches of a text that a search matched. Spans come from appeal-service in
// Unicode code points ([start, end), merged), so the text is split by code points, not by
// UTF-16 units: an emoji before a match does not shift the mark.
import { h } from './dom.js';

// [{text, hit}] pieces in order; spans out of range or overlapping are clipped, never thrown on.
export function splitBySpans(text, spans) {
  const cps = Array.from(text || '');
  const pieces = [];
  let at = 0;
  for (const s of [...(spans || [])].sort((a, b) => (a.start || 0) - (b.start || 0))) {
    const start = Math.max(at, Math.min(cps.length, s.start || 0));
    const end = Math.max(start, Math.min(cps.length, s.end || 0));
    if (start > at) pieces.push({ text: cps.slice(at, start).join(''), hit: false });
    if (end > start) pieces.push({ text: cps.slice(start, end).join(''), hit: true });
    at = end;
  }
  if (at < cps.length) pieces.push({ text: cps.slice(at).join(''), hit: false });
  return pieces;
}

// The text with <mark> around each match (text nodes only: nothing can inject markup).
export function marked(text, spans) {
  return splitBySpans(text, spans).map((p) => (p.hit ? h('mark', {}, p.text) : p.text));
}
