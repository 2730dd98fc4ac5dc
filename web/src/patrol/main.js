// The patrol officer's phone app (served at /patrol/): alerts and broadcasts on top, the
// found-child report, the outbox, the officer's own reports with their candidates, and the
// handover. It shares the API client, i18n and DOM helpers with the desk dashboard.
import * as api from '../api.js';
import { h, replace } from '../dom.js';
import { t, lang, setLang, addStrings } from '../i18n.js';
import { errorBox } from '../ui.js';
import { STRINGS } from './strings.js';
import { Outbox } from './outbox.js';
import { reportForm } from './report_form.js';
import { describe, mountBroadcasts } from './broadcasts.js';
import { handoverPanel } from './handover.js';

addStrings(STRINGS);
api.useSessionStorage(localStorage);
const app = document.getElementById('app');
const SENT_KEY = 'cs.patrol.sent';
const CANDIDATE_POLL_MS = 4000;
let dispose = [];

// The officer's sent reports (case ids), newest first; kept on the phone for the shift.
const sentReports = () => JSON.parse(localStorage.getItem(SENT_KEY) || '[]');
function rememberSent(caseId, at) {
  const list = [{ caseId, at }, ...sentReports().filter((r) => r.caseId !== caseId)].slice(0, 10);
  localStorage.setItem(SENT_KEY, JSON.stringify(list));
}

const outbox = new Outbox({
  send: (entry) => api.fileFoundWithPhotos(entry.report, entry.photos, entry.id),
  onChange: (entries) => renderOutbox?.(entries),
  onSent: (entry, c) => { rememberSent(c.caseId, entry.createdAt); renderMine?.(); confirmSent?.(entry, c); },
});
let renderOutbox = null;
let renderMine = null;
let confirmSent = null;

function langButton(rerender) {
  return h('button', { type: 'button', class: 'lang', 'data-testid': 'lang', onclick: () => { setLang(lang() === 'zh' ? 'en' : 'zh'); rerender(); } }, t('lang_switch'));
}

function loginScreen() {
  const user = h('input', { id: 'u', autocomplete: 'username', required: true });
  const pass = h('input', { id: 'p', type: 'password', autocomplete: 'current-password', required: true });
  const msg = h('div');
  const form = h('form', { class: 'login' },
    h('h1', {}, t('p_title')),
    h('label', { class: 'field', for: 'u' }, h('span', {}, t('username')), user),
    h('label', { class: 'field', for: 'p' }, h('span', {}, t('password')), pass),
    h('button', { type: 'submit', class: 'big-button primary' }, t('login')), msg);
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    try { await api.login(user.value.trim(), pass.value); } catch (err) { replace(msg, errorBox(err)); }
  });
  return h('main', { class: 'login-wrap' }, h('div', { class: 'top-right' }, langButton(render)), form);
}

function outboxPanel() {
  const el = h('section', { class: 'outbox', 'data-testid': 'outbox', 'aria-live': 'polite' });
  renderOutbox = (entries) => {
    const waiting = entries.filter((e) => !e.failed);
    const failed = entries.filter((e) => e.failed);
    el.dataset.waiting = String(waiting.length);
    const line = waiting.length === 0 ? t('p_waiting_none') : waiting.length === 1 ? t('p_waiting_one') : t('p_waiting', { n: waiting.length });
    const next = waiting[0]?.nextAt ? Math.max(0, Math.round((waiting[0].nextAt - Date.now()) / 1000)) : null;
    replace(el,
      h('p', { class: waiting.length ? 'waiting' : 'muted', 'data-testid': 'outbox-count' }, line,
        next ? ` · ${t('p_next_try', { s: next })}` : ''),
      waiting.length ? h('button', { type: 'button', onclick: () => outbox.retryNow() }, t('p_retry')) : null,
      failed.map((e) => h('div', { class: 'error', 'data-testid': 'outbox-refused' },
        t('p_refused', { detail: e.error?.detail || e.error?.status }), e.error?.field ? ` (${e.error.field})` : '', ' ',
        h('button', { type: 'button', onclick: () => outbox.discard(e.id) }, t('p_discard')))));
  };
  outbox.list().then(renderOutbox).catch(() => {});
  return el;
}

