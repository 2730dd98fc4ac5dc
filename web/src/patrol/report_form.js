// The found-child report: one screen of large taps. Photos are resized on the phone
// (photo.js); the report goes into the outbox (outbox.js) and is confirmed at once, before the
// network has done anything.
import { h, replace } from '../dom.js';
import { t, lang } from '../i18n.js';
import { COLOURS } from './colours.js';
import { MAX_PHOTOS, PhotoError, preparePhoto } from './photo.js';

const AGES = [[0, 2], [3, 4], [5, 6], [7, 9], [10, 12], [13, 17]];
// Height bands an officer can judge at a glance; the report carries the band's middle.
const HEIGHTS = [[0, 90, 85], [90, 100, 95], [100, 110, 105], [110, 120, 115], [120, 130, 125],
  [130, 145, 138], [145, 200, 150]];
const heightLabel = ([a, b]) => (a === 0 ? `<${b}` : b === 200 ? `>${a}` : `${a}–${b}`);

// A row of toggle buttons; one choice, or several when `multi`. Returns [element, get, clear].
function taps(name, options, { multi = false, initial = [], max = 3 } = {}) {
  const chosen = new Set(initial);
  const buttons = options.map(({ value, label, swatch }) => {
    const b = h('button', { type: 'button', class: 'tap', 'data-tap': name, 'data-value': value, 'aria-pressed': chosen.has(value) ? 'true' : 'false' },
      swatch ? h('span', { class: 'swatch', style: { background: `rgb(${swatch.join(',')})` } }) : null, label);
    b.addEventListener('click', () => {
      if (chosen.has(value)) chosen.delete(value);
      else {
        if (!multi) chosen.clear();
        if (multi && chosen.size >= max) return;
        chosen.add(value);
      }
      for (const other of buttons) other.setAttribute('aria-pressed', chosen.has(other.dataset.value) ? 'true' : 'false');
    });
    return b;
  });
  const clear = () => {
    chosen.clear();
    for (const b of buttons) b.setAttribute('aria-pressed', 'false');
  };
  return [h('div', { class: 'taps', role: 'group', 'aria-label': name }, buttons), () => [...chosen], clear];
}

function group(label, el) {
  return h('fieldset', { class: 'group' }, h('legend', {}, label), el);
}

const colourOptions = () => COLOURS.map((c) => ({ value: c.word, label: lang() === 'en' ? c.en : c.word, swatch: c.rgb }));

