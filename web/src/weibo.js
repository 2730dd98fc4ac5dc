// Weibo's length counting (DESIGN.md, appeal rules): a CJK or full-width character counts 1, ASCII
// counts ½ (the total rounded up), and a URL counts 10 whatever its length.
export const HEADLINE_LIMIT = 140;
export const LONG_LIMIT = 2000;

// The scheme in any letter case, as the C++ counter (weibo_length.cc) reads it.
const URL_RE = /https?:\/\/[A-Za-z0-9\-._~:/?#[\]@!$&'()*+,;=%]+/gi;

export function weiboLength(text) {
  if (!text) return 0;
  let halves = 0;
  const rest = text.replace(URL_RE, () => {
    halves += 20;
    return '';
  });
  for (const ch of rest) halves += ch.codePointAt(0) < 0x80 ? 1 : 2;
  return Math.ceil(halves / 2);
}

// { length, limit, ratio, over } for a meter.
export function meter(text, limit) {
  const length = weiboLength(text);
  return { length, limit, ratio: Math.min(1, length / limit), over: length > limit };
}
