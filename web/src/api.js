// The dashboard's one data layer: every call to mobile-api goes through here, so a change in the
// gateway's shapes is fixed in one place. JSON is the protobuf JSON mapping of proto/crowdsafe/v1
// (lowerCamelCase, enums by name, int64 as strings). Errors are RFC 7807 problems, thrown as
// ApiError with status, title, detail and field.

export class ApiError extends Error {
  constructor(status, problem) {
    super(problem.detail || problem.title || `HTTP ${status}`);
    this.status = status;
    this.title = problem.title || '';
    this.detail = problem.detail || '';
    this.field = problem.field || '';
  }
}

// The desk keeps its session for the tab (sessionStorage); the patrol phone keeps it across app
// restarts (localStorage) so that its outbox can still send after the app was closed.
let store = sessionStorage;
let session = readSession();
const listeners = new Set();

function readSession() {
  try { return JSON.parse(store.getItem('cs.session') || 'null'); } catch { return null; }
}
export function useSessionStorage(storage) { store = storage; session = readSession(); }
export function currentSession() { return session; }
export function onSessionChange(fn) { listeners.add(fn); }
function setSession(s) {
  session = s;
  if (s) store.setItem('cs.session', JSON.stringify(s));
  else store.removeItem('cs.session');
  for (const fn of listeners) fn(s);
}

async function request(method, path, body, { raw = false, idempotencyKey } = {}) {
  const headers = {};
  if (session) headers.Authorization = `Bearer ${session.token}`;
  // Retries of a creating POST with this key are answered once (docs/api.md).
  if (idempotencyKey) headers['Idempotency-Key'] = idempotencyKey;
  let payload;
  if (body instanceof FormData) payload = body;
  else if (body !== undefined) {
    headers['Content-Type'] = 'application/json';
    payload = JSON.stringify(body);
  }
  let res;
  try {
    res = await fetch(path, { method, headers, body: payload });
  } catch (e) {
    throw new ApiError(0, { title: 'network', detail: String(e.message || e) });
  }
  if (!res.ok) {
    let problem = {};
    try { problem = await res.json(); } catch { problem = { title: res.statusText }; }
    if (res.status === 401 && session && path !== '/v1/auth/login') setSession(null);
    throw new ApiError(res.status, problem);
  }
  if (raw) return res;
  const text = await res.text();
  return text ? JSON.parse(text) : {};
}

const get = (p) => request('GET', p);
const post = (p, b = {}) => request('POST', p, b);
const enc = encodeURIComponent;
const query = (o) => {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(o)) if (v !== undefined && v !== null && v !== '') q.set(k, v);
  const s = q.toString();
  return s ? `?${s}` : '';
};

// --- login ---
export async function login(username, password) {
  const r = await request('POST', '/v1/auth/login', { username, password });
  setSession({ token: r.token, role: r.role, username: r.username, zones: r.zones || [], expiresAt: r.expiresAt });
  return session;
}
// Ends the session at the gateway first (POST /v1/auth/logout: the token is refused by every
// replica from then on), then on this device. The local end happens even when the gateway cannot
// be reached, so a shared desk screen never stays signed in because the network is down.
export async function logout() {
  if (session) {
    try { await request('POST', '/v1/auth/logout'); } catch { /* ended locally below */ }
  }
  setSession(null);
}

// --- venue and crowd ---
export const venue = () => get('/v1/venue');
export const occupancy = () => get('/v1/occupancy');
export const history = (zone, minutes) => get(`/v1/occupancy/history${query({ zone, minutes })}`);
export const summary = () => get('/v1/summary');
// An object URL of the camera's latest heatmap, or null when it has none yet (404).
export async function heatmapUrl(cameraId) {
  try {
    const res = await request('GET', `/v1/cameras/${enc(cameraId)}/heatmap.png`, undefined, { raw: true });
    return URL.createObjectURL(await res.blob());
  } catch (e) {
    if (e.status === 404) return null;
    throw e;
  }
}

