// The desk's incident panel: one card per problem (crowd-service groups the alerts of one zone
// and kind, GET /v1/incidents), with its current level in words, its history, the playbook's
// suggested action and the acknowledgement note with who and when. Several incidents can be
// acknowledged at once (POST /v1/incidents/acknowledge).
import * as api from '../api.js';
import { h, replace, fmtTime } from '../dom.js';
import { t, tEnum, pick } from '../i18n.js';
import { errorBox, field } from '../ui.js';

const sevRank = (s) => ({ SEVERITY_CRITICAL: 3, SEVERITY_WARNING: 2, SEVERITY_INFO: 1 }[s] || 0);
const needsAck = (inc) => inc.state === 'ALERT_RAISED' || inc.state === 'ALERT_ESCALATED';

// "yellow", "critical density": the level a rule stands for, in words (never the rule id).
function levelName(step) {
  const key = `lvl_${step.ruleId || ''}`;
  const s = t(key);
  if (s !== key) return s;
  if ((step.ruleId || '').startsWith('life_safety.')) return t('lvl_life_safety');
  return tEnum('sev', step.severity);
}

function stepText(step) {
  const at = fmtTime(step.at);
  if (step.state === 'ALERT_ACKNOWLEDGED') return t('step_ack', { t: at, who: step.actor || '' });
  if (step.state === 'ALERT_CLEARED') return t('step_cleared', { t: at, level: levelName(step) });
  return t('step_raised', { t: at, level: levelName(step) });
}

export function incidentPanel(session, { onChange } = {}) {
  const state = { incidents: [], selected: new Set() };
  const isDesk = session.role === 'desk';
  const listEl = h('div', { class: 'incidents', 'data-testid': 'incidents' });
  const msgEl = h('div');
  const [noteField, note] = field(t('ack_note'), { maxlength: 500, 'data-testid': 'ack-note' });
  const bulkBtn = h('button', { type: 'button', class: 'primary', 'data-testid': 'ack-selected', disabled: true },
    t('ack_selected', { n: 0 }));
  const allBtn = h('button', { type: 'button', 'data-testid': 'select-all' }, t('select_all'));
  const bar = isDesk && h('div', { class: 'ack-bar' }, noteField, allBtn, bulkBtn);

  async function acknowledge(ids, btn) {
    if (ids.length === 0) return;
    btn.disabled = true;
    replace(msgEl);
    try {
      const r = await api.acknowledgeIncidents(ids, note.value.trim());
      const byId = new Map((r.incidents || []).map((i) => [i.incidentId, i]));
      state.incidents = state.incidents.map((i) => byId.get(i.incidentId) || i);
      for (const id of ids) state.selected.delete(id);
      note.value = '';
      render();
    } catch (e) {
      replace(msgEl, errorBox(e));
    } finally {
      btn.disabled = false;
      updateBar();
    }
  }
  bulkBtn.addEventListener('click', () => acknowledge([...state.selected], bulkBtn));
  allBtn.addEventListener('click', () => {
    for (const i of state.incidents) if (needsAck(i)) state.selected.add(i.incidentId);
    render();
  });

  function updateBar() {
    if (!isDesk) return;
    const n = [...state.selected].filter((id) => state.incidents.some((i) => i.incidentId === id && needsAck(i))).length;
    bulkBtn.textContent = t('ack_selected', { n });
    bulkBtn.disabled = n === 0;
  }

  function card(inc) {
    const cur = inc.current || {};
    const critical = inc.severity === 'SEVERITY_CRITICAL';
    const open = needsAck(inc);
    const sev = (inc.severity || '').replace('SEVERITY_', '').toLowerCase();
    const action = pick(inc.suggestedActionZh, inc.suggestedActionEn);
    const el = h('article', {
      class: `incident alert sev-${sev} ${open && critical ? 'pulse' : ''}`,
      'data-incident': inc.incidentId, 'data-zone': inc.zoneId || '', 'data-kind': inc.kind,
      'data-severity': inc.severity, 'data-state': inc.state, 'data-alerts': (inc.alerts || []).length,
      role: critical && open ? 'alert' : undefined,
    },
    h('header', {},
      isDesk && open && (() => {
        const box = h('input', { type: 'checkbox', 'data-testid': 'incident-select', 'aria-label': t('select_incident'),
          checked: state.selected.has(inc.incidentId) });
        box.addEventListener('change', () => {
          if (box.checked) state.selected.add(inc.incidentId); else state.selected.delete(inc.incidentId);
          updateBar();
        });
        return box;
      })(),
      h('span', { class: 'sev' }, critical ? '⚠ ' : '', tEnum('sev', inc.severity)),
      h('span', { class: 'alert-state' }, tEnum('st', inc.state)),
      inc.escalationLevel > 0 && h('span', { class: 'badge badge-red' }, t('escalated', { n: inc.escalationLevel })),
      (inc.alerts || []).length > 1 && h('span', { class: 'badge' }, t('alerts_in_incident', { n: inc.alerts.length }))),
    h('p', { class: 'incident-message', 'data-testid': 'incident-message' }, pick(cur.messageZh, cur.messageEn)),
    action && h('p', { class: 'suggested', 'data-testid': 'incident-action' }, h('strong', {}, t('suggested'), ' '), action),
    h('ol', { class: 'history', 'data-testid': 'incident-history', 'aria-label': t('history') },
      (inc.history || []).map((s) => h('li', { 'data-step': s.state }, stepText(s)))),
    inc.acknowledgedBy && h('p', { class: 'ack-note', 'data-testid': 'incident-ack-note' },
      t('acked_note', { who: inc.acknowledgedBy, t: fmtTime(inc.acknowledgedAt) }),
      inc.acknowledgedNote ? `${t('note_sep')}${inc.acknowledgedNote}` : ''));
    if (isDesk && open) {
      const btn = h('button', { type: 'button', class: 'primary', 'data-testid': 'ack' }, t('ack'));
      btn.addEventListener('click', () => acknowledge([inc.incidentId], btn));
      el.append(h('div', { class: 'ack-row' }, btn));
    }
    return el;
  }

  function render() {
    const list = [...state.incidents].sort((a, b) =>
      Number(needsAck(b)) - Number(needsAck(a)) || sevRank(b.severity) - sevRank(a.severity)
      || String(b.openedAt).localeCompare(String(a.openedAt)));
    if (list.length === 0) replace(listEl, h('p', { class: 'muted' }, t('incidents_none')));
    else replace(listEl, list.map(card));
    updateBar();
    onChange?.(state.incidents);
  }

  let pending = null;
  async function refresh() {
    try {
      state.incidents = await api.incidents();
      render();
    } catch (e) {
      replace(listEl, errorBox(e));
    }
  }
  // Alert events come in bursts (a surge raises a warning and a critical together): one refresh.
  function refreshSoon() {
    if (pending) return;
    pending = setTimeout(() => { pending = null; refresh(); }, 250);
  }

  return {
    root: h('div', {}, bar, msgEl, listEl),
    refresh,
    refreshSoon,
    incidents: () => state.incidents,
    dispose: () => clearTimeout(pending),
  };
}
