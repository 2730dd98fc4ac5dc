// Tips as case evidence: the open lost-child cases a message's sighting fits (read by
// appeal-service, ranked by case-service's matcher), each with its explanation and a button to
// link the tip to it. Nothing is linked until a press officer presses one.
import * as api from '../api.js';
import { h, replace, fmtDateTime } from '../dom.js';
import { t } from '../i18n.js';
import { errorBox, actionButton } from '../ui.js';

export function tipCasesButton(message, done) {
  const out = h('div', { class: 'tip-cases', 'data-testid': 'tip-cases' });
  const find = actionButton(t('tip_find_cases'), async () => {
    try {
      const r = await api.caseCandidatesForTip(message.messageId);
      const cands = r.candidates || [];
      replace(out,
        h('p', { class: 'muted' }, t('tip_understood', { what: r.understood || '–', zone: r.zoneId || '–' })),
        cands.length ? cands.map((c) => h('article', { class: 'candidate', 'data-case': c.caseId },
          h('strong', {}, `${c.caseId} · ${Math.round((c.score || 0) * 100)}%`),
          h('span', { class: 'muted' }, ` · ${c.zoneId || ''} · ${fmtDateTime(c.seenAt)}`),
          h('ul', {}, (c.explanations || []).map((e) => h('li', {}, e))),
          actionButton(t('tip_link'), () => api.linkCase(message.messageId, c.caseId), { done, testid: 'tip-link' })))
          : h('p', { class: 'muted' }, t('tip_no_cases')));
    } catch (e) {
      replace(out, errorBox(e));
    }
  }, { testid: 'tip-find-cases' });
  return h('div', {}, find, out);
}
