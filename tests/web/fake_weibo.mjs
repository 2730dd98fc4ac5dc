// A local stand-in for Weibo's open API, for appeal-service's inbox connector in the dashboard
// tests: the endpoints of services/appeals/weibo_inbox_http.h, with direct messages a scenario
// adds, and every private message the connector sends recorded. Mentions and comments stay
// empty. It checks the OAuth2 header like Weibo would (21332 otherwise).
import { createServer } from 'node:http';

export const FAKE_WEIBO_TOKEN = '2.00FakeWebTestToken';

// Weibo's created_at form: "Tue Dec 01 23:10:00 +0800 2026", in Beijing time.
export function weiboTime(date) {
  const bj = new Date(date.getTime() + 8 * 3600 * 1000);
  const days = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
  const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
  const p = (n) => String(n).padStart(2, '0');
  return `${days[bj.getUTCDay()]} ${months[bj.getUTCMonth()]} ${p(bj.getUTCDate())} `
    + `${p(bj.getUTCHours())}:${p(bj.getUTCMinutes())}:${p(bj.getUTCSeconds())} +0800 ${bj.getUTCFullYear()}`;
}

export class FakeWeibo {
  constructor() {
    this.dms = [];
    this.sent = [];  // {uid, text}
    this.nextReply = 5000000000000001n;
  }

  addDm({ id, text, uid, createdAt }) {
    this.dms.push({ id: Number(id), idstr: String(id), created_at: weiboTime(createdAt), text,
      sender_id: Number(uid), sender: { id: Number(uid), idstr: String(uid), screen_name: `游客${uid}` } });
  }

  start() {
    this.server = createServer((req, res) => {
      let body = '';
      req.on('data', (d) => { body += d; });
      req.on('end', () => this.answer(req, body, res));
    });
    return new Promise((resolve) => this.server.listen(0, '127.0.0.1', () => {
      this.baseUrl = `http://127.0.0.1:${this.server.address().port}`;
      resolve(this);
    }));
  }

  answer(req, body, res) {
    const json = (status, doc) => { res.writeHead(status, { 'Content-Type': 'application/json' }); res.end(JSON.stringify(doc)); };
    if (req.headers.authorization !== `OAuth2 ${FAKE_WEIBO_TOKEN}`) return json(403, { error: 'invalid_access_token', error_code: 21332 });
    const url = new URL(req.url, 'http://fake');
    const since = BigInt(url.searchParams.get('since_id') || '0');
    if (req.method === 'GET' && url.pathname === '/2/direct_messages.json') {
      return json(200, { direct_messages: this.dms.filter((m) => BigInt(m.idstr) > since) });
    }
    if (req.method === 'GET' && url.pathname === '/2/statuses/mentions.json') return json(200, { statuses: [] });
    if (req.method === 'GET' && url.pathname === '/2/comments/to_me.json') return json(200, { comments: [] });
    if (req.method === 'POST' && url.pathname === '/2/direct_messages/new.json') {
      const form = new URLSearchParams(body);
      this.sent.push({ uid: form.get('uid'), text: form.get('text') });
      const id = String(this.nextReply++);
      return json(200, { id: Number(id), idstr: id });
    }
    return json(400, { error: 'unknown request', error_code: 10008 });
  }

  stop() { return new Promise((resolve) => (this.server ? this.server.close(() => resolve()) : resolve())); }
}
