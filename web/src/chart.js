// A small SVG line chart of occupancy over time (no library): one or more series of
// {t: Date, v: number}, with an optional horizontal limit line.
import { svg, fmtTime } from './dom.js';

export function lineChart({ series, limit, width = 640, height = 200, label }) {
  const pad = { l: 56, r: 12, t: 10, b: 24 };
  const all = series.flatMap((s) => s.points);
  const root = svg('svg', { viewBox: `0 0 ${width} ${height}`, class: 'chart', role: 'img', 'aria-label': label });
  if (all.length === 0) return root;
  const t0 = Math.min(...all.map((p) => p.t.getTime())), t1 = Math.max(...all.map((p) => p.t.getTime()), t0 + 60000);
  const vmax = Math.max(limit || 0, ...all.map((p) => p.v), 1) * 1.05;
  const x = (t) => pad.l + ((t - t0) / (t1 - t0)) * (width - pad.l - pad.r);
  const y = (v) => height - pad.b - (v / vmax) * (height - pad.t - pad.b);
  for (let i = 0; i <= 4; i++) {
    const v = (vmax / 4) * i;
    root.append(svg('line', { x1: pad.l, x2: width - pad.r, y1: y(v), y2: y(v), class: 'grid' }));
    root.append(svg('text', { x: pad.l - 6, y: y(v) + 4, 'text-anchor': 'end', class: 'axis' }, Math.round(v).toLocaleString()));
  }
  for (const tt of [t0, (t0 + t1) / 2, t1]) {
    root.append(svg('text', { x: x(tt), y: height - 6, 'text-anchor': 'middle', class: 'axis' }, fmtTime(new Date(tt)).slice(0, 5)));
  }
  if (limit) root.append(svg('line', { x1: pad.l, x2: width - pad.r, y1: y(limit), y2: y(limit), class: 'limit' }));
  series.forEach((s, i) => {
    const d = s.points.map((p, j) => `${j ? 'L' : 'M'}${x(p.t.getTime()).toFixed(1)},${y(p.v).toFixed(1)}`).join('');
    root.append(svg('path', { d, class: `series s${i}` }));
    // Few points (a young day): mark each, so a single minute still shows.
    if (s.points.length <= 30) {
      for (const p of s.points) root.append(svg('circle', { cx: x(p.t.getTime()), cy: y(p.v), r: 3, class: `dot s${i}` }));
    }
  });
  return root;
}
