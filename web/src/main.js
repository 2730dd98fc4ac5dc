// The dashboard shell: login, a role-aware navigation, the language switch, and the views.
import * as api from './api.js';
import { h, replace } from './dom.js';
import { t, lang, setLang } from './i18n.js';
import { errorBox, field } from './ui.js';
import { liveView } from './views/live.js';
import { casesView } from './views/cases.js';
import { appealsView } from './views/appeals.js';
import { inboxView } from './views/inbox.js';
import { reportView } from './views/report.js';

// Which views each role gets (the gateway enforces the same matrix; docs/api.md).
const VIEWS = {
  desk: ['live', 'cases', 'inbox'],
  patrol: ['live', 'cases'],
  press: ['appeals', 'inbox', 'report', 'live'],
  admin: ['live', 'inbox'],
};
const MAKERS = { live: liveView, cases: casesView, appeals: appealsView, inbox: inboxView, report: reportView };

const app = document.getElementById('app');
let currentView = null;
let active = null;

function langButton() {
  return h('button', { type: 'button', class: 'lang', 'data-testid': 'lang', lang: lang() === 'zh' ? 'en' : 'zh',
    onclick: () => { setLang(lang() === 'zh' ? 'en' : 'zh'); render(); } }, t('lang_switch'));
}

function loginScreen() {
  const [uField, user] = field(t('username'), { name: 'username', autocomplete: 'username', required: true });
  const [pField, pass] = field(t('password'), { name: 'password', type: 'password', autocomplete: 'current-password', required: true });
  const msg = h('div');
  const form = h('form', { class: 'login panel', 'aria-labelledby': 'h-login' },
    h('h1', { id: 'h-login' }, t('app_title')), uField, pField,
    h('button', { type: 'submit', class: 'primary' }, t('login')), msg);
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    replace(msg);
    try {
      await api.login(user.value.trim(), pass.value);
      pass.value = '';
    } catch (err) {
      replace(msg, errorBox(err));
    }
  });
  return h('main', { class: 'login-wrap' }, h('div', { class: 'top-right' }, langButton()), form);
}

function render() {
  currentView?.dispose?.();
  currentView = null;
  document.title = t('app_title');
  const s = api.currentSession();
  if (!s) return replace(app, loginScreen());
  const views = VIEWS[s.role] || ['live'];
  if (!views.includes(active)) active = views[0];
  const nav = h('nav', { 'aria-label': 'main' }, views.map((v) => h('button', {
    type: 'button', class: v === active ? 'tab active' : 'tab', 'aria-current': v === active ? 'page' : undefined,
    'data-nav': v, onclick: () => { active = v; render(); },
  }, t(`nav_${v}`))));
  currentView = MAKERS[active](s);
  replace(app,
    h('header', { class: 'top' },
      h('h1', {}, t('app_title')), nav,
      h('div', { class: 'who' }, h('span', { 'data-testid': 'who' }, `${s.username} · ${t(`role_${s.role}`)}`),
        // Officers file found reports from the phone app (docs/patrol_app.md).
        s.role === 'patrol' ? h('a', { href: '/patrol/', class: 'patrol-link', 'data-testid': 'patrol-app' }, t('patrol_app')) : null,
        langButton(), h('button', { type: 'button', 'data-testid': 'logout', onclick: () => api.logout() }, t('logout')))),
    h('main', { class: `view view-${active}` }, currentView.root));
}

setLang(lang());
api.onSessionChange(() => render());
render();
