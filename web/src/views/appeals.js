// Appeal review for the press office: drafts with a Weibo-style preview and a length meter for
// each language, the diff between versions, what the PII guard found, and the workflow actions
// (submit, approve, reject, publish, retract, lift the blur of one photo), and each photo as it
// will be published. appeal-service enforces the rules (a second person approves, also a lift);
// the UI shows its answer.
import * as api from '../api.js';
import { h, replace, fmtTime } from '../dom.js';
import { t, tEnum } from '../i18n.js';
import { errorBox, actionButton, field } from '../ui.js';
import { meter, HEADLINE_LIMIT, LONG_LIMIT } from '../weibo.js';

const LANG_NAMES = { 'zh-Hans': '简体中文', 'zh-Hant': '繁體中文（港澳）', en: 'English' };

export function appealsView(session) {
  const listEl = h('div', { class: 'appeal-list', 'data-testid': 'appeal-list' });
  const detailEl = h('section', { class: 'panel appeal-detail', 'data-testid': 'appeal-detail' },
    h('p', { class: 'muted' }, t('select_appeal')));
  const root = h('div', { class: 'appeals' },
    h('section', { class: 'panel' }, h('h2', {}, t('appeals')), listEl), detailEl);
  let selected = null;

  async function refresh() {
    try {
      const list = await api.appeals();
      replace(listEl, list.length ? list.map((a) => h('button', {
        type: 'button', class: `appeal-card ${a.appealId === selected ? 'selected' : ''}`,
        'data-appeal': a.appealId, 'data-state': a.state, onclick: () => select(a.appealId),
      },
      h('span', { class: 'badge' }, tEnum('ap', a.state)), ' ', tEnum('ak', a.kind), ' ',
      h('span', { class: 'muted' }, `${a.caseId || ''} · ${t('author')} ${a.author} · ${fmtTime(a.updatedAt)}`)))
        : h('p', { class: 'muted' }, t('appeals_none')));
    } catch (e) {
      replace(listEl, errorBox(e));
    }
  }

  async function select(id) {
    selected = id;
    for (const el of listEl.querySelectorAll('.appeal-card')) el.classList.toggle('selected', el.dataset.appeal === id);
    try {
      const a = await api.getAppeal(id);
      replace(detailEl, renderDetail(a));
    } catch (e) {
      replace(detailEl, errorBox(e));
    }
  }
  const after = () => { refresh(); select(selected); };

  // The length as counted here; `served` is appeal-service's own count, shown when they differ.
  function lengthMeter(label, text, limit, served) {
    const m = meter(text, limit);
    return h('div', { class: `meter ${m.over ? 'over' : ''}`, 'data-testid': 'length-meter' },
      h('span', {}, label, ': ', t('weibo_len', { n: m.length, max: limit }), m.over ? ` · ${t('over_limit')}` : '',
        served !== undefined && served !== m.length ? ` (appeal-service: ${served})` : ''),
      h('div', { class: 'meter-track', role: 'meter', 'aria-valuemin': 0, 'aria-valuemax': limit, 'aria-valuenow': m.length, 'aria-label': label },
        h('div', { class: 'meter-fill', style: { width: `${Math.round(m.ratio * 100)}%` } })));
  }

  function weiboCard(text) {
    return h('div', { class: 'weibo', 'aria-label': t('preview') },
      h('div', { class: 'weibo-head' }, h('span', { class: 'avatar', 'aria-hidden': 'true' }, '警'),
        h('span', {}, h('strong', {}, t('account')), h('br'), h('span', { class: 'muted' }, t('preview')))),
      h('div', { class: 'weibo-body' }, text));
  }

  function renderDetail(a) {
    const texts = a.current?.texts || [];
    const version = a.current?.version || 1;
    const isAuthor = a.author === session.username;
    const textBlocks = texts.map((tx) => h('div', { class: 'appeal-text', 'data-lang': tx.language },
      h('h3', {}, LANG_NAMES[tx.language] || tx.language),
      h('div', { class: 'two-col' },
        h('div', {}, weiboCard(tx.headline),
          lengthMeter(t('headline'), tx.headline, HEADLINE_LIMIT, tx.headlineLength ?? 0),
          lengthMeter(t('long_text'), tx.longText, LONG_LIMIT, tx.longLength ?? 0)),
        h('details', {}, h('summary', {}, t('long_text')), h('pre', { class: 'long' }, tx.longText)))));

    const findings = a.piiFindings || [];
    const pii = h('div', { class: 'pii', 'data-testid': 'pii' }, h('h3', {}, t('pii_findings')),
      findings.length ? h('ul', {}, findings.map((f) => h('li', { class: f.action === 'refused' ? 'warn' : '' },
        `${f.kind === 'not_descriptive' ? t('pii_not_descriptive') : f.kind} · ${f.field} · ${f.action === 'refused' ? t('pii_refused') : t('pii_removed')}`)))
        : h('p', { class: 'muted' }, t('pii_none')));

    // Phrases the drafter could not translate: appeal-service refuses submission until a person
    // writes them. One with Han characters is missing from the English, one without (typed in
    // English into a Chinese field) from both Chinese versions: the same rule as the workflow.
    const untranslated = a.needsTranslation || [];
    const hasHan = (p) => /[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]|[\ud840-\ud87e][\udc00-\udfff]/.test(p);
    const panel = (phrases, title, hint, lang) => phrases.length ? h('div', { class: 'warn needs-translation', 'data-testid': title.replace(/_/g, '-') },
      h('h3', {}, t(title)), h('p', {}, t(hint)),
      h('ul', {}, phrases.map((p) => h('li', { lang }, p)))) : null;
    const translation = h('div', {},
      panel(untranslated.filter(hasHan), 'needs_translation', 'needs_translation_hint', 'zh-Hans'),
      panel(untranslated.filter((p) => !hasHan(p)), 'needs_translation_zh', 'needs_translation_zh_hint', 'en'));

    // Versions diff.
    const diffOut = h('div', { class: 'diff', 'data-testid': 'diff' });
    const versions = Array.from({ length: a.versionCount || 1 }, (_, i) => [String(i + 1), t('version', { n: i + 1 })]);
    const [fromField, from] = field(t('diff_from'), { tag: 'select', options: versions });
    const [toField, to] = field(t('diff_to'), { tag: 'select', options: versions });
    const [langField, lng] = field(t('language'), { tag: 'select', options: texts.map((x) => [x.language, LANG_NAMES[x.language] || x.language]) });
    to.value = String(a.versionCount || 1);
    from.value = String(Math.max(1, (a.versionCount || 1) - 1));
    const diff = h('div', {}, h('h3', {}, t('diff')), h('div', { class: 'row' }, fromField, toField, langField,
      actionButton(t('show_diff'), async () => {
        const lines = await api.diffAppeal(a.appealId, from.value, to.value, lng.value);
        replace(diffOut, lines.map((l) => h('div', { class: `diff-${l.op}` }, l.op === 'insert' ? '+ ' : l.op === 'delete' ? '− ' : '  ', l.text)));
      })), diffOut);

    // Edit (a new version).
    const editForm = h('details', { class: 'edit' }, h('summary', {}, t('edit')));
    const inputs = texts.map((tx) => {
      const [hf, hi] = field(`${LANG_NAMES[tx.language] || tx.language} · ${t('headline')}`, { tag: 'textarea', rows: 3 });
      const [lf, li] = field(`${LANG_NAMES[tx.language] || tx.language} · ${t('long_text')}`, { tag: 'textarea', rows: 5 });
      hi.value = tx.headline; li.value = tx.longText;
      const live = h('div');
      const upd = () => replace(live, lengthMeter(t('headline'), hi.value, HEADLINE_LIMIT), lengthMeter(t('long_text'), li.value, LONG_LIMIT));
      hi.addEventListener('input', upd); li.addEventListener('input', upd); upd();
      editForm.append(hf, lf, live);
      return { language: tx.language, hi, li };
    });
    editForm.append(actionButton(t('save'), () => api.editAppeal(a.appealId, version,
      inputs.map((x) => ({ language: x.language, headline: x.hi.value, longText: x.li.value }))), { done: after }));

    // Workflow actions for the current state.
    const [reasonField, reason] = field(t('reason'), { maxlength: 500, 'data-testid': 'appeal-reason' });
    const [urlField, url] = field(t('post_url'), { type: 'url', placeholder: 'https://weibo.com/...' });
    const act = (key, action, opts = {}) => actionButton(t(key), action, { done: after, testid: key, ...opts });
    const buttons = [];
    const s = a.state;
    if (s === 'APPEAL_DRAFT' || s === 'APPEAL_REJECTED') {
      buttons.push(act('submit_review', () => api.appealAction(a.appealId, 'submit')));
    }
    // appeal-service asks case-service when the appeal is read: a missing-child appeal whose case
    // already has a strong candidate is approved only with "publish anyway" and a reason.
    const mw = a.matchWarning || {};
    const warned = s === 'APPEAL_IN_REVIEW' && (mw.strongCandidate || mw.unchecked);
    const anyway = h('input', { type: 'checkbox', 'data-testid': 'publish-anyway' });
    const matchWarning = warned && h('div', { class: 'match-warning', 'data-testid': 'match-warning' },
      h('p', { class: 'warn' }, mw.strongCandidate
        ? t('match_warning', { case: mw.candidateCaseId, score: (mw.score || 0).toFixed(2), threshold: (mw.notifyThreshold || 0).toFixed(2) })
        : t('match_unchecked')),
      h('label', { class: 'check' }, anyway, t('publish_anyway')));
    if (s === 'APPEAL_IN_REVIEW') {
      buttons.push(act('approve', () => (anyway.checked
        ? api.appealAction(a.appealId, 'approve', reason.value, { publishAnyway: true })
        : api.appealAction(a.appealId, 'approve')), { cls: 'primary' }));
      buttons.push(act('reject', () => api.appealAction(a.appealId, 'reject', reason.value)));
    }
    if (s === 'APPEAL_APPROVED') buttons.push(act('publish', () => api.publishAppeal(a.appealId, url.value), { cls: 'primary' }));
    if (s === 'APPEAL_PUBLISHED' || s === 'APPEAL_UPDATED' || s === 'APPEAL_APPROVED') {
      buttons.push(act('retract', () => api.appealAction(a.appealId, 'retract', reason.value)));
    }

    // Each photo exactly as it will be published (appeal-service's stored image), with the blur
    // state; a pending lift shows the unblurred image beside it for the second officer.
    const photos = (a.photos || []).map((p) => {
      const img = h('img', { class: 'appeal-photo', alt: t('photo_published'), 'data-testid': 'appeal-photo', 'data-photo': p.photoId });
      api.appealPhotoUrl(a.appealId, p.photoId).then((u) => { img.src = u; }, () => img.replaceWith(h('p', { class: 'warn' }, t('photo_unavailable'))));
      const state = p.faceBlurred
        ? (p.liftPending ? t('photo_lift_pending', { who: p.liftRequestedBy || '' }) : t('photo_blurred', { n: p.facesBlurred || 0 }))
        : t('photo_unblurred');
      const extra = [];
      // The safety net (issue 14): no face was found, so the photo is published blurred whole
      // unless a person checks it and a second officer approves a lift.
      if (p.noFaceFound && p.faceBlurred) {
        extra.push(h('p', { class: 'warn', role: 'alert', 'data-testid': 'appeal-photo-no-face' }, t('photo_no_face')));
      }
      if (p.liftPending) {
        const preview = h('img', { class: 'appeal-photo', alt: t('photo_lift_preview'), 'data-testid': 'appeal-photo-lift-preview' });
        api.appealPhotoUrl(a.appealId, p.photoId, true).then((u) => { preview.src = u; }, () => preview.remove());
        extra.push(h('figure', {}, preview, h('figcaption', {}, t('photo_lift_preview'), p.liftReason ? ` · ${p.liftReason}` : '')));
      }
      const canLift = p.faceBlurred && !p.liftPending && ['APPEAL_DRAFT', 'APPEAL_IN_REVIEW', 'APPEAL_APPROVED'].includes(s);
      return h('div', { class: 'appeal-photos row', 'data-photo-state': p.faceBlurred ? (p.liftPending ? 'lift-pending' : 'blurred') : 'unblurred' },
        h('figure', {}, img, h('figcaption', { 'data-testid': 'appeal-photo-state' }, state)), ...extra,
        canLift ? act('lift_blur', () => api.liftBlur(a.appealId, p.photoId, reason.value)) : null);
    });
    const photoBlock = photos.length ? h('div', { class: 'photos', 'data-testid': 'appeal-photos' }, h('h3', {}, t('photo_as_published')), photos) : null;

    const audit = h('details', {}, h('summary', {}, t('audit')), h('div', { class: 'audit' }));
    audit.addEventListener('toggle', async () => {
      if (!audit.open) return;
      const box = audit.querySelector('.audit');
      try {
        const entries = await api.appealAudit(a.appealId);
        replace(box, h('ul', {}, entries.map((e) => h('li', {}, `${fmtTime(e.at)} ${e.actor?.userId || ''} ${e.action} ${tEnum('ap', e.from)} → ${tEnum('ap', e.to)} v${e.version} ${e.reason || ''}`))));
      } catch (e) { replace(box, errorBox(e)); }
    });

    return h('div', { 'data-appeal-detail': a.appealId, 'data-state': s },
      h('h2', {}, `${tEnum('ak', a.kind)} · `, h('span', { 'data-testid': 'appeal-state' }, tEnum('ap', s))),
      h('p', { class: 'muted' }, `${a.appealId} · ${t('author')} ${a.author} · ${t('version', { n: version })}`,
        a.publishedUrl ? ` · ${t('published_at', { url: a.publishedUrl })}` : '',
        a.rejectReason ? ` · ${a.rejectReason}` : ''),
      s === 'APPEAL_IN_REVIEW' && isAuthor && h('p', { class: 'warn' }, t('self_approve')),
      matchWarning,
      h('div', { class: 'workflow' }, (s === 'APPEAL_IN_REVIEW' || buttons.length > 1 || photos.length > 0) && reasonField,
        s === 'APPEAL_APPROVED' && urlField, buttons),
      translation, photoBlock, textBlocks, pii, diff, editForm, audit);
  }

  refresh();
  const poll = setInterval(refresh, 10000);
  return { root, dispose: () => clearInterval(poll) };
}
