// The offline outbox: every found report is first written to IndexedDB (with its photos), then
// sent, oldest first. A report that cannot be sent (no network, a 5xx, a timeout) waits with
// exponential backoff and goes as soon as the network is back. Each report's id is a UUID made
// on the phone and sent as its Idempotency-Key, so a retry whose first attempt did reach the
// server creates nothing twice (docs/api.md). A report the server refuses (4xx) stays in the
// outbox, marked, with the server's message, until the officer discards it.
const DB_NAME = 'cs-patrol';
const STORE = 'outbox';
const BACKOFF_MIN_MS = 1000;
const BACKOFF_MAX_MS = 60000;

function openDb() {
  return new Promise((resolve, reject) => {
    const req = indexedDB.open(DB_NAME, 1);
    req.onupgradeneeded = () => req.result.createObjectStore(STORE, { keyPath: 'id' });
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error);
  });
}

async function tx(mode, fn) {
  const db = await openDb();
  try {
    return await new Promise((resolve, reject) => {
      const t = db.transaction(STORE, mode);
      const result = fn(t.objectStore(STORE));
      t.oncomplete = () => resolve(result?.result ?? result);
      t.onerror = () => reject(t.error);
      t.onabort = () => reject(t.error);
    });
  } finally {
    db.close();
  }
}

export function uuid() {
  if (crypto.randomUUID) return crypto.randomUUID();
  const b = crypto.getRandomValues(new Uint8Array(16));
  b[6] = (b[6] & 0x0f) | 0x40;
  b[8] = (b[8] & 0x3f) | 0x80;
  const x = [...b].map((v) => v.toString(16).padStart(2, '0')).join('');
  return `${x.slice(0, 8)}-${x.slice(8, 12)}-${x.slice(12, 16)}-${x.slice(16, 20)}-${x.slice(20)}`;
}

// Network trouble and answers a later try may change; anything else is the server's verdict.
export function retryable(err) {
  const s = err?.status ?? 0;
  return s === 0 || s === 408 || s === 409 || s === 429 || s >= 500;
}

export class Outbox {
  // send(entry) → the stored case; onChange(entries) after every change; onSent(entry, result).
  constructor({ send, onChange, onSent, now = () => Date.now() }) {
    Object.assign(this, { send, onChange, onSent, now });
    this.running = false;
    this.timer = null;
    addEventListener('online', () => this.retryNow());
  }

  async list() {
    const all = await tx('readonly', (s) => s.getAll());
    return all.sort((a, b) => a.createdAt - b.createdAt);
  }

  async enqueue(report, photos) {
    const entry = { id: uuid(), createdAt: this.now(), report, photos, attempts: 0, nextAt: 0, error: null, failed: false };
    await tx('readwrite', (s) => s.put(entry));
    await this.changed();
    this.kick();
    return entry;
  }

  async discard(id) {
    await tx('readwrite', (s) => s.delete(id));
    await this.changed();
  }

  async retryNow() {
    for (const e of await this.list()) if (!e.failed && e.nextAt) await tx('readwrite', (s) => s.put({ ...e, nextAt: 0 }));
    this.kick();
  }

  async changed() { this.onChange?.(await this.list()); }

  // Sends what is due, oldest first; the oldest report waiting on its backoff holds the rest
  // back, so reports reach the desk in the order they were filed.
  async kick() {
    if (this.running) { this.again = true; return; }
    this.running = true;
    clearTimeout(this.timer);
    try {
      for (;;) {
        this.again = false;
        const next = (await this.list()).find((e) => !e.failed);
        if (!next) break;
        // With no network at all nothing is tried (and no backoff grows): the "online" event,
        // or the 15 s tick, starts again.
        if (navigator.onLine === false) break;
        const wait = next.nextAt - this.now();
        if (wait > 0) { this.timer = setTimeout(() => this.kick(), wait); break; }
        try {
          const result = await this.send(next);
          await tx('readwrite', (s) => s.delete(next.id));
          this.onSent?.(next, result);
        } catch (err) {
          const attempts = next.attempts + 1;
          const error = { status: err?.status ?? 0, detail: err?.detail || err?.message || '', field: err?.field || '' };
          if (retryable(err)) {
            const backoff = Math.min(BACKOFF_MAX_MS, BACKOFF_MIN_MS * 2 ** (attempts - 1));
            const nextAt = this.now() + backoff * (0.75 + Math.random() / 2);
            await tx('readwrite', (s) => s.put({ ...next, attempts, nextAt, error }));
          } else {
            await tx('readwrite', (s) => s.put({ ...next, attempts, error, failed: true }));
          }
        }
        await this.changed();
      }
    } finally {
      this.running = false;
      await this.changed();
      if (this.again) this.kick();
    }
  }
}
