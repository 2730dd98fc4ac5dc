// The live venue: zone bars coloured by LB/T 034 tier, density and Fruin level, camera heatmaps,
// the day's occupancy curve, gate flows, and the incident panel (views/incidents.js: one card per
// problem, refreshed on every alert event of the SSE stream).
import * as api from '../api.js';
import { h, replace, fmtTime, num } from '../dom.js';
import { t, tEnum, pick } from '../i18n.js';
import { errorBox, tierClass } from '../ui.js';
import { lineChart } from '../chart.js';
import { incidentPanel } from './incidents.js';

const OPEN = new Set(['ALERT_RAISED', 'ALERT_ESCALATED', 'ALERT_ACKNOWLEDGED']);
// The open alerts of the incidents, for the zone colours and the camera regions.
const openAlerts = (incidents) => incidents.flatMap((i) => i.alerts || []).filter((a) => OPEN.has(a.state));

export function liveView(session) {
  const state = { venue: null, occ: null, alerts: [], live: false };
  const zonesEl = h('div', { class: 'zones', 'data-testid': 'zones' });
  const streamEl = h('span', { class: 'stream-state', 'data-testid': 'stream-state' });
  const camerasEl = h('div', { class: 'cameras' });
  const curveEl = h('div', { class: 'curve' });
  const gatesEl = h('div', { class: 'gates' });
  const updatedEl = h('span', { class: 'muted' });
  const seesAlerts = session.role !== 'press';
  const seesHeatmaps = session.role !== 'press';
  const panel = seesAlerts && incidentPanel(session, {
    onChange: (incidents) => { state.alerts = openAlerts(incidents); renderZones(); },
  });

  const root = h('div', { class: 'live' },
    h('section', { class: 'panel zones-panel', 'aria-labelledby': 'h-zones' },
      h('h2', { id: 'h-zones' }, t('zones'), ' ', updatedEl), zonesEl),
    seesAlerts && h('section', { class: 'panel alerts-panel', 'aria-labelledby': 'h-alerts' },
      h('h2', { id: 'h-alerts' }, t('incidents'), ' ', streamEl), panel.root),
    h('section', { class: 'panel', 'aria-labelledby': 'h-curve' }, h('h2', { id: 'h-curve' }, t('curve')), curveEl),
    seesHeatmaps && h('section', { class: 'panel', 'aria-labelledby': 'h-cams' }, h('h2', { id: 'h-cams' }, t('cameras')), camerasEl),
    h('section', { class: 'panel', 'aria-labelledby': 'h-gates' }, h('h2', { id: 'h-gates' }, t('gates')), gatesEl));

  // A zone is red when crowd-service puts it in the red tier or holds an open critical alert
  // for it (e.g. density over the critical threshold); orange for orange tier or a warning.
  function zoneStatus(z) {
    let status = { CAPACITY_RED: 'red', CAPACITY_ORANGE: 'orange', CAPACITY_YELLOW: 'yellow' }[z.tier] || 'ok';
    for (const a of state.alerts) {
      if (a.zoneId !== z.zoneId) continue;
      if (a.severity === 'SEVERITY_CRITICAL') status = 'red';
      else if (a.severity === 'SEVERITY_WARNING' && status !== 'red') status = 'orange';
    }
    return status;
  }

  function renderZones() {
    if (!state.occ) return;
    const occ = state.occ;
    const venueRow = h('div', { class: `zone venue-row ${tierClass(occ.tier)}` },
      h('div', { class: 'zone-name' }, t('venue_total')),
      bar(Number(occ.occupancy || 0), Number(occ.maxCapacity || 0), occ.capacityPct || 0, occ.tier),
      h('div', { class: 'zone-meta' }, tEnum('tier', occ.tier)));
    const rows = (occ.zones || []).map((z) => {
      const status = zoneStatus(z);
      // Protobuf JSON leaves out zeros: an absent density is 0 measured; -1 means no camera.
      const density = z.density ?? 0;
      const hasDensity = density >= 0;
      return h('div', {
        class: `zone ${tierClass(z.tier)} status-${status}`, 'data-zone': z.zoneId,
        'data-tier': z.tier, 'data-status': status,
      },
      h('div', { class: 'zone-name' }, pick(z.nameZh, z.nameEn),
        status === 'red' && h('span', { class: 'badge badge-red' }, t('zone_status_red')),
        status === 'orange' && h('span', { class: 'badge badge-orange' }, t('zone_status_orange'))),
      bar(Number(z.occupancy || 0), Number(z.capacity || 0), z.capacityPct || 0, z.tier),
      h('div', { class: 'zone-meta' },
        h('span', {}, tEnum('tier', z.tier || 'CAPACITY_NORMAL')),
        h('span', { 'data-testid': 'density' }, hasDensity
          ? `${t('density')} ${num(density, 2)} ${t('per_m2')} · ${t('fruin')} ${(z.level || '').replace('FRUIN_', '')}`
          : t('no_camera')),
        h('span', {}, `${t('trend')} ${num(z.netFlowPerMin, 0)} ${t('per_min')}`),
        z.minutesToCapacity > 0 && h('span', {}, t('to_capacity', { n: num(z.minutesToCapacity, 0) })),
        z.driftFlagged && h('span', { class: 'warn' }, t('drift'))));
    });
    replace(zonesEl, venueRow, rows);
    updatedEl.textContent = t('updated', { t: fmtTime(occ.asOf) });
  }

  function bar(value, cap, pct, tier) {
    const p = Math.max(0, Math.min(100, pct || 0));
    return h('div', { class: 'bar', role: 'meter', 'aria-valuemin': 0, 'aria-valuemax': cap, 'aria-valuenow': value,
      'aria-label': `${t('occupancy')} ${value} / ${cap}` },
    h('div', { class: `bar-fill ${tierClass(tier)}`, style: { width: `${p}%` } }),
    h('span', { class: 'bar-text' }, `${num(value)} / ${num(cap)} (${num(pct, 0)}%)`));
  }

  async function refreshOccupancy() {
    try {
      state.occ = await api.occupancy();
      renderZones();
      renderGates();
    } catch (e) {
      replace(zonesEl, errorBox(e));
    }
  }

  function renderGates() {
    const gates = [...(state.occ?.gates || [])].sort((a, b) => (b.utilisation || 0) - (a.utilisation || 0)).slice(0, 12);
    replace(gatesEl, h('table', {},
      h('thead', {}, h('tr', {}, h('th', {}, t('gate')), h('th', {}, `${t('flow')} (${t('per_min')})`),
        h('th', {}, t('green_guide')), h('th', {}, t('utilisation')))),
      h('tbody', {}, gates.map((g) => h('tr', { class: (g.utilisation || 0) >= 1 ? 'over' : '' },
        h('td', {}, g.gateId), h('td', {}, num(g.personsPerMin, 0)), h('td', {}, num(g.greenGuideLimit, 0)),
        h('td', {}, `${num((g.utilisation || 0) * 100, 0)}%`))))));
  }

  async function refreshCurve() {
    if (!state.venue) return;
    try {
      const minutes = 16 * 60;
      const perZone = await Promise.all(state.venue.zones.map((z) => api.history(z.id, minutes)));
      const sums = new Map();
      for (const r of perZone) {
        for (const b of r.buckets || []) {
          sums.set(b.minute, (sums.get(b.minute) || 0) + Number(b.peakOccupancy || 0));
        }
      }
      const points = [...sums.entries()].map(([m, v]) => ({ t: new Date(m), v })).sort((a, b) => a.t - b.t);
      if (points.length === 0) return replace(curveEl, h('p', { class: 'muted' }, t('curve_empty')));
      replace(curveEl, lineChart({ series: [{ points }], limit: Number(state.venue.maxCapacity), label: t('curve') }));
    } catch (e) {
      replace(curveEl, errorBox(e));
    }
  }

  async function refreshCameras() {
    if (!state.venue || !seesHeatmaps) return;
    const byZone = new Map((state.occ?.zones || []).map((z) => [z.zoneId, z]));
    const cards = await Promise.all(state.venue.cameras.map(async (cam) => {
      let img;
      try {
        const url = await api.heatmapUrl(cam.id);
        img = url ? h('img', { src: url, alt: t('heatmap_of', { cam: cam.id }), class: 'heatmap' })
          : h('div', { class: 'heatmap empty' }, t('heatmap_none'));
      } catch (e) {
        img = errorBox(e);
      }
      // The API gives density per zone (ZoneOccupancy), not per region: each region lists its
      // zone's figure, and the region's own value when an open density alert names it.
      const regionAlert = (rid) => state.alerts.find((a) => a.regionId === rid && a.rule === 'ALERT_RULE_DENSITY');
      return h('figure', { class: 'camera', 'data-camera': cam.id }, img,
        h('figcaption', {}, h('strong', {}, cam.id),
          h('ul', {}, cam.regions.map((r) => {
            const z = byZone.get(r.zoneId);
            const zd = z && (z.density ?? 0) >= 0
              ? `${t('zone')} ${num(z.density ?? 0, 2)} ${t('per_m2')} · ${t('fruin')} ${(z.level || '').replace('FRUIN_', '')}` : t('no_camera');
            const a = regionAlert(r.id);
            return h('li', {}, `${r.id.split('/').pop()} (${r.zoneId}, ${num(r.areaM2)} m²): `,
              a ? h('strong', { class: 'warn' }, `${num(a.value, 2)} ${t('per_m2')} · `) : '', zd);
          }))));
    }));
    replace(camerasEl, cards);
  }

  const timers = [];
  let stopStream = null;
  (async () => {
    try {
      state.venue = await api.venue();
    } catch (e) {
      replace(zonesEl, errorBox(e));
      return;
    }
    await refreshOccupancy();
    if (seesAlerts) {
      stopStream = api.stream('/v1/alerts/stream', {
        onEvent: (type, ev) => {
          if (type === 'alert' && ev.alert) panel.refreshSoon();
        },
        onState: (live) => {
          streamEl.textContent = live ? `● ${t('stream_live')}` : t('stream_down');
          streamEl.className = `stream-state ${live ? 'on' : 'off'}`;
          streamEl.dataset.live = live ? '1' : '0';
        },
      });
    }
    // The list catches up with anything raised before the stream connected (and after a gap).
    if (seesAlerts) {
      await panel.refresh();
      timers.push(setInterval(panel.refresh, 15000));
    }
    refreshCurve();
    refreshCameras();
    timers.push(setInterval(refreshOccupancy, 2000), setInterval(refreshCurve, 60000), setInterval(refreshCameras, 10000));
  })();

  return { root, dispose: () => { timers.forEach(clearInterval); stopStream?.(); panel?.dispose(); } };
}
