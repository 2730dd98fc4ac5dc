// The press-desk inbox with deadlines, and a search of the answer library (口径库) whose hits can
// be used as a reply. The desk may read the inbox; answering and the library are the press office's.
import * as api from '../api.js';
import { h, replace, fmtDateTime } from '../dom.js';
import { t, tEnum } from '../i18n.js';
import { errorBox, actionButton, field } from '../ui.js';
import { marked } from '../highlight.js';
import { proposalsPanel, proposeButton } from './proposals.js';
import { tipCasesButton } from './tip_cases.js';

export function inboxView(session) {
  const isPress = session.role === 'press';
  const listEl = h('div', { class: 'inbox-list', 'data-testid': 'inbox' });
  const hitsEl = h('div', { class: 'hits', 'data-testid': 'answer-hits' });
  const [qField, q] = field(t('search'), { type: 'search', placeholder: t('search_ph'), 'data-testid': 'answer-q' });
  let chosen = null; // the reply box the library fills

  const search = async () => {
    try {
      const hits = await api.searchAnswers(q.value.trim());
      replace(hitsEl, hits.length ? hits.map((hit) => h('article', { class: 'hit' },
        // What matched is marked (spans from appeal-service), matched keywords too.
        h('strong', {}, marked(hit.entry.question, hit.questionMatches)), h('p', {}, marked(hit.entry.answer, hit.answerMatches)),
        h('p', { class: 'muted' }, (hit.entry.keywords || []).map((k, i) => [i ? '、' : '',
          (hit.matchedKeywords || []).includes(k) ? h('mark', {}, k) : k])),
        isPress && h('button', { type: 'button', 'data-testid': 'use-answer', onclick: () => {
          // Into the reply box last focused, else the first open message's.
          const box = chosen?.isConnected ? chosen : listEl.querySelector('textarea');
          if (box) { box.value = hit.entry.answer; box.focus(); }
        } }, t('use_answer'))))
        : h('p', { class: 'muted' }, t('hits_none')));
    } catch (e) {
      replace(hitsEl, errorBox(e));
    }
  };
  const form = h('form', { class: 'row', onsubmit: (e) => { e.preventDefault(); search(); } }, qField, h('button', { type: 'submit' }, t('search')));

  async function refresh() {
    try {
      const msgs = await api.inbox();
      replace(listEl, msgs.length ? msgs.map(messageCard) : h('p', { class: 'muted' }, t('inbox_none')));
    } catch (e) {
      replace(listEl, errorBox(e));
    }
  }

  // How far a reply got on its way back to the sender (the Weibo connector's report).
  const delivery = (state, testid) => state && state !== 'REPLY_DELIVERY_UNSPECIFIED'
    && h('span', { class: `badge delivery ${state === 'REPLY_FAILED' ? 'badge-red' : state === 'REPLY_QUEUED' ? 'badge-orange' : ''}`, 'data-testid': testid, 'data-state': state }, tEnum('dl', state));

  function messageCard(m) {
    const overdue = m.deadline && !m.answeredAt && new Date(m.deadline) < new Date();
    const category = m.category && m.category !== 'MESSAGE_CATEGORY_UNSPECIFIED' ? m.category : m.suggestedCategory || 'MESSAGE_CATEGORY_UNSPECIFIED';
    const lifeSafety = category === 'MESSAGE_LIFE_SAFETY';
    const card = h('article', { class: `message ${overdue ? 'overdue' : ''} ${lifeSafety ? 'life-safety' : ''}`, 'data-message': m.messageId },
      h('header', {}, h('span', { class: 'badge' }, tEnum('ms', m.state)), ' ',
        lifeSafety ? h('span', { class: 'badge badge-red', 'data-testid': 'category' }, tEnum('mc', category)) : h('span', { 'data-testid': 'category' }, tEnum('mc', category)),
        ' · ', m.channel, m.department ? ` · ${m.department}` : '',
        ' · ', t('deadline'), ' ', fmtDateTime(m.deadline), overdue ? h('span', { class: 'badge badge-red' }, t('overdue')) : ''),
      h('p', {}, m.text),
      m.senderHandle && h('p', { class: 'muted' }, `${t('sender')}: ${m.senderHandle}`),
      // A page to the command centre: who took it, or that nobody has yet.
      lifeSafety && h('p', { class: m.pageAcknowledgedAt ? 'ok' : 'warn', 'data-testid': 'page-ack' },
        m.pageAcknowledgedAt ? t('page_acked', { who: m.pageAcknowledgedBy, t: fmtDateTime(m.pageAcknowledgedAt) }) : t('page_waiting')),
      m.autoReply && h('p', { class: 'muted' }, `${t('auto_reply')}: ${m.autoReply} `, delivery(m.autoReplyDelivery, 'auto-reply-delivery')),
      m.answer && h('p', { class: 'ok' }, `${t('answer')}: ${m.answer} `, delivery(m.answerDelivery, 'answer-delivery')));
    if (isPress && !m.answeredAt) {
      const [replyField, reply] = field(t('answer'), { tag: 'textarea', rows: 3, maxlength: 2000 });
      reply.value = m.draftReply || '';
      reply.addEventListener('focus', () => { chosen = reply; });
      card.append(replyField, actionButton(t('answer'), () => api.answerMessage(m.messageId, reply.value), { done: refresh, testid: 'answer' }));
    }
    // A sighting in the message may be evidence for an open case: offered, linked only on a click.
    if (isPress && !m.linkedCaseId) card.append(tipCasesButton(m, refresh));
    if (m.linkedCaseId) card.append(h('p', { class: 'ok' }, t('tip_linked', { id: m.linkedCaseId })));
    // A hand-written answer may teach the library, once a second press officer approves it.
    // (Not when the answer is the library's suggestion unchanged: nothing to learn.)
    if (isPress && m.answeredAt && m.answer !== m.draftReply) card.append(proposeButton(m, () => proposals?.refresh()));
    return card;
  }

  const proposals = isPress ? proposalsPanel(session) : null;
  const readsInbox = session.role === 'press' || session.role === 'desk';
  const root = h('div', { class: 'inbox' },
    readsInbox && h('section', { class: 'panel' }, h('h2', {}, t('inbox')), listEl),
    (isPress || session.role === 'admin') && h('section', { class: 'panel' }, h('h2', {}, t('answer_library')), form, hitsEl),
    proposals?.root);
  if (!readsInbox) return { root, dispose: () => {} };
  refresh();
  const poll = setInterval(refresh, 15000);
  return { root, dispose: () => clearInterval(poll) };
}
