// The accountability report (通报) as the press office reads it: per department, messages
// received, answered within the deadline, overdue, still open and the median time to an answer,
// and a weekly chart of the same. "Print" uses the browser's print to PDF; the print stylesheet
// keeps only the report.
import * as api from '../api.js';
import { h, replace, svg, num } from '../dom.js';
import { t } from '../i18n.js';
import { errorBox } from '../ui.js';

const WEEK_MS = 7 * 24 * 3600 * 1000;

// "1 h 05 min", "12 min", "–" when nothing was answered.
export function fmtDuration(seconds) {
  const s = Number(seconds || 0);
  if (!s) return '–';
  const m = Math.round(s / 60);
  if (m < 60) return t('dur_min', { m });
  return t('dur_h_min', { h: Math.floor(m / 60), m: String(m % 60).padStart(2, '0') });
}

// Per week, the departments summed: [{week: Date, onTime, late, overdue, open}], oldest first.
export function weeklyTotals(weeks) {
  const byWeek = new Map();
  for (const w of weeks || []) {
    const key = w.weekStart;
    const row = byWeek.get(key) || { week: new Date(key), onTime: 0, late: 0, overdue: 0, open: 0 };
    row.onTime += w.answeredOnTime || 0;
    row.late += w.answeredLate || 0;
    row.overdue += w.overdue || 0;
    row.open += w.open || 0;
    byWeek.set(key, row);
  }
  return [...byWeek.values()].sort((a, b) => a.week - b.week);
}

const PARTS = [
  ['onTime', 'rep_on_time'],
  ['late', 'rep_late'],
  ['overdue', 'rep_overdue'],
  ['open', 'rep_open'],
];

// Stacked bars, one per week: answered on time, answered late, overdue, open.
function weeklyChart(rows, timeZone) {
  const width = 640, height = 220, pad = { l: 40, r: 8, t: 10, b: 36 };
  const root = svg('svg', { viewBox: `0 0 ${width} ${height}`, class: 'chart report-chart', role: 'img',
    'aria-label': t('rep_chart'), 'data-testid': 'report-chart' });
  if (!rows.length) return root;
  const max = Math.max(1, ...rows.map((r) => r.onTime + r.late + r.overdue + r.open));
  const step = (width - pad.l - pad.r) / rows.length;
  const y = (v) => height - pad.b - (v / max) * (height - pad.t - pad.b);
  for (let i = 0; i <= 4; i++) {
    const v = Math.round((max / 4) * i);
    root.append(svg('line', { x1: pad.l, x2: width - pad.r, y1: y(v), y2: y(v), class: 'grid' }));
    root.append(svg('text', { x: pad.l - 4, y: y(v) + 4, 'text-anchor': 'end', class: 'axis' }, String(v)));
  }
  rows.forEach((r, i) => {
    let base = 0;
    const x = pad.l + i * step + step * 0.15;
    for (const [part] of PARTS) {
      const v = r[part];
      if (!v) continue;
      root.append(svg('rect', { x, width: step * 0.7, y: y(base + v), height: y(base) - y(base + v),
        class: `wk wk-${part}`, 'data-week': r.week.toISOString(), 'data-part': part, 'data-value': v }));
      base += v;
    }
    // The week began on Monday 00:00 at the venue: label it in the venue's time zone.
    const label = r.week.toLocaleDateString('en-CA', { timeZone, month: '2-digit', day: '2-digit' });
    root.append(svg('text', { x: x + step * 0.35, y: height - pad.b + 14, 'text-anchor': 'middle', class: 'axis' }, label));
  });
  return root;
}

function legend() {
  return h('p', { class: 'legend' }, PARTS.map(([part, key]) =>
    h('span', { class: 'legend-item' }, h('span', { class: `swatch wk-${part}` }), t(key))));
}

function table(departments) {
  if (!departments.length) return h('p', { class: 'muted' }, t('rep_none'));
  return h('table', { class: 'report-table', 'data-testid': 'report-table' },
    h('thead', {}, h('tr', {}, ['department', 'rep_received', 'rep_on_time', 'rep_late', 'rep_overdue', 'rep_open',
      'rep_rate', 'rep_median'].map((k) => h('th', { scope: 'col' }, t(k))))),
    h('tbody', {}, departments.map((d) => {
      const received = d.received || 0, onTime = d.answeredOnTime || 0;
      const late = (d.answered || 0) - onTime;
      return h('tr', { 'data-department': d.department, class: d.overdue ? 'has-overdue' : '' },
        h('th', { scope: 'row' }, d.department || '–'),
        h('td', { 'data-col': 'received' }, num(received)),
        h('td', { 'data-col': 'on-time' }, num(onTime)),
        h('td', { 'data-col': 'late' }, num(late)),
        h('td', { 'data-col': 'overdue' }, num(d.overdue || 0)),
        h('td', { 'data-col': 'open' }, num(d.open || 0)),
        h('td', { 'data-col': 'rate' }, received ? `${Math.round((100 * onTime) / received)}%` : '–'),
        h('td', { 'data-col': 'median' }, fmtDuration(d.medianResponseSeconds)));
    })));
}

export function reportView() {
  const weeksSel = h('select', { 'aria-label': t('rep_weeks'), 'data-testid': 'report-weeks' },
    [4, 8, 12].map((n) => h('option', { value: n, selected: n === 8 }, t('rep_last_weeks', { n }))));
  const body = h('div', { class: 'report-body', 'data-testid': 'report' }, h('p', { class: 'muted' }, t('loading')));
  const period = h('p', { class: 'muted report-period' });

  async function load() {
    const to = new Date();
    const from = new Date(to.getTime() - Number(weeksSel.value) * WEEK_MS);
    period.textContent = t('rep_period', { from: from.toLocaleDateString(), to: to.toLocaleDateString() });
    try {
      const [r, venue] = await Promise.all([api.accountabilityReport(from.toISOString(), to.toISOString()),
        api.venue().catch(() => ({}))]);
      const timeZone = venue.timezone || 'Asia/Shanghai';
      const departments = r.departments || [];
      replace(body,
        h('section', { class: 'panel' }, h('h3', {}, t('rep_by_department')), table(departments)),
        h('section', { class: 'panel' }, h('h3', {}, t('rep_chart')), legend(), weeklyChart(weeklyTotals(r.weeks), timeZone)));
      body.dataset.loaded = 'true';
    } catch (e) {
      replace(body, errorBox(e));
    }
  }
  weeksSel.addEventListener('change', load);
  const root = h('div', { class: 'report' },
    h('div', { class: 'row no-print' }, weeksSel,
      h('button', { type: 'button', 'data-testid': 'report-print', onclick: () => window.print() }, t('rep_print'))),
    h('h2', {}, t('rep_title')), period, body);
  load();
  return { root, dispose: () => {} };
}