// venue: GET /v1/venue; session: the officer; onSubmit(report, photoBlobs) stores it.
export function reportForm({ venue, session, onSubmit }) {
  const photos = []; // { blob, url }
  const photoMsg = h('div', { class: 'photo-msg', 'data-testid': 'photo-msg', role: 'status' });
  const previews = h('div', { class: 'previews', 'data-testid': 'previews' });
  const fileInput = h('input', { type: 'file', accept: 'image/*', capture: 'environment', class: 'visually-hidden', id: 'photo-input', 'data-testid': 'photo-input' });
  const photoLabel = h('label', { for: 'photo-input', class: 'big-button photo-button' }, t('p_photo'));
  const renderPreviews = () => {
    replace(previews, photos.map((p, i) => h('figure', { class: 'preview' },
      h('img', { src: p.url, alt: `${t('p_photo')} ${i + 1}`, 'data-testid': 'preview' }),
      h('figcaption', {}, `${p.width}×${p.height} · ${Math.round(p.blob.size / 1024)} KB`),
      h('button', { type: 'button', class: 'remove', 'aria-label': t('p_photo_remove'), onclick: () => { URL.revokeObjectURL(p.url); photos.splice(i, 1); renderPreviews(); } }, '×'))));
    photoLabel.textContent = photos.length ? t('p_photo_add') : t('p_photo');
    photoLabel.hidden = photos.length >= MAX_PHOTOS;
    if (photos.length >= MAX_PHOTOS) photoMsg.textContent = t('p_photos_max', { n: MAX_PHOTOS });
  };
  fileInput.addEventListener('change', async () => {
    photoMsg.textContent = '';
    for (const file of [...fileInput.files]) {
      if (photos.length >= MAX_PHOTOS) { photoMsg.textContent = t('p_photos_max', { n: MAX_PHOTOS }); break; }
      try {
        photos.push(await preparePhoto(file));
      } catch (e) {
        photoMsg.textContent = e instanceof PhotoError ? t(e.key) : String(e);
        photoMsg.className = 'photo-msg error';
      }
    }
    fileInput.value = '';
    renderPreviews();
  });

  const [sexEl, sex, clearSex] = taps('sex', [
    { value: 'SEX_MALE', label: t('sex_SEX_MALE') }, { value: 'SEX_FEMALE', label: t('sex_SEX_FEMALE') },
    { value: 'SEX_UNSPECIFIED', label: t('p_unknown') }]);
  const [ageEl, age, clearAge] = taps('age', AGES.map(([a, b]) => ({ value: `${a}-${b}`, label: t('years', { a, b }) })));
  const [heightEl, height, clearHeight] = taps('height', HEIGHTS.map((r) => ({ value: String(r[2]), label: `${heightLabel(r)} ${t('cm')}` })));
  const [topEl, top, clearTop] = taps('top', colourOptions(), { multi: true });
  const [bottomEl, bottom, clearBottom] = taps('bottom', colourOptions(), { multi: true });
  const [shoesEl, shoes, clearShoes] = taps('shoes', colourOptions(), { multi: true });
  const [hatEl, hat, clearHat] = taps('hat', colourOptions(), { multi: true });
  const hatWrap = h('div', { hidden: true }, hatEl);
  const hatToggle = h('input', { type: 'checkbox', id: 'hat-toggle', 'data-testid': 'hat' });
  hatToggle.addEventListener('change', () => { hatWrap.hidden = !hatToggle.checked; });
  const text = (id, label, attrs = {}) => {
    const input = h(attrs.tag || 'input', { id, name: id, ...attrs, tag: undefined });
    return [h('label', { class: 'field', for: id }, h('span', {}, label), input), input];
  };
  const [clothingField, clothing] = text('clothing', t('p_clothing_text'), { maxlength: 200 });
  const [featuresField, features] = text('features', t('p_features'), { tag: 'textarea', rows: 2, maxlength: 500 });
  const [languageField, language] = text('language', t('p_language'), { maxlength: 50 });
  const zoneName = (z) => (lang() === 'en' ? z.nameEn : z.nameZh);
  const zone = h('select', { id: 'zone', name: 'zone', 'data-testid': 'zone' },
    (venue.zones || []).map((z) => h('option', { value: z.id, selected: z.id === session.zones?.[0] }, zoneName(z))));
  const centre = venue.lostChildCentre;
  const [heldField, heldAt] = text('held-at', t('p_held_at'), { maxlength: 100, value: centre ? centre.nameZh : '', 'data-testid': 'held-at' });
  const formMsg = h('div', { role: 'alert', 'data-testid': 'form-msg' });

  const form = h('form', { class: 'report', 'aria-labelledby': 'h-report', novalidate: true },
    h('h2', { id: 'h-report' }, t('p_report')), h('p', { class: 'muted' }, t('p_report_hint')),
    h('div', { class: 'photos' }, previews, photoLabel, fileInput, photoMsg),
    group(t('p_sex'), sexEl), group(t('p_age'), ageEl), group(t('p_height'), heightEl),
    group(t('p_colour_top'), topEl), group(t('p_colour_bottom'), bottomEl), group(t('p_colour_shoes'), shoesEl),
    h('fieldset', { class: 'group' }, h('legend', {}, h('label', { for: 'hat-toggle' }, hatToggle, ' ', t('p_hat'))), hatWrap),
    clothingField, featuresField, languageField,
    h('label', { class: 'field', for: 'zone' }, h('span', {}, t('p_zone')), zone), heldField,
    formMsg,
    h('button', { type: 'submit', class: 'big-button primary', 'data-testid': 'submit' }, t('p_submit')));

  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    replace(formMsg);
    const missing = [];
    if (!age().length) missing.push(t('p_age'));
    if (!zone.value) missing.push(t('p_zone'));
    if (!heldAt.value.trim()) missing.push(t('p_held_at'));
    if (missing.length) {
      formMsg.className = 'error';
      formMsg.textContent = t('p_required', { what: missing.join('、') });
      return;
    }
    const [ageMin, ageMax] = age()[0].split('-').map(Number);
    const garment = (colours, description = '') => (colours.length || description ? { colours, description } : undefined);
    const report = {
      child: {
        sex: sex()[0] || 'SEX_UNSPECIFIED', ageMin, ageMax, heightCm: Number(height()[0] || 0),
        clothing: {
          top: garment(top(), clothing.value.trim()), bottom: garment(bottom()), shoes: garment(shoes()),
          hat: hatToggle.checked ? { colours: hat(), description: '帽子' } : undefined,
        },
        features: features.value.trim(), language: language.value.trim(),
      },
      foundZoneId: zone.value,
      foundAt: new Date().toISOString(),
      heldAt: heldAt.value.trim(),
    };
    const blobs = photos.map((p) => p.blob);
    await onSubmit(report, blobs);
    for (const p of photos) URL.revokeObjectURL(p.url);
    photos.length = 0;
    renderPreviews();
    form.reset();
    for (const clear of [clearSex, clearAge, clearHeight, clearTop, clearBottom, clearShoes, clearHat]) clear();
    heldAt.value = centre ? centre.nameZh : '';
    zone.value = session.zones?.[0] || zone.value;
    hatWrap.hidden = true;
  });
  return form;
}
