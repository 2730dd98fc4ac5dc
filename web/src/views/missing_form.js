// The desk's form for a guardian's missing report. The restricted part (child's and guardian's
// names, guardian's phone) goes only to the API; it is never logged or kept in the page after
// filing.
import * as api from '../api.js';
import { h, replace } from '../dom.js';
import { t, pick } from '../i18n.js';
import { errorBox, field } from '../ui.js';

export function missingReportForm(zones, onFiled) {
  const f = {};
  const add = (key, label, attrs) => { const [w, i] = field(label, attrs); f[key] = i; return w; };
  const msg = h('div', { 'aria-live': 'polite' });
  const form = h('form', { class: 'missing-form', 'data-testid': 'missing-form' },
    h('div', { class: 'row' },
      add('sex', t('sex'), { tag: 'select', options: [['SEX_MALE', t('sex_SEX_MALE')], ['SEX_FEMALE', t('sex_SEX_FEMALE')], ['SEX_UNSPECIFIED', t('sex_SEX_UNSPECIFIED')]] }),
      add('ageMin', `${t('age')} min`, { type: 'number', min: 0, max: 17, value: 3, required: true }),
      add('ageMax', `${t('age')} max`, { type: 'number', min: 0, max: 17, value: 6, required: true }),
      add('height', `${t('height')} (${t('cm')})`, { type: 'number', min: 0, max: 200, value: 0 })),
    h('div', { class: 'row' },
      add('top', t('top'), { maxlength: 200 }), add('bottom', t('bottom'), { maxlength: 200 }),
      add('hat', t('hat'), { maxlength: 200 }), add('shoes', t('shoes'), { maxlength: 200 })),
    h('div', { class: 'row' },
      add('features', t('features'), { maxlength: 500 }), add('language', t('language'), { maxlength: 50 })),
    h('div', { class: 'row' },
      add('zone', t('last_seen'), { tag: 'select', options: zones.map((z) => [z.id, pick(z.nameZh, z.nameEn)]) }),
      add('minutes', t('when'), { type: 'number', min: 0, max: 1440, value: 10 }),
      add('note', t('note'), { maxlength: 200 })),
    h('fieldset', {}, h('legend', {}, t('restricted')),
      h('div', { class: 'row' },
        add('childName', t('child_name'), { maxlength: 50, autocomplete: 'off' }),
        add('guardianName', t('guardian_name'), { maxlength: 50, autocomplete: 'off' }),
        add('guardianPhone', t('guardian_phone'), { maxlength: 30, type: 'tel', autocomplete: 'off' })),
      h('label', { class: 'check' }, (f.consent = h('input', { type: 'checkbox' })), ' ', t('surname_consent'))),
    h('button', { type: 'submit', class: 'primary' }, t('file_report')), msg);

  // A colour word is taken from the description's start ("深蓝色羽绒服" → "深蓝色").
  const garment = (text) => {
    const d = text.trim();
    if (!d) return undefined;
    const colour = /^([^\s]{1,3}色)/.exec(d)?.[1] || /^(\w+)\s/.exec(d)?.[1];
    return colour ? { description: d, colours: [colour] } : { description: d };
  };
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    replace(msg);
    const report = {
      venueId: 'ocean',
      child: {
        sex: f.sex.value, ageMin: Number(f.ageMin.value), ageMax: Number(f.ageMax.value),
        heightCm: Number(f.height.value) || 0, features: f.features.value.trim(), language: f.language.value.trim(),
        clothing: { top: garment(f.top.value), bottom: garment(f.bottom.value), hat: garment(f.hat.value), shoes: garment(f.shoes.value) },
      },
      restricted: { childName: f.childName.value.trim(), guardianName: f.guardianName.value.trim(),
        guardianPhone: f.guardianPhone.value.trim(), surnameConsent: f.consent.checked },
      lastSeenZoneId: f.zone.value,
      lastSeenAt: new Date(Date.now() - Number(f.minutes.value || 0) * 60000).toISOString(),
      lastSeenNote: f.note.value.trim(),
    };
    try {
      const c = await api.fileMissing(report);
      form.reset();
      replace(msg, h('p', { class: 'ok' }, `${t('done')}: ${c.caseId}`));
      onFiled?.(c);
    } catch (err) {
      replace(msg, errorBox(err));
    }
  });
  return form;
}