// --- alerts ---
export const alerts = (state = 'open') => get(`/v1/alerts${query({ state })}`).then((r) => r.alerts || []);
export const acknowledgeAlert = (id, note) => post(`/v1/alerts/${enc(id)}/acknowledge`, note ? { note } : {});
export const incidents = (includeCleared = false) =>
  get(`/v1/incidents${query({ include_cleared: includeCleared ? 1 : undefined })}`).then((r) => r.incidents || []);
export const acknowledgeIncidents = (incidentIds, note) =>
  post('/v1/incidents/acknowledge', note ? { incidentIds, note } : { incidentIds });

// --- cases ---
export const cases = (kind, state) => get(`/v1/cases${query({ kind, state })}`).then((r) => r.cases || []);
export const getCase = (id, reason) => get(`/v1/cases/${enc(id)}${query({ reason })}`);
export const candidates = (id) => get(`/v1/cases/${enc(id)}/candidates`).then((r) => r.candidates || []);
export const confirmMatch = (id, otherCaseId) => post(`/v1/cases/${enc(id)}/confirm-match`, { otherCaseId });
export const linkDuplicate = (id, duplicateOf) => post(`/v1/cases/${enc(id)}/link-duplicate`, { duplicateOf });
export const transition = (id, to, reason) => post(`/v1/cases/${enc(id)}/transition`, { to, reason });
export const verifyGuardian = (id, documentType, documentNumber) =>
  post(`/v1/cases/${enc(id)}/verify-guardian`, { documentType, documentNumber });
export const handover = (id, note, key) =>
  request('POST', `/v1/cases/${enc(id)}/handover`, { note }, { idempotencyKey: key });
// response: 'searching' | 'seen' | 'found' (the gateway takes enum short names).
export const respondToBroadcast = (id, response, zoneId, key) =>
  request('POST', `/v1/cases/${enc(id)}/broadcast-response`, { response, zoneId }, { idempotencyKey: key });
export const caseAudit = (id) => get(`/v1/cases/${enc(id)}/audit`).then((r) => r.entries || []);
export const fileMissing = (report) => post('/v1/reports/missing', { report });
export const fileFound = (report) => post('/v1/reports/found', { report });
// A found report with photos as multipart/form-data: a 'report' part holding the JSON request
// ({"report": {...}}) and one 'photo' part per image. `key` is the Idempotency-Key.
export function fileFoundWithPhotos(report, photos, key) {
  const form = new FormData();
  form.append('report', new Blob([JSON.stringify({ report })], { type: 'application/json' }), 'report.json');
  photos.forEach((blob, i) => form.append('photo', blob, `photo-${i}.jpg`));
  return request('POST', '/v1/reports/found', form, { idempotencyKey: key });
}
// Photo ids are "<case id>/photo-<n>"; the route takes the part after the case id.
export async function casePhotoUrl(caseId, photoId) {
  const name = photoId.startsWith(`${caseId}/`) ? photoId.slice(caseId.length + 1) : photoId;
  const res = await request('GET', `/v1/cases/${enc(caseId)}/photos/${enc(name)}`, undefined, { raw: true });
  return URL.createObjectURL(await res.blob());
}

// --- appeals ---
export const appeals = (state) => get(`/v1/appeals${query({ state })}`).then((r) => r.appeals || []);
export const getAppeal = (id) => get(`/v1/appeals/${enc(id)}`);
export const editAppeal = (id, baseVersion, texts) => request('PUT', `/v1/appeals/${enc(id)}`, { baseVersion, texts });
export const diffAppeal = (id, from, to, language) =>
  get(`/v1/appeals/${enc(id)}/diff${query({ from, to, language })}`).then((r) => r.lines || []);
export const appealAction = (id, action, reason, extra = {}) => post(`/v1/appeals/${enc(id)}/${action}`, { ...(reason ? { reason } : {}), ...extra });
// An appeal photo as it will be published (blurred unless a lift was approved); `pendingLift`:
// the unblurred image a pending lift would publish. Ids are "<appeal id>/photo-<n>".
export async function appealPhotoUrl(appealId, photoId, pendingLift = false) {
  const name = photoId.startsWith(`${appealId}/`) ? photoId.slice(appealId.length + 1) : photoId;
  const res = await request('GET', `/v1/appeals/${enc(appealId)}/photos/${enc(name)}${query({ pending_lift: pendingLift ? 'true' : undefined })}`,
    undefined, { raw: true });
  return URL.createObjectURL(await res.blob());
}
export const liftBlur = (id, photoId, reason) => post(`/v1/appeals/${enc(id)}/lift-blur`, { photoId, reason });
export const publishAppeal = (id, postUrl) => post(`/v1/appeals/${enc(id)}/publish`, { postUrl });
export const appealAudit = (id) => get(`/v1/appeals/${enc(id)}/audit`).then((r) => r.entries || []);

