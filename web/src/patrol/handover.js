// The officer's part of the handover on the phone: verify the guardian's document (the full
// number is sent once and masked by case-service; only the masked form is stored), then hand
// the child over. The service enforces the order (no handover before verification).
import * as api from '../api.js';
import { h, replace } from '../dom.js';
import { t } from '../i18n.js';
import { errorBox } from '../ui.js';
import { uuid } from './outbox.js';

const DOCS = ['resident_id', 'passport', 'hk_macau_permit'];

export function handoverPanel() {
  const msg = h('div', { role: 'status', 'data-testid': 'handover-msg' });
  const caseId = h('input', { id: 'ho-case', name: 'case', required: true, autocomplete: 'off', 'data-testid': 'ho-case' });
  const docType = h('select', { id: 'ho-doc', 'data-testid': 'ho-doc' }, DOCS.map((d) => h('option', { value: d }, t(`doc_${d}`))));
  const docNumber = h('input', { id: 'ho-number', autocomplete: 'off', inputmode: 'text', 'data-testid': 'ho-number' });
  const run = async (fn) => {
    replace(msg);
    try { await fn(); } catch (e) { replace(msg, errorBox(e)); }
  };
  const verify = h('button', { type: 'button', class: 'big-button', 'data-testid': 'ho-verify', onclick: () => run(async () => {
    const c = await api.verifyGuardian(caseId.value.trim(), docType.value, docNumber.value.trim());
    docNumber.value = ''; // the full number leaves the phone's screen at once
    // The masked number is shown only where case-service returns it (the desk's view).
    replace(msg, h('p', { class: 'ok', 'data-state': c.state }, t('p_verified', { doc: t(`doc_${docType.value}`), num: c.verification?.documentNumberMasked || '' }).trim()));
  }) }, t('p_verify'));
  const hand = h('button', { type: 'button', class: 'big-button primary', 'data-testid': 'ho-complete', onclick: () => run(async () => {
    const c = await api.handover(caseId.value.trim(), '', uuid());
    replace(msg, h('p', { class: 'ok', 'data-state': c.state }, `${t('p_handed_over')} · ${t(`cs_${c.state}`)}`));
  }) }, t('p_do_handover'));
  return h('section', { class: 'panel handover', 'aria-labelledby': 'h-handover' },
    h('h2', { id: 'h-handover' }, t('p_handover')), h('p', { class: 'muted' }, t('p_handover_hint')),
    h('label', { class: 'field', for: 'ho-case' }, h('span', {}, t('p_case_id')), caseId),
    h('label', { class: 'field', for: 'ho-doc' }, h('span', {}, t('p_doc_type')), docType),
    h('label', { class: 'field', for: 'ho-number' }, h('span', {}, t('p_doc_number')), docNumber),
    verify, hand, msg);
}
