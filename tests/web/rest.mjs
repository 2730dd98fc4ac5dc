// A tiny client of mobile-api's REST API for test setup and for checking what the UI did.
export class Rest {
  constructor(baseUrl) { this.baseUrl = baseUrl; this.tokens = {}; }

  async login(user) {
    const r = await this.call('POST', '/v1/auth/login', { username: user, password: `${user}-demo` });
    this.tokens[user] = r.token;
    return r;
  }

  async call(method, path, body, user) {
    const headers = {};
    if (user) headers.Authorization = `Bearer ${this.tokens[user] ?? (await this.login(user)).token}`;
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    const res = await fetch(this.baseUrl + path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
    const text = await res.text();
    let json = {};
    try { json = text ? JSON.parse(text) : {}; } catch { json = { raw: text }; }
    if (!res.ok) {
      const e = new Error(`${method} ${path} as ${user ?? 'anonymous'}: HTTP ${res.status} ${json.title ?? ''} ${json.detail ?? ''}`.trim());
      e.status = res.status;
      throw e;
    }
    return json;
  }
  get(path, user) { return this.call('GET', path, undefined, user); }
  post(path, body, user) { return this.call('POST', path, body ?? {}, user); }
}