// --- inbox and answers ---
export const inbox = () => get('/v1/inbox').then((r) => r.messages || []);
export const answerMessage = (id, answer) => post(`/v1/inbox/${enc(id)}/answer`, { answer });
export const routeMessage = (id, category, department) => post(`/v1/inbox/${enc(id)}/route`, { category, department });
export const searchAnswers = (q) => get(`/v1/answers${query({ q })}`).then((r) => r.hits || []);
// Tips as case evidence: open cases the message's sighting fits; the desk confirms with linkCase.
export const caseCandidatesForTip = (id) => get(`/v1/inbox/${enc(id)}/case-candidates`);
export const linkCase = (id, caseId) => post(`/v1/inbox/${enc(id)}/link-case`, { caseId });
// The library learning from the desk (four eyes).
export const proposeAnswer = (messageId) => post(`/v1/inbox/${enc(messageId)}/propose-answer`, {});
export const answerProposals = (state) => get(`/v1/answers/proposals${query({ state })}`).then((r) => r.proposals || []);
export const reviewProposal = (id, approve, reason) =>
  post(`/v1/answers/proposals/${enc(id)}/review`, approve ? { approve: true } : { approve: false, reason });
// The 通报: per department and per week, for messages received in [from, to) (RFC 3339).
export const accountabilityReport = (from, to) => get(`/v1/inbox/report${query({ from, to })}`);

// --- server-sent events ---
// EventSource cannot send the Authorization header, so streams are read with fetch and parsed
// here. The last event id is kept and sent back as Last-Event-ID on reconnect (no gap, no repeat).
// onActivity fires on every chunk, keep-alive comments included: a caller can tell a quiet
// stream from a dead one.
export function stream(path, { onEvent, onState, onActivity }) {
  let lastId = '';
  let stopped = false;
  let controller = null;
  const run = async () => {
    while (!stopped && session) {
      controller = new AbortController();
      try {
        const headers = { Authorization: `Bearer ${session.token}`, Accept: 'text/event-stream' };
        if (lastId) headers['Last-Event-ID'] = lastId;
        const res = await fetch(path, { headers, signal: controller.signal });
        if (!res.ok || !res.body) throw new Error(`HTTP ${res.status}`);
        onState?.(true);
        const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
        let buf = '';
        for (;;) {
          const { value, done } = await reader.read();
          if (done) break;
          onActivity?.();
          buf += value.replace(/\r\n/g, '\n');
          let cut;
          while ((cut = buf.indexOf('\n\n')) >= 0) {
            const block = buf.slice(0, cut);
            buf = buf.slice(cut + 2);
            const ev = parseBlock(block);
            if (ev.id) lastId = ev.id;
            if (ev.data && ev.event !== 'error') {
              try { onEvent(ev.event, JSON.parse(ev.data)); } catch { /* a bad event is skipped */ }
            }
          }
        }
      } catch (e) {
        if (stopped) return;
      }
      onState?.(false);
      if (!stopped) await new Promise((r) => setTimeout(r, 2000));
    }
  };
  run();
  return () => { stopped = true; controller?.abort(); };
}

function parseBlock(block) {
  const ev = { event: 'message', data: '', id: '' };
  const data = [];
  for (const line of block.split('\n')) {
    if (!line || line.startsWith(':')) continue;
    const i = line.indexOf(':');
    const field = i < 0 ? line : line.slice(0, i);
    const value = i < 0 ? '' : line.slice(i + 1).replace(/^ /, '');
    if (field === 'event') ev.event = value;
    else if (field === 'data') data.push(value);
    else if (field === 'id') ev.id = value;
  }
  ev.data = data.join('\n');
  return ev;
}
