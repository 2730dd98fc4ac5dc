// The answer library learning from the desk, four eyes: answers that one press officer wrote by
// hand and proposed, waiting for a second press officer to approve (into the library) or reject
// with a reason. appeal-service refuses a proposer reviewing their own; the buttons say so too.
import * as api from '../api.js';
import { h, replace, fmtDateTime } from '../dom.js';
import { t } from '../i18n.js';
import { errorBox, actionButton, field } from '../ui.js';

// A button for an answered message's card: propose its answer for the library.
export function proposeButton(message, done) {
  return actionButton(t('propose_answer'), () => api.proposeAnswer(message.messageId), { done, testid: 'propose-answer' });
}

export function proposalsPanel(session) {
  const list = h('div', { 'data-testid': 'proposals' });
  async function refresh() {
    try {
      const pending = await api.answerProposals('pending');
      replace(list, pending.length ? pending.map(card) : h('p', { class: 'muted' }, t('proposals_none')));
    } catch (e) {
      replace(list, errorBox(e));
    }
  }
  function card(p) {
    const own = p.proposedBy === session.username;
    const [reasonField, reason] = field(t('reject_reason'), { maxlength: 500 });
    return h('article', { class: 'hit', 'data-proposal': p.proposalId },
      h('strong', {}, p.question), h('p', {}, p.answer),
      h('p', { class: 'muted' }, (p.keywords || []).join('、'), ' · ', t('proposed_by', { who: p.proposedBy }),
        ' · ', fmtDateTime(p.proposedAt)),
      own ? h('p', { class: 'muted' }, t('proposal_own'))
        : h('div', { class: 'workflow' },
          actionButton(t('approve_answer'), () => api.reviewProposal(p.proposalId, true), { done: refresh, testid: 'approve-proposal' }),
          reasonField,
          actionButton(t('reject'), () => api.reviewProposal(p.proposalId, false, reason.value), { done: refresh, testid: 'reject-proposal' })));
  }
  refresh();
  return { root: h('section', { class: 'panel' }, h('h2', {}, t('proposals')), list), refresh };
}