function candidateList(caseId) {
  const el = h('div', { class: 'candidates', 'data-testid': 'candidates', 'data-case': caseId }, h('p', { class: 'muted' }, t('p_candidates_wait')));
  const load = async () => {
    try {
      const list = await api.candidates(caseId);
      replace(el, list.length === 0 ? h('p', { class: 'muted' }, t('p_candidates_none'))
        : list.map((c) => h('div', { class: 'candidate', 'data-testid': 'candidate', 'data-case': c.caseId },
          h('strong', {}, t('p_match', { n: Math.round((c.score || 0) * 100) })), ' ', c.caseId,
          h('p', { class: 'muted' }, describe(c.child)))));
      return list.length > 0;
    } catch (e) {
      replace(el, errorBox(e));
      return false;
    }
  };
  // Candidates appear as soon as the matcher has them: poll while the report is fresh.
  let polls = 0;
  const tick = async () => { if (!(await load()) && ++polls < 30 && el.isConnected !== false) timer = setTimeout(tick, CANDIDATE_POLL_MS); };
  let timer = setTimeout(tick, 0);
  dispose.push(() => clearTimeout(timer));
  return el;
}

function minePanel() {
  const el = h('section', { class: 'panel mine', 'data-testid': 'mine' });
  renderMine = () => {
    const list = sentReports().slice(0, 3);
    replace(el, h('h2', {}, t('p_my_reports')), list.map((r) => h('div', { class: 'sent', 'data-testid': 'sent', 'data-case': r.caseId },
      h('p', { class: 'ok' }, t('p_sent', { id: r.caseId })), h('h3', {}, t('p_candidates')), candidateList(r.caseId))));
  };
  renderMine();
  return el;
}

async function render() {
  for (const d of dispose.splice(0)) d();
  document.title = t('p_title');
  const s = api.currentSession();
  if (!s) return replace(app, loginScreen());
  const banner = h('div', { class: 'banner', 'data-testid': 'banner', hidden: true });
  const cards = h('div', { class: 'cards', 'data-testid': 'cards' });
  const status = h('span', { class: 'conn', 'data-testid': 'conn' });
  const confirm = h('div', { role: 'status', 'data-testid': 'confirm' });
  const body = h('main', { class: 'patrol' }, h('p', { class: 'muted' }, t('loading')));
  const notifyBtn = 'Notification' in window && Notification.permission === 'default'
    ? h('button', { type: 'button', onclick: () => Notification.requestPermission().then(render) }, t('p_notify')) : null;
  replace(app, banner,
    h('header', { class: 'top' }, h('h1', {}, t('p_title')), status,
      h('div', { class: 'who' }, h('span', { 'data-testid': 'who' }, s.username), notifyBtn, langButton(render),
        h('button', { type: 'button', 'data-testid': 'logout', onclick: () => api.logout() }, t('logout')))),
    cards, outboxPanel(), confirm, body);
  // The venue (zones, lost-child centre) is cached for offline use: a report can be filed
  // with no network at all.
  let venue = JSON.parse(localStorage.getItem('cs.patrol.venue') || 'null');
  try {
    venue = await api.venue();
    localStorage.setItem('cs.patrol.venue', JSON.stringify(venue));
  } catch (e) {
    if (!venue) return replace(body, errorBox(e));
  }
  const zoneNames = (id) => {
    const z = venue.zones?.find((x) => x.id === id);
    return z ? (lang() === 'en' ? z.nameEn : z.nameZh) : id;
  };
  dispose.push(mountBroadcasts({ bannerEl: banner, cardsEl: cards, statusEl: status, zoneNames, session: s }));
  const form = reportForm({
    venue, session: s,
    onSubmit: async (report, photos) => {
      const entry = await outbox.enqueue(report, photos);
      replace(confirm, h('p', { class: 'ok confirm', 'data-testid': 'saved', 'data-entry': entry.id }, t('p_saved')));
      window.scrollTo({ top: 0 });
    },
  });
  // The confirmation turns into "reached the desk" once the server has the report.
  confirmSent = (entry, c) => {
    const saved = confirm.querySelector(`[data-entry="${entry.id}"]`);
    if (saved) saved.textContent = t('p_sent', { id: c.caseId });
  };
  replace(body, form, minePanel(), handoverPanel());
  outbox.kick();
}

setLang(lang());
api.onSessionChange(() => render());
render();
// A report is sent whenever the network may be back, also if no "online" event came.
setInterval(() => outbox.kick(), 15000);
if ('serviceWorker' in navigator) navigator.serviceWorker.register('./sw.js').catch(() => {});
