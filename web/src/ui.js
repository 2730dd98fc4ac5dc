// Shared UI pieces: error boxes, buttons that show their own failures, inline forms.
import { h, replace } from './dom.js';
import { t } from './i18n.js';

// A clear, visible error for a failed call; 501 says the service has not built it yet.
export function errorBox(e) {
  const parts = [];
  if (e && e.status === 501) parts.push(t('not_available'));
  if (e && e.status !== undefined) parts.push(t('error_status', { status: e.status || '', title: e.title || '' }));
  if (e && e.detail) parts.push(e.detail);
  else if (e && e.message && !e.status) parts.push(e.message);
  if (e && e.field) parts.push(t('error_field', { field: e.field }));
  return h('div', { class: 'error', role: 'alert', 'data-status': e?.status ?? '' },
    h('strong', {}, t('error')), ' ', parts.join(' · '));
}

// Runs an async load into a container: "loading", then the rendered result or an error box.
export async function load(container, fn, render) {
  replace(container, h('p', { class: 'muted' }, t('loading')));
  try {
    const data = await fn();
    replace(container, render(data));
  } catch (e) {
    replace(container, errorBox(e));
  }
}

// A button whose click runs an async action; an error shows next to it, success calls done().
export function actionButton(label, action, { cls = '', done, testid } = {}) {
  const msg = h('span', { class: 'action-msg' });
  const btn = h('button', { type: 'button', class: cls, 'data-testid': testid }, label);
  btn.addEventListener('click', async () => {
    btn.disabled = true;
    replace(msg);
    try {
      const r = await action();
      done?.(r);
    } catch (e) {
      replace(msg, errorBox(e));
    } finally {
      btn.disabled = false;
    }
  });
  return h('span', { class: 'action' }, btn, msg);
}

// A labelled input. Returns [wrapper, input].
export function field(label, attrs = {}) {
  const id = `f-${Math.random().toString(36).slice(2, 9)}`;
  const input = attrs.tag === 'textarea' ? h('textarea', { id, ...attrs, tag: undefined })
    : attrs.tag === 'select' ? h('select', { id, ...attrs, tag: undefined, options: undefined },
      (attrs.options || []).map(([v, l]) => h('option', { value: v }, l)))
    : h('input', { id, ...attrs });
  return [h('label', { for: id, class: 'field' }, h('span', {}, label), input), input];
}

// LB/T 034 tier → CSS class.
export function tierClass(tier) {
  return {
    CAPACITY_NOTICE: 'tier-notice', CAPACITY_YELLOW: 'tier-yellow', CAPACITY_ORANGE: 'tier-orange',
    CAPACITY_RED: 'tier-red',
  }[tier] || 'tier-normal';
}
