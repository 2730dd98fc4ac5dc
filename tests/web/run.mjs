#!/usr/bin/env node
// Dashboard tests in real Chromium (Debian's /usr/bin/chromium, driven by playwright-core with no
// browser download) against the real stack: redis-server, crowd-service, appeal-service,
// case-service and mobile-api serving web/dist.
//
//   node tests/web/run.mjs --bin build/release/bin [--group desk|press|patrol] [--artifacts DIR] [--only NAME]
//
// Without --group every scenario runs; ctest runs one group per test (tests/web.cmake).
// Screenshots and service logs go to <bin>/../test-artifacts/web/ (printed). Exits 1 when a
// scenario fails and 2 when something it needs is missing: it never passes without running.
import { existsSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Stack } from './stack.mjs';
import { Rest } from './rest.mjs';
import { DESK_GROUP, PRESS_GROUP } from './scenarios.mjs';
import { PATROL_SCENARIOS } from './patrol_scenarios.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const argv = process.argv.slice(2);
const arg = (name, fallback) => {
  const i = argv.indexOf(name);
  return i >= 0 && argv[i + 1] ? argv[i + 1] : fallback;
};
const bin = resolve(arg('--bin', join(root, 'build/release/bin')));
const artifacts = resolve(arg('--artifacts', join(bin, '..', 'test-artifacts', 'web')));
const only = arg('--only', '');
const GROUPS = { desk: DESK_GROUP, press: PRESS_GROUP, patrol: PATROL_SCENARIOS };
const group = arg('--group', '');
if (group && !GROUPS[group]) {
  console.error(`web tests: FAILED: --group ${JSON.stringify(group)} is none of ${Object.keys(GROUPS).join(', ')}`);
  process.exit(1);
}
const CHROMIUM = process.env.CS_CHROMIUM || '/usr/bin/chromium';
// --only NAME runs the scenarios whose name contains NAME; one that matches none is a mistake,
// not a pass with nothing run (issue 18), so it fails before anything starts.
const chosen = (group ? GROUPS[group] : Object.values(GROUPS).flat()).filter(([name]) => !only || name.includes(only));
if (chosen.length === 0) {
  console.error(`web tests: FAILED: --only ${JSON.stringify(only)} matches no scenario`);
  process.exit(1);
}

function missing(what) {
  console.error(`web tests: FAILED before starting: ${what}`);
  process.exit(2);
}
if (!existsSync(CHROMIUM)) missing(`${CHROMIUM} not found (apt-get install chromium)`);
if (!['index.html', 'app.js', 'patrol/index.html', 'patrol/patrol.js', 'patrol/sw.js'].every((f) => existsSync(join(root, 'web/dist', f)))) {
  missing('web/dist is not built (run web/build.sh)');
}
for (const b of ['crowd-service', 'case-service', 'appeal-service', 'mobile-api', 'crowdsafe-sim', 'make_camera_photo', 'make_face_photo']) {
  if (!existsSync(join(bin, b))) missing(`${join(bin, b)} not found (build it first)`);
}
let chromium;
try {
  chromium = createRequire(join(root, 'web/package.json'))('playwright-core').chromium;
} catch {
  missing('playwright-core is not installed in web/node_modules (run web/build.sh)');
}

mkdirSync(artifacts, { recursive: true });
for (const f of readdirSync(artifacts)) if (f.endsWith('.png')) rmSync(join(artifacts, f)); // this run's only
const logDir = join(artifacts, 'logs');
mkdirSync(logDir, { recursive: true });
const stack = new Stack({ root, bin, logDir });
const contexts = [];
process.on('exit', () => stack.killNow());
for (const sig of ['SIGINT', 'SIGTERM']) {
  process.on(sig, async () => {
    await Promise.allSettled(contexts.map((c) => c.close()));
    await browser?.close().catch(() => {});
    await stack.stop();
    process.exit(130);
  });
}

// One Chromium per run, with the flags that keep an offline Chromium from reaching for the
// network; each user gets their own context (cookies, storage, service workers apart). A browser
// per user cost a Chromium start each, over a minute apiece on a loaded 2-core machine.
let browser = null;
async function newPage(label, viewport) {
  browser ??= await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  const context = await browser.newContext({ viewport, locale: 'zh-CN' });
  contexts.push(context);
  const page = await context.newPage();
  page.on('pageerror', (e) => console.error(`  [${label}] page error: ${e.message}`));
  // The gateway sends a Content-Security-Policy (mobile-api/security_headers.cc): anything the
  // pages do that it blocks fails the scenario.
  page.on('console', (m) => {
    if (/Content Security Policy/i.test(m.text())) cspViolations.push(`[${label}] ${m.text()}`);
  });
  return page;
}

async function shot(page, name) {
  const path = join(artifacts, `${name}.png`);
  // A full-page screenshot is an artefact, not the feature: give it time on a loaded machine.
  await page.screenshot({ path, fullPage: true, timeout: 120000 });
  console.log(`  screenshot ${path}`);
}

let failed = 0;
const cspViolations = [];
try {
  console.log(`web tests: starting the stack from ${bin}`);
  await stack.start();
  console.log(`web tests: mobile-api at ${stack.baseUrl} (redis ${stack.ports.redis}, crowd ${stack.ports.crowd}, cases ${stack.ports.cases}, appeals ${stack.ports.appeals})`);
  const rest = new Rest(stack.baseUrl);
  for (const [name, scenario] of chosen) {
    const started = Date.now();
    console.log(`RUN  ${name}`);
    try {
      cspViolations.length = 0;
      await scenario({ newPage, stack, rest, shot, artifacts });
      if (cspViolations.length) throw new Error(`blocked by the CSP: ${cspViolations.join('; ')}`);
      console.log(`PASS ${name} (${((Date.now() - started) / 1000).toFixed(1)} s)`);
    } catch (e) {
      failed++;
      console.log(`FAIL ${name}: ${e.message.split('\n')[0]}`);
      for (const [i, c] of contexts.entries()) {
        for (const [j, p] of c.pages().entries()) {
          await p.screenshot({ path: join(artifacts, `FAIL-${name.replace(/\W+/g, '-')}-${i}-${j}.png`), fullPage: true }).catch(() => {});
        }
      }
    } finally {
      await Promise.allSettled(contexts.splice(0).map((c) => c.close()));
    }
  }
} catch (e) {
  failed++;
  console.log(`FAIL stack: ${e.message}`);
} finally {
  await Promise.allSettled(contexts.splice(0).map((c) => c.close()));
  await browser?.close().catch(() => {});
  await stack.stop();
}
console.log(`web tests: ${failed ? `${failed} FAILED` : 'all passed'}; screenshots and logs in ${artifacts}`);
process.exit(failed ? 1 : 0);
