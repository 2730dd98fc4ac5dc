#!/usr/bin/env node
// The patrol phone app on a congested mobile network, in real Chromium against the real stack
// (tests/web/stack.mjs: redis-server and the four services from a build's bin/):
//   - open the report screen → report stored (the gateway answered, so Redis has it), with a
//     3 MB 12-megapixel camera photo (bench/make_camera_photo, OpenCV noise), at 1.6 Mbit/s
//     and 150 ms RTT emulated through the Chrome DevTools Protocol; split into opening the
//     screen, resizing on the phone, and the upload;
//   - baseline from the same run: the camera file uploaded as it is, same network;
//   - the app's size gzipped; first load (cold, same network) and reload with no network.
//
//   node bench/patrol_app_bench.mjs --bin build/release/bin [--runs 5]
import { mkdtempSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Stack } from '../tests/web/stack.mjs';
import { Rest } from '../tests/web/rest.mjs';
import { PHONE, cameraPhoto, fillReport, patrolLogin } from '../tests/web/patrol_scenarios.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const argv = process.argv.slice(2);
const arg = (name, fallback) => { const i = argv.indexOf(name); return i >= 0 ? argv[i + 1] : fallback; };
const bin = resolve(arg('--bin', join(root, 'build/release/bin')));
const runs = Number(arg('--runs', '5'));
const chromium = createRequire(join(root, 'web/package.json'))('playwright-core').chromium;
const NET = { offline: false, latency: 150, downloadThroughput: 1.6e6 / 8, uploadThroughput: 1.6e6 / 8 };

const logDir = mkdtempSync(join(tmpdir(), 'cs-patrol-bench-'));
mkdirSync(logDir, { recursive: true });
const stack = new Stack({ root, bin, logDir });
process.on('exit', () => stack.killNow());
const median = (xs) => { const s = [...xs].sort((a, b) => a - b); return s[Math.floor(s.length / 2)]; };
const fmt = (xs) => `median ${median(xs).toFixed(0)} ms (min ${Math.min(...xs).toFixed(0)}, max ${Math.max(...xs).toFixed(0)})`;

async function phone() {
  const profile = mkdtempSync(join(tmpdir(), 'cs-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: process.env.CS_CHROMIUM || '/usr/bin/chromium', headless: true, viewport: PHONE, locale: 'zh-CN',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking'],
  });
  const page = context.pages()[0] ?? (await context.newPage());
  const cdp = await context.newCDPSession(page);
  await cdp.send('Network.enable');
  return { context, page, cdp, profile };
}

try {
  await stack.start();
  const rest = new Rest(stack.baseUrl);
  const photo = cameraPhoto(stack);
  const photoBytes = readFileSync(photo).length;
  const size = JSON.parse(readFileSync(join(root, 'web/dist/patrol/size.json'), 'utf8'));

  const first = [], offline = [], total = [], open = [], resize = [], upload = [], uploadBytes = [], raw = [];
  for (let i = 0; i < runs; i++) {
    const { context, page, cdp, profile } = await phone();
    // Cold first load on the slow network: page, script, style until the login form shows.
    await cdp.send('Network.emulateNetworkConditions', NET);
    let t = performance.now();
    await page.goto(`${stack.baseUrl}/patrol/`);
    await page.getByLabel(/用户名/).waitFor();
    first.push(performance.now() - t);
    await cdp.send('Network.emulateNetworkConditions', { ...NET, latency: 0, downloadThroughput: -1, uploadThroughput: -1 });
    await patrolLogin(page, stack.baseUrl, 'patrol1');
    await page.evaluate(() => navigator.serviceWorker.ready.then(() => true));
    await page.reload();
    await page.getByTestId('submit').waitFor();

    // Open the report screen → stored report, everything on the slow network.
    await cdp.send('Network.emulateNetworkConditions', NET);
    t = performance.now();
    await page.reload();
    await page.getByTestId('submit').waitFor();
    const opened = performance.now();
    await page.getByTestId('photo-input').setInputFiles(photo);
    await page.getByTestId('preview').first().waitFor({ timeout: 30000 });
    const resized = performance.now();
    // CDP does not report a blob body's size; the preview shows the re-encoded photo's.
    const bytes = 1024 * Number(/(\d+) KB/.exec(await page.locator('.preview figcaption').first().textContent())?.[1] || 0);
    await fillReport(page, { features: `bench ${i}` });
    let sentAt = 0;
    page.once('request', (r) => { if (r.url().endsWith('/v1/reports/found')) sentAt = performance.now(); });
    await page.getByTestId('submit').click();
    await page.locator('[data-testid="sent"]').first().waitFor({ timeout: 60000 });
    const stored = performance.now();
    total.push(stored - t); open.push(opened - t); resize.push(resized - opened); upload.push(stored - (sentAt || stored)); uploadBytes.push(bytes);

    // Baseline: the camera file as it is, same network, same route.
    const b64 = readFileSync(photo).toString('base64');
    raw.push(await page.evaluate(async ({ b64, token }) => {
      const bytes = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
      const form = new FormData();
      form.append('report', new Blob([JSON.stringify({ report: { child: { ageMin: 4, ageMax: 6 }, foundZoneId: 'penguin', foundAt: new Date().toISOString(), heldAt: '中心' } })], { type: 'application/json' }));
      form.append('photo', new Blob([bytes], { type: 'image/jpeg' }), 'camera.jpg');
      const t0 = performance.now();
      const res = await fetch('/v1/reports/found', { method: 'POST', headers: { Authorization: `Bearer ${token}` }, body: form });
      if (!res.ok) throw new Error(`baseline upload: HTTP ${res.status}`);
      return performance.now() - t0;
    }, { b64, token: JSON.parse(await page.evaluate(() => localStorage.getItem('cs.session'))).token }));

    // Reload with no network at all: the shell from the service worker.
    await context.setOffline(true);
    t = performance.now();
    await page.reload();
    await page.getByTestId('submit').waitFor();
    offline.push(performance.now() - t);
    await context.close();
    rmSync(profile, { recursive: true, force: true });
    process.stdout.write('.');
  }
  console.log('');
  console.log(`patrol app: ${(size.gzipBytes / 1024).toFixed(1)} KB gzipped (${size.files.join(', ')})`);
  console.log(`network: 1.6 Mbit/s up and down, 150 ms latency (CDP); camera photo ${(photoBytes / 1e6).toFixed(2)} MB 4000x3000; ${runs} runs`);
  console.log(`open report screen -> report stored: ${fmt(total)}`);
  console.log(`  opening the screen (reload, logged in): ${fmt(open)}`);
  console.log(`  resize on the phone to 1600 px: ${fmt(resize)}`);
  console.log(`  upload and store (photo ${(median(uploadBytes) / 1024).toFixed(0)} KB after resizing): ${fmt(upload)}`);
  console.log(`baseline: the camera file uploaded as it is: ${fmt(raw)}`);
  console.log(`first load, cold, same network: ${fmt(first)}`);
  console.log(`reload with no network (service worker): ${fmt(offline)}`);
} finally {
  await stack.stop();
  rmSync(logDir, { recursive: true, force: true });
}
