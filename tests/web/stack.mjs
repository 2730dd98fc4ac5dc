// The real stack for the dashboard tests: a private redis-server on a free port, crowd-service,
// appeal-service, case-service and mobile-api from <bin>, each from its shipped config with only
// the ports, the venue path and the web root changed (temporary copies), and appeal-service's
// Weibo connector pointed at a local fake Weibo (fake_weibo.mjs). Every child is killed
// when the stack stops, also when a test fails or the runner is interrupted.
import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { mkdtempSync, readFileSync, writeFileSync, createWriteStream, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FakeWeibo, FAKE_WEIBO_TOKEN } from './fake_weibo.mjs';

export function freePort() {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

export class Stack {
  constructor({ root, bin, logDir }) {
    this.root = root;
    this.bin = bin;
    this.logDir = logDir;
    this.dir = mkdtempSync(join(tmpdir(), 'cs-web-'));
    this.children = [];
    this.ports = {};
    // The build's identity keys (its identity_keys target): every service signs and verifies
    // with them, whatever key_dir the shipped configs name (docs/identity.md).
    this.keyDir = process.env.CS_IDENTITY_KEY_DIR || join(bin, '..', 'keys');
    process.env.CS_IDENTITY_KEY_DIR = this.keyDir;
  }

  // A shipped config with text replacements, written to the temp folder.
  config(name, replacements, appended = '') {
    let yaml = readFileSync(join(this.root, 'config/services', `${name}.yaml`), 'utf8');
    for (const [from, to] of replacements) {
      if (!yaml.includes(from)) throw new Error(`config/services/${name}.yaml: expected "${from}"`);
      yaml = yaml.replace(from, to);
    }
    yaml += appended;
    const path = join(this.dir, `${name}.yaml`);
    writeFileSync(path, yaml);
    return path;
  }

  // Starts a child and resolves with the port from its "LISTENING <port>" line.
  launch(name, file, args, { waitFor = /^LISTENING (\d+)/m, timeoutMs = 30000, env = {} } = {}) {
    const log = createWriteStream(join(this.logDir, `${name}.log`));
    const child = spawn(file, args, { cwd: this.root, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...env } });
    this.children.push({ name, child });
    child.stderr.pipe(log);
    return new Promise((resolve, reject) => {
      let out = '';
      const timer = setTimeout(() => reject(new Error(`${name}: no "LISTENING" within ${timeoutMs} ms (see ${name}.log)`)), timeoutMs);
      child.on('error', (e) => { clearTimeout(timer); reject(new Error(`${name}: ${e.message}`)); });
      child.on('exit', (code, sig) => {
        clearTimeout(timer);
        reject(new Error(`${name} exited (${code ?? sig}) before listening (see ${name}.log)`));
      });
      child.stdout.on('data', (d) => {
        out += d;
        log.write(d);
        const m = waitFor.exec(out);
        if (m) { clearTimeout(timer); resolve(m[1] ? Number(m[1]) : 0); }
      });
    });
  }

  async start() {
    const venue = join(this.root, 'config/venues/ocean.yaml');
    const venueLine = ['venue_file: ../venues/ocean.yaml', `venue_file: ${venue}`];
    const redisPort = await freePort();
    this.ports.redis = redisPort;
    await this.launch('redis', 'redis-server', ['--port', String(redisPort), '--bind', '127.0.0.1',
      '--save', '', '--appendonly', 'no', '--dir', this.dir], { waitFor: /Ready to accept connections/ });
    const common = (cfg) => ['--config', cfg, '--listen', '127.0.0.1:0', '--redis-port', String(redisPort), '--redis-wait', '10'];
    // Density alerts must hold 1 s (not the shipped 30 s) so the test sees them promptly.
    const crowdCfg = this.config('crowd', [venueLine, ['persist_s: 30', 'persist_s: 1']]);
    this.ports.crowd = await this.launch('crowd-service', join(this.bin, 'crowd-service'), common(crowdCfg));
    // Each service calls the other (appeal requests one way, tip sightings the other), so
    // case-service's port is chosen before appeal-service starts.
    const casesPort = await freePort();
    // The Weibo connector polls a local fake Weibo every second and sends replies through it
    // (the shipped config has it off, and the outbox as the reply path).
    this.weibo = await new FakeWeibo().start();
    const appealsCfg = this.config('appeals', [venueLine, ['cases: 127.0.0.1:50052', `cases: 127.0.0.1:${casesPort}`],
      ['crowd: 127.0.0.1:50051', `crowd: 127.0.0.1:${this.ports.crowd}`],
      ['enabled: false', 'enabled: true'], ['base_url: https://api.weibo.com', `base_url: ${this.weibo.baseUrl}`],
      ['poll_interval_s: 30', 'poll_interval_s: 1'], ['reply_via: outbox ', 'reply_via: api ']]);
    this.ports.appeals = await this.launch('appeal-service', join(this.bin, 'appeal-service'), common(appealsCfg),
      { env: { CS_WEIBO_ACCESS_TOKEN: FAKE_WEIBO_TOKEN } });
    // The venue-wide broadcast comes after 8 s (not the shipped 10 min) so the patrol test sees it.
    this.venueWideAfterS = 8;
    const casesCfg = this.config('cases', [venueLine, ['appeals: 127.0.0.1:50053', `appeals: 127.0.0.1:${this.ports.appeals}`]],
      `cases:\n  escalation:\n    venue_wide_after_s: ${this.venueWideAfterS}\n    tick_ms: 250\n`);
    this.ports.cases = await this.launch('case-service', join(this.bin, 'case-service'),
      common(casesCfg).map((a) => (a === '127.0.0.1:0' ? `127.0.0.1:${casesPort}` : a)));
    const apiCfg = this.config('api', [venueLine,
      ['crowd: 127.0.0.1:50051', `crowd: 127.0.0.1:${this.ports.crowd}`],
      ['cases: 127.0.0.1:50052', `cases: 127.0.0.1:${this.ports.cases}`],
      ['appeals: 127.0.0.1:50053', `appeals: 127.0.0.1:${this.ports.appeals}`],
      ['web_root: ../../web/dist', `web_root: ${join(this.root, 'web/dist')}`],
      ['login_per_minute_per_ip: 10', 'login_per_minute_per_ip: 100'],
      ['login_per_minute_per_user: 5', 'login_per_minute_per_user: 50']]);
    this.ports.api = await this.launch('mobile-api', join(this.bin, 'mobile-api'), common(apiCfg));
    this.baseUrl = `http://127.0.0.1:${this.ports.api}`;
    return this;
  }

  // crowdsafe-sim push-density in the background; resolves when it exits.
  pushDensity({ camera, region, density, seconds }) {
    const args = ['push-density', '--crowd', `127.0.0.1:${this.ports.crowd}`,
      '--venue', join(this.root, 'config/venues/ocean.yaml'), '--camera', camera, '--region', region,
      '--persons-per-m2', String(density), '--seconds', String(seconds), '--interval-ms', '250',
      '--identity-key', join(this.keyDir, 'sim.key')];
    const log = createWriteStream(join(this.logDir, 'crowdsafe-sim.log'), { flags: 'a' });
    const child = spawn(join(this.bin, 'crowdsafe-sim'), args, { cwd: this.root, stdio: ['ignore', 'pipe', 'pipe'] });
    this.children.push({ name: 'crowdsafe-sim', child });
    child.stdout.pipe(log);
    child.stderr.pipe(log);
    return new Promise((resolve, reject) => {
      child.on('error', reject);
      child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`crowdsafe-sim push-density exited ${code} (see crowdsafe-sim.log)`))));
    });
  }

  async stop() {
    const alive = this.children.filter(({ child }) => child.exitCode === null && child.signalCode === null);
    for (const { child } of alive.reverse()) child.kill('SIGTERM');
    for (let i = 0; i < 50 && alive.some(({ child }) => child.exitCode === null && child.signalCode === null); i++) await sleep(100);
    for (const { child } of alive) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    await this.weibo?.stop();
    rmSync(this.dir, { recursive: true, force: true });
  }

  // Synchronous last resort (process 'exit' handler).
  killNow() {
    for (const { child } of this.children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  }
}
