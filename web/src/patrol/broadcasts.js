// What an officer must notice: lost-child broadcasts as full-width cards at the top, with
// vibration and a system notification when the app is in the background, and zone alerts as a
// banner above everything. Both come over SSE, already filtered to the officer's zones by the
// gateway; the streams reconnect on their own (api.stream) and a silent stream is shown stale.
import * as api from '../api.js';
import { h, replace, fmtTime } from '../dom.js';
import { t } from '../i18n.js';
import { errorBox } from '../ui.js';
import { uuid } from './outbox.js';

const STALE_MS = 35000; // the gateway sends a keep-alive every 15 s (api.sse_keepalive_s)
const BROADCASTS = new Set(['CASE_EVENT_BROADCAST_ZONE', 'CASE_EVENT_BROADCAST_VENUE']);
const OPEN_ALERT = new Set(['ALERT_RAISED', 'ALERT_ESCALATED']);

// The public description of a child, in one line.
export function describe(child) {
  const c = child || {};
  const parts = [];
  if (c.sex && c.sex !== 'SEX_UNSPECIFIED') parts.push(t(`sex_${c.sex}`));
  if (c.ageMax) parts.push(t('years', { a: c.ageMin ?? 0, b: c.ageMax }));
  if (c.heightCm) parts.push(`${c.heightCm} ${t('cm')}`);
  const cl = c.clothing || {};
  for (const [k, g] of [['top', cl.top], ['bottom', cl.bottom], ['hat', cl.hat], ['shoes', cl.shoes]]) {
    if (g && (g.colours?.length || g.description)) parts.push(`${t(k)}: ${[...(g.colours || []), g.description].filter(Boolean).join(' ')}`);
  }
  if (c.features) parts.push(c.features);
  return parts.join(' · ');
}

// An alert in an officer's words: what is wrong and how bad, from the rule and the figures
// (crowd-service's own message names regions and thresholds for the desk).
function alertWords(a) {
  const v = Number(a.value || 0), th = Number(a.threshold || 0);
  const fig = (x, d = 1) => x.toFixed(d);
  switch (a.rule) {
    case 'ALERT_RULE_DENSITY': return t('p_alert_density', { v: fig(v), th: fig(th) });
    case 'ALERT_RULE_CAPACITY': return t('p_alert_capacity', { v: fig(v, 0) });
    case 'ALERT_RULE_GATE_FLOW': return t('p_alert_flow');
    default: return t('p_alert_other');
  }
}

function notify(title, body) {
  navigator.vibrate?.([300, 100, 300, 100, 600]);
  if (document.visibilityState === 'visible' || !('Notification' in window) || Notification.permission !== 'granted') return;
  navigator.serviceWorker?.getRegistration().then((reg) => reg?.showNotification(title, { body, tag: 'cs-broadcast', renotify: true }))
    .catch(() => {});
}

