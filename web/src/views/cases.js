// The case board: open missing and found cases with their timers; a case's detail with match
// candidates side by side (per-feature explanation, photos), transitions and the handover with
// guardian verification. The restricted part (child's name, guardian's contact) is rendered for
// the desk role only, and only after the desk states a reason (the read is audited).
import * as api from '../api.js';
import { h, replace, fmtTime, elapsed, num } from '../dom.js';
import { pick, t, tEnum } from '../i18n.js';
import { errorBox, actionButton, field } from '../ui.js';
import { missingReportForm } from './missing_form.js';

const STATES = ['CASE_OPEN', 'CASE_MATCH_PROPOSED', 'CASE_MATCH_CONFIRMED', 'CASE_GUARDIAN_VERIFIED',
  'CASE_REUNITED', 'CASE_CLOSED', 'CASE_CANCELLED'];

export function casesView(session) {
  const isDesk = session.role === 'desk';
  const missingEl = h('div', { class: 'case-list', 'data-testid': 'cases-missing' });
  const foundEl = h('div', { class: 'case-list', 'data-testid': 'cases-found' });
  const detailEl = h('section', { class: 'panel case-detail', 'data-testid': 'case-detail', 'aria-live': 'polite' },
    h('p', { class: 'muted' }, t('select_case')));
  let selected = null;
  let current = null;
  let list = [];

  const formSlot = h('div');
  const root = h('div', { class: 'cases' },
    h('div', { class: 'board' },
      isDesk && h('details', { class: 'panel' }, h('summary', {}, t('new_missing')), formSlot),
      h('section', { class: 'panel' }, h('h2', {}, t('cases_missing')), missingEl),
      h('section', { class: 'panel' }, h('h2', {}, t('cases_found')), foundEl)),
    detailEl);

  const reportOf = (c) => c.missing || c.found || {};
  function caseCard(c) {
    const r = reportOf(c);
    const child = r.child || {};
    const cl = child.clothing || {};
    return h('button', {
      type: 'button', class: `case-card ${selected === c.caseId ? 'selected' : ''}`, 'data-case': c.caseId,
      'data-kind': c.kind, onclick: () => select(c.caseId),
    },
    h('span', { class: 'case-id' }, c.caseId),
    h('span', { class: 'badge' }, tEnum('cs', c.state)),
    h('span', { class: 'timer', 'data-since': c.createdAt }, t('case_open_for', { t: elapsed(c.createdAt) })),
    h('span', { class: 'muted' }, `${tEnum('sex', child.sex || 'SEX_UNSPECIFIED')} · ${t('years', { a: child.ageMin ?? 0, b: child.ageMax ?? 0 })}`,
      ` · ${r.lastSeenZoneId || r.foundZoneId || ''}`),
    h('span', { class: 'muted' }, [cl.top?.description, cl.shoes?.description].filter(Boolean).join(' / ')),
    c.escalationStage > 0 && h('span', { class: 'badge badge-orange' }, t('stage', { n: c.escalationStage })));
  }

  async function refresh() {
    try {
      list = await api.cases();
      const missing = list.filter((c) => c.kind === 'CASE_MISSING');
      const found = list.filter((c) => c.kind === 'CASE_FOUND');
      replace(missingEl, missing.length ? missing.map(caseCard) : h('p', { class: 'muted' }, t('cases_none')));
      replace(foundEl, found.length ? found.map(caseCard) : h('p', { class: 'muted' }, t('cases_none')));
    } catch (e) {
      replace(missingEl, errorBox(e));
      replace(foundEl);
    }
  }

  async function select(id, reason) {
    selected = id;
    for (const el of root.querySelectorAll('.case-card')) el.classList.toggle('selected', el.dataset.case === id);
    replace(detailEl, h('p', { class: 'muted' }, t('loading')));
    try {
      const c = await api.getCase(id, isDesk ? reason : undefined);
      current = c;
      replace(detailEl, renderDetail(c, isDesk ? reason : undefined));
      loadCandidates(c);
    } catch (e) {
      replace(detailEl, errorBox(e));
    }
  }

  function describe(c, titleKey) {
    const r = reportOf(c);
    const child = r.child || {};
    const cl = child.clothing || {};
    const rows = [
      [t('sex'), tEnum('sex', child.sex || 'SEX_UNSPECIFIED')],
      [t('age'), t('years', { a: child.ageMin ?? 0, b: child.ageMax ?? 0 })],
      [t('height'), child.heightCm ? `${child.heightCm} ${t('cm')}` : '–'],
      [t('top'), garment(cl.top)], [t('bottom'), garment(cl.bottom)], [t('hat'), garment(cl.hat)], [t('shoes'), garment(cl.shoes)],
      [t('features'), child.features || '–'], [t('language'), child.language || '–'],
      [c.kind === 'CASE_MISSING' ? t('last_seen') : t('zone'), `${r.lastSeenZoneId || r.foundZoneId || ''} ${fmtTime(r.lastSeenAt || r.foundAt)}`],
    ];
    if (r.heldAt) rows.push([t('held_at'), r.heldAt]);
    return h('div', { class: 'describe' }, titleKey && h('h3', {}, titleKey),
      h('dl', {}, rows.map(([k, v]) => [h('dt', {}, k), h('dd', {}, v)])),
      photos(c.caseId, child.photoIds || []));
  }
  const garment = (g) => (g ? [g.description, (g.colours || []).join('、')].filter(Boolean).join(' · ') : '') || '–';

  function photos(caseId, ids) {
    if (!ids.length) return null;
    const box = h('div', { class: 'photos' });
    for (const pid of ids) {
      const slot = h('div', { class: 'photo' }, t('loading'));
      box.append(slot);
      api.casePhotoUrl(caseId, pid)
        .then((url) => replace(slot, h('img', { src: url, alt: `${caseId} photo` })))
        .catch(() => replace(slot, h('span', { class: 'muted' }, t('photo_unavailable'))));
    }
    return box;
  }

  // Desk only: the restricted part, after a stated reason. Never rendered for any other role.
  function restricted(c, reasonGiven) {
    if (!isDesk) return null;
    const r = reportOf(c).restricted || {};
    if (!reasonGiven) {
      const [reasonField, reason] = field(t('reason'), { maxlength: 200, 'data-testid': 'restricted-reason' });
      return h('div', { class: 'restricted' }, h('h3', {}, t('restricted')), reasonField,
        h('button', { type: 'button', onclick: () => reason.value.trim() && select(c.caseId, reason.value.trim()) }, t('show_restricted')));
    }
    return h('div', { class: 'restricted', 'data-testid': 'restricted' }, h('h3', {}, t('restricted')),
      h('dl', {}, h('dt', {}, t('child_name')), h('dd', {}, r.childName || '–'),
        h('dt', {}, t('guardian_name')), h('dd', {}, r.guardianName || '–'),
        h('dt', {}, t('guardian_phone')), h('dd', {}, r.guardianPhone || '–')));
  }

  function renderDetail(c, reasonGiven) {
    const actions = h('div', { class: 'case-actions' });
    if (isDesk) {
      const [toField, to] = field(t('to_state'), { tag: 'select', options: STATES.map((s) => [s, tEnum('cs', s)]) });
      const [reasonField, reason] = field(t('reason'), { maxlength: 500 });
      actions.append(h('fieldset', {}, h('legend', {}, t('transition')), toField, reasonField,
        actionButton(t('submit'), () => api.transition(c.caseId, to.value, reason.value), { done: () => { select(c.caseId); refresh(); } })));
      const [docField, doc] = field(t('doc_type'), { tag: 'select',
        options: ['resident_id', 'passport', 'hk_macau_permit'].map((d) => [d, t(`doc_${d}`)]) });
      const [numField, docNum] = field(t('doc_number'), { autocomplete: 'off', maxlength: 40 });
      actions.append(h('fieldset', {}, h('legend', {}, t('verify_guardian')), docField, numField,
        actionButton(t('verify_guardian'), () => api.verifyGuardian(c.caseId, doc.value, docNum.value),
          { done: () => { docNum.value = ''; select(c.caseId); refresh(); } })));
    }
    if (isDesk || session.role === 'patrol') {
      const [noteField, note] = field(t('note'), { maxlength: 500 });
      actions.append(h('fieldset', {}, h('legend', {}, t('handover')), noteField,
        actionButton(t('handover'), () => api.handover(c.caseId, note.value), { done: () => { select(c.caseId); refresh(); } })));
    }
    const v = c.verification;
    return h('div', { 'data-case-detail': c.caseId, 'data-state': c.state },
      h('h2', {}, `${tEnum('kind', c.kind)} ${c.caseId} · ${tEnum('cs', c.state)}`),
      h('p', { class: 'muted' }, `${fmtTime(c.createdAt)} · ${t('case_open_for', { t: elapsed(c.createdAt) })}`,
        c.matchedCaseId ? ` · ↔ ${c.matchedCaseId}` : ''),
      v && v.verifiedBy && h('p', { class: 'ok', 'data-testid': 'verified' },
        t('verified', { doc: t(`doc_${v.documentType}`), num: v.documentNumberMasked || '' }), ` · ${v.verifiedBy} ${fmtTime(v.verifiedAt)}`),
      restricted(c, reasonGiven),
      h('h3', {}, t('candidates')),
      h('div', { class: 'candidates', 'data-testid': 'candidates' }, t('loading')),
      actions);
  }

  async function loadCandidates(c) {
    const box = detailEl.querySelector('.candidates');
    if (!box) return;
    try {
      const cands = await api.candidates(c.caseId);
      if (!cands.length) return replace(box, h('p', { class: 'muted' }, t('candidates_none')));
      replace(box, cands.map((cand) => h('div', { class: 'candidate', 'data-candidate': cand.caseId },
        h('div', { class: 'side-by-side' },
          describe(c, `${t('this_case')} ${c.caseId}`),
          describe({ caseId: cand.caseId, kind: c.kind === 'CASE_MISSING' ? 'CASE_FOUND' : 'CASE_MISSING',
            found: { child: cand.child, foundZoneId: cand.zoneId, foundAt: cand.at } }, `${t('candidate')} ${cand.caseId}`)),
        h('p', {}, h('strong', {}, `${t('score')} ${num(cand.score * 100, 0)}%`),
          // The matcher's label (issue 13): "likely" only when one candidate stands clearly above
          // the rest; a tie is said, never decided by order.
          cand.label && h('span', { class: `badge label-${cand.label}`, 'data-testid': 'candidate-label' },
            ` ${t(`label_${cand.label}`)}`),
          cand.tied && h('span', { class: 'badge tied', 'data-testid': 'candidate-tied' }, ` ${t('tied')}`)),
        (cand.labelReasonZh || cand.labelReasonEn) &&
          h('p', { class: 'muted' }, pick(cand.labelReasonZh, cand.labelReasonEn)),
        h('table', { class: 'features' },
          h('thead', {}, h('tr', {}, h('th', {}, t('feature')), h('th', {}, t('score')), h('th', {}, t('weight')), h('th', {}, t('explanation')))),
          h('tbody', {}, (cand.features || []).map((f) => h('tr', { class: f.warning ? 'warn' : '' },
            h('td', {}, f.feature), h('td', {}, h('span', { class: 'mini-bar' }, h('span', { style: { width: `${Math.round((f.score || 0) * 100)}%` } })), ` ${num(f.score, 2)}`),
            h('td', {}, num(f.weight, 2)), h('td', {}, f.warning ? `⚠ ${t('warning')}: ` : '', pick(f.explanationZh, f.explanation) || ''))))),
        isDesk && h('div', {},
          actionButton(t('confirm_match'), () => api.confirmMatch(c.caseId, cand.caseId), { cls: 'primary', done: () => { select(c.caseId); refresh(); } }),
          actionButton(t('link_duplicate'), () => api.linkDuplicate(c.caseId, cand.caseId), { done: () => { select(c.caseId); refresh(); } })))));
    } catch (e) {
      replace(box, errorBox(e));
    }
  }

  if (isDesk) {
    api.venue().then((v) => replace(formSlot, missingReportForm(v.zones || [], (c) => { refresh(); select(c.caseId); })))
      .catch((e) => replace(formSlot, errorBox(e)));
  }
  refresh();
  const stop = api.stream('/v1/cases/stream', { onEvent: () => { refresh(); if (current) loadCandidates(current); } });
  const tick = setInterval(() => {
    for (const el of root.querySelectorAll('.timer')) el.textContent = t('case_open_for', { t: elapsed(el.dataset.since) });
  }, 1000);
  const poll = setInterval(refresh, 10000);
  return { root, dispose: () => { stop(); clearInterval(tick); clearInterval(poll); }, select };
}