// Mounts the banner, the cards and the connection line; returns dispose().
export function mountBroadcasts({ bannerEl, cardsEl, statusEl, zoneNames, session }) {
  const cards = new Map(); // case id → { event, answered }
  const alerts = new Map(); // alert id → alert
  const lastHeard = { cases: 0, alerts: 0 };
  let live = { cases: false, alerts: false };

  const renderBanner = () => {
    // The stream is filtered by the gateway; the first list (GET /v1/alerts) is the venue's, so
    // the officer's zones are applied here too (an officer with no zones covers the venue).
    const mine = (a) => !session.zones?.length || session.zones.includes(a.zoneId);
    const open = [...alerts.values()].filter((a) => mine(a) && (OPEN_ALERT.has(a.state) || a.state === 'ALERT_ACKNOWLEDGED'));
    bannerEl.hidden = open.length === 0;
    replace(bannerEl, open.map((a) => h('div', { class: `zone-alert sev-${a.severity}`, role: 'alert', 'data-testid': 'zone-alert', 'data-zone': a.zoneId },
      h('strong', {}, `${zoneNames(a.zoneId)} · ${t(`sev_${a.severity}`)}`), ' ',
      alertWords(a), ' ', h('span', { class: 'muted' }, fmtTime(a.raisedAt)))));
  };

  const photoOf = async (caseId, photoId, img) => {
    try { img.src = await api.casePhotoUrl(caseId, photoId); } catch { img.remove(); }
  };

  const renderCards = () => {
    replace(cardsEl, [...cards.values()].reverse().map(({ event: e, answered, error }) => {
      const venueWide = e.type === 'CASE_EVENT_BROADCAST_VENUE';
      const img = e.child?.photoIds?.length ? h('img', { class: 'bc-photo', alt: t('p_photo') }) : null;
      if (img) photoOf(e.caseId, e.child.photoIds[0], img);
      const zones = (e.zoneIds || []).map(zoneNames).join('、');
      const answer = (response, label) => h('button', { type: 'button', class: 'big-button', 'data-testid': `bc-${response}`,
        onclick: () => respond(e.caseId, response, label) }, label);
      return h('article', { class: `broadcast${venueWide ? ' venue' : ''}`, role: 'alert', 'data-testid': 'broadcast', 'data-case': e.caseId, 'data-type': e.type },
        h('header', {}, h('strong', {}, venueWide ? t('p_broadcast_venue') : t('p_broadcast')), ' ',
          h('span', {}, zones), ' ', h('time', {}, fmtTime(e.at))),
        h('div', { class: 'bc-body' }, img, h('p', { class: 'bc-desc' }, describe(e.child))),
        answered ? h('p', { class: 'ok', 'data-testid': 'bc-answered' }, t('p_answered', { a: answered })) : null,
        error ? errorBox(error) : null,
        h('div', { class: 'bc-actions' }, answer('searching', t('p_searching')), answer('seen', t('p_seen')), answer('found', t('p_found'))));
    }));
  };

  const respond = async (caseId, response, label) => {
    const card = cards.get(caseId);
    card.error = null;
    try {
      // One tap is one answer, also when the phone retries it.
      await api.respondToBroadcast(caseId, response, session.zones?.[0] || '', uuid());
      card.answered = label;
    } catch (err) {
      card.error = err;
    }
    renderCards();
  };

  const renderStatus = () => {
    const now = Date.now();
    const offline = !navigator.onLine;
    const stale = Math.max(now - lastHeard.cases, now - lastHeard.alerts);
    let text, state;
    if (offline) { text = t('p_offline'); state = 'offline'; }
    else if (!live.cases || !live.alerts) { text = t('stream_down'); state = 'down'; }
    else if (stale > STALE_MS) { text = t('p_stale', { s: Math.round(stale / 1000) }); state = 'stale'; }
    else { text = `● ${t('p_live')}`; state = 'live'; }
    statusEl.textContent = text;
    statusEl.dataset.state = state;
  };

  const stops = [
    api.stream('/v1/cases/stream', {
      onEvent: (type, e) => {
        if (!BROADCASTS.has(e.type)) return;
        const had = cards.get(e.caseId);
        cards.set(e.caseId, { event: e, answered: had?.answered, error: null });
        renderCards();
        notify(e.type === 'CASE_EVENT_BROADCAST_VENUE' ? t('p_broadcast_venue') : t('p_broadcast'), describe(e.child));
      },
      onState: (on) => { live.cases = on; lastHeard.cases = Date.now(); renderStatus(); },
      onActivity: () => { lastHeard.cases = Date.now(); },
    }),
    api.stream('/v1/alerts/stream', {
      onEvent: (type, e) => {
        const a = e.alert;
        if (!a) return;
        if (a.state === 'ALERT_CLEARED') alerts.delete(a.alertId);
        else { if (!alerts.has(a.alertId)) navigator.vibrate?.(400); alerts.set(a.alertId, a); }
        renderBanner();
      },
      onState: (on) => { live.alerts = on; lastHeard.alerts = Date.now(); renderStatus(); },
      onActivity: () => { lastHeard.alerts = Date.now(); },
    }),
  ];
  // Alerts raised before the stream connected.
  api.alerts('open').then((list) => { for (const a of list) alerts.set(a.alertId, a); renderBanner(); }).catch(() => {});
  const tick = setInterval(renderStatus, 5000);
  addEventListener('online', renderStatus);
  addEventListener('offline', renderStatus);
  renderStatus();
  return () => { for (const s of stops) s(); clearInterval(tick); removeEventListener('online', renderStatus); removeEventListener('offline', renderStatus); };
}
