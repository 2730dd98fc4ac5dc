// The patrol officer's phone app (issue 12), in real Chromium at a 390x844 phone viewport
// against the real stack: a found report with a camera photo, the offline outbox with a reload
// from the service worker and duplicated sends, broadcasts filtered by zone, and Idempotency-Key
// reuse. Each scenario throws on failure; screenshots go to the artifacts folder.
import { strict as assert } from 'node:assert';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

export const PHONE = { width: 390, height: 844 };
const minutesAgo = (m) => new Date(Date.now() - m * 60000).toISOString();

// Width and height from a JPEG's SOF marker.
export function jpegSize(buf) {
  for (let i = 2; i + 9 < buf.length;) {
    if (buf[i] !== 0xff) return null;
    const marker = buf[i + 1];
    const len = buf.readUInt16BE(i + 2);
    if (marker >= 0xc0 && marker <= 0xc3) return { height: buf.readUInt16BE(i + 5), width: buf.readUInt16BE(i + 7) };
    i += 2 + len;
  }
  return null;
}

// A 12-megapixel camera-like JPEG of ~3 MB, made by bench/make_camera_photo (OpenCV noise).
export function cameraPhoto(stack, bytes = 3000000, width = 4000, height = 3000) {
  const path = join(stack.dir, `camera-${bytes}-${width}x${height}.jpg`);
  execFileSync(join(stack.bin, 'make_camera_photo'), [path, String(bytes), String(width), String(height)]);
  return path;
}

export async function patrolLogin(page, baseUrl, user) {
  await page.goto(`${baseUrl}/patrol/`);
  await page.getByLabel(/用户名|Username/).fill(user);
  await page.getByLabel(/密码|Password/).fill(`${user}-demo`);
  await page.getByRole('button', { name: /^(登录|Log in)$/ }).click();
  await page.getByTestId('who').waitFor({ timeout: 10000 });
  await page.getByTestId('submit').waitFor({ timeout: 10000 });
}

const tap = (page, name, value) => page.locator(`[data-tap="${name}"][data-value="${value}"]`).click();

// Fills the report screen with taps (and a features text that makes the report findable).
export async function fillReport(page, { features, photo } = {}) {
  if (photo) {
    await page.getByTestId('photo-input').setInputFiles(photo);
    await page.getByTestId('preview').first().waitFor({ timeout: 15000 });
  }
  await tap(page, 'sex', 'SEX_MALE');
  await tap(page, 'age', '5-6');
  await tap(page, 'height', '105');
  await tap(page, 'top', '红');
  await tap(page, 'bottom', '黑');
  await tap(page, 'shoes', '蓝');
  if (features) await page.getByLabel(/明显特征|Distinguishing/).fill(features);
}

const missingReport = (zone, features) => ({ report: {
  venueId: 'ocean',
  child: { sex: 'SEX_MALE', ageMin: 5, ageMax: 6, heightCm: 105, features,
    clothing: { top: { colours: ['红色'], description: '红色外套' }, bottom: { colours: ['黑色'] }, shoes: { colours: ['蓝色'] } } },
  restricted: { childName: '李小龙', guardianName: '李建华', guardianPhone: '13900139000', surnameConsent: false },
  lastSeenZoneId: zone, lastSeenAt: minutesAgo(1), lastSeenNote: '馆内',
} });

async function foundCasesWith(rest, features) {
  const { cases = [] } = await rest.get('/v1/cases?kind=found', 'desk1');
  return cases.filter((c) => c.found?.child?.features === features);
}

// 5. A found report with a photo chosen through the file input: resized on the phone, stored
//    with the photo for the desk, and the officer sees the missing report as a candidate; then
//    the officer verifies the guardian and hands over on the phone.
export async function patrolFilesFoundReportWithPhoto({ newPage, stack, rest, shot }) {
  const features = `右手戴蓝色手环 ${Date.now()}`;
  const missing = await rest.post('/v1/reports/missing', missingReport('penguin', '右手戴蓝色手环'), 'desk1');
  const page = await newPage('patrol1-phone', PHONE);
  await patrolLogin(page, stack.baseUrl, 'patrol1');
  assert.equal(await page.getByTestId('zone').inputValue(), 'penguin', 'the zone is the officer\'s assignment');
  const heldAt = await page.getByTestId('held-at').inputValue();
  assert.equal(heldAt, '失物招领及走失儿童中心', 'held at defaults to the venue\'s lost-child centre');
  // A report with nothing tapped: a message on the phone, nothing queued.
  await page.getByTestId('submit').click();
  await page.getByTestId('form-msg').getByText(/请填写：看起来几岁/).waitFor({ timeout: 5000 });
  assert.equal(await page.locator('[data-testid="outbox"]').getAttribute('data-waiting'), '0', 'nothing queued');
  // Not an image, and an absurd strip of 4000x20 px: a message on the phone, nothing added.
  await page.getByTestId('photo-input').setInputFiles({ name: 'photo.jpg', mimeType: 'image/jpeg', buffer: Buffer.from('not a jpeg at all') });
  await page.getByTestId('photo-msg').getByText('这不是一张图片').waitFor({ timeout: 10000 });
  const strip = cameraPhoto(stack, 1000, 4000, 20);
  await page.getByTestId('photo-input').setInputFiles(strip);
  await page.getByTestId('photo-msg').getByText('照片尺寸异常').waitFor({ timeout: 10000 });
  assert.equal(await page.getByTestId('preview').count(), 0, 'no photo was added');
  const photo = cameraPhoto(stack);
  const original = readFileSync(photo);
  await fillReport(page, { features, photo });
  const caption = await page.locator('.preview figcaption').first().textContent();
  assert.match(caption, /^(1600×1200|1600x1200)/, `the preview shows the resized photo (${caption})`);
  await shot(page, '10-patrol-report-filled');
  const uploads = [];
  page.on('requestfinished', (r) => { if (r.url().endsWith('/v1/reports/found')) uploads.push(r); });
  await page.getByTestId('submit').click();
  await page.getByTestId('saved').waitFor({ timeout: 5000 }); // the local confirmation
  const sent = page.locator('[data-testid="sent"]').first();
  await sent.waitFor({ timeout: 20000 });
  const caseId = await sent.getAttribute('data-case');
  assert.equal(uploads.length, 1, 'one upload');
  // (CDP does not report the size of a blob body; the preview gives the re-encoded size.)
  const kb = Number(/(\d+) KB/.exec(caption)?.[1]);
  assert.ok(kb > 0 && kb * 1024 < original.length / 3, `the resized photo (${kb} KB) is much smaller than the camera file (${original.length} B)`);
  await page.locator(`[data-testid="candidate"][data-case="${missing.caseId}"]`).waitFor({ timeout: 20000 });
  await shot(page, '11-patrol-report-sent-candidate');

  // The desk has the case with the photo, re-encoded at most 1600 px on the long side.
  const c = await rest.get(`/v1/cases/${caseId}`, 'desk1');
  assert.equal(c.found.heldAt, heldAt);
  assert.equal(c.found.foundZoneId, 'penguin');
  assert.equal(c.createdBy, 'patrol1');
  const photoIds = c.found.child.photoIds || [];
  assert.equal(photoIds.length, 1, 'one photo stored');
  const res = await fetch(`${stack.baseUrl}/v1/cases/${caseId}/photos/${photoIds[0].split('/')[1]}`,
    { headers: { Authorization: `Bearer ${rest.tokens.desk1}` } });
  assert.equal(res.status, 200);
  const size = jpegSize(Buffer.from(await res.arrayBuffer()));
  assert.ok(size && Math.max(size.width, size.height) <= 1600, `stored photo ${JSON.stringify(size)}`);
  // The desk's case board shows the case with the photo.
  const desk = await newPage('desk1-sees-photo', { width: 1024, height: 768 });
  await desk.goto(`${stack.baseUrl}/`);
  await desk.getByLabel(/用户名|Username/).fill('desk1');
  await desk.getByLabel(/密码|Password/).fill('desk1-demo');
  await desk.getByRole('button', { name: /^(登录|Log in)$/ }).click();
  await desk.getByRole('button', { name: '案件看板' }).click();
  await desk.locator(`.case-card[data-case="${caseId}"]`).click();
  await desk.locator(`[data-case-detail="${caseId}"] .photo img`).first().waitFor({ timeout: 15000 });
  await shot(desk, '11b-desk-found-case-with-photo');
  // What the patrol role may see: no guardian contact anywhere on the phone.
  const text = await page.locator('body').innerText();
  assert.ok(!text.includes('13900139000') && !text.includes('李建华'), 'no guardian contact on the phone');

  // The desk confirms; the officer verifies the guardian and hands over from the phone.
  await rest.post(`/v1/cases/${caseId}/confirm-match`, { otherCaseId: missing.caseId }, 'desk1');
  await page.getByTestId('ho-case').fill(caseId);
  await page.getByTestId('ho-complete').click(); // before verification: the service refuses
  await page.getByTestId('handover-msg').locator('.error').waitFor({ timeout: 10000 });
  await page.getByTestId('ho-number').fill('440402198001011234');
  await page.getByTestId('ho-verify').click();
  await page.getByTestId('handover-msg').getByText(/已核验/).waitFor({ timeout: 10000 });
  assert.equal(await page.getByTestId('ho-number').inputValue(), '', 'the full number leaves the screen');
  // The masked number is part of what the desk reads with a reason (audited).
  const verified = await rest.get(`/v1/cases/${caseId}?reason=${encodeURIComponent('核对交接')}`, 'desk1');
  assert.equal(verified.state, 'CASE_GUARDIAN_VERIFIED');
  assert.equal(verified.verification?.documentNumberMasked, '4404**********1234', 'only the masked number is kept');
  assert.equal(verified.verification?.verifiedBy, 'patrol1');
  await page.getByTestId('ho-complete').click();
  await page.locator('[data-testid="handover-msg"] [data-state="CASE_REUNITED"]').waitFor({ timeout: 10000 });
  assert.equal((await rest.get(`/v1/cases/${caseId}`, 'desk1')).state, 'CASE_REUNITED');
  await shot(page, '12-patrol-handover');
  // English, and back.
  await page.getByTestId('lang').click();
  await page.getByRole('heading', { name: 'Found a child' }).waitFor();
  await page.getByRole('button', { name: 'Send report' }).waitFor();
  await shot(page, '12b-patrol-english');
  await page.getByTestId('lang').click();
  await page.getByRole('heading', { name: '发现走失儿童' }).waitFor();
}

// 6. Offline: two reports are kept on the phone, the app reloads from the service worker with
//    no network, and when the network is back both arrive exactly once, although the first
//    request of each is sent twice and its answer is lost.
export async function patrolOutboxOfflineExactlyOnce({ newPage, stack, rest, shot }) {
  const page = await newPage('patrol1-offline', PHONE);
  const context = page.context();
  await patrolLogin(page, stack.baseUrl, 'patrol1');
  await page.evaluate(() => navigator.serviceWorker.ready.then(() => true));
  await page.reload(); // controlled by the service worker from here on
  await page.getByTestId('submit').waitFor({ timeout: 10000 });
  assert.ok(await page.evaluate(() => !!navigator.serviceWorker.controller), 'the service worker controls the page');

  await context.setOffline(true);
  const marks = [`离线一 ${Date.now()}`, `离线二 ${Date.now()}`];
  for (const features of marks) {
    await fillReport(page, { features });
    await page.getByTestId('submit').click();
    await page.getByTestId('saved').waitFor({ timeout: 5000 });
  }
  await page.locator('[data-testid="outbox"][data-waiting="2"]').waitFor({ timeout: 10000 });
  assert.match(await page.getByTestId('outbox-count').textContent(), /2 份报告等待发送/);
  await page.locator('[data-testid="conn"][data-state="offline"]').waitFor({ timeout: 10000 });
  await page.reload(); // no network: the shell comes from the service worker's cache
  await page.locator('[data-testid="outbox"][data-waiting="2"]').waitFor({ timeout: 10000 });
  await shot(page, '13-patrol-offline-two-waiting');

  // The first request of each report reaches the server twice and its answer is lost.
  const seen = new Map();
  await context.route('**/v1/reports/found', async (route) => {
    const key = route.request().headers()['idempotency-key'];
    const n = (seen.get(key) ?? 0) + 1;
    seen.set(key, n);
    if (n === 1) {
      const first = await route.fetch();
      const second = await route.fetch();
      assert.equal(second.headers()['idempotent-replayed'], 'true', 'the duplicate is answered from Redis');
      assert.equal(await second.text(), await first.text());
      return route.abort('connectionreset');
    }
    return route.continue();
  });
  await context.setOffline(false);
  await page.locator('[data-testid="outbox"][data-waiting="0"]').waitFor({ timeout: 30000 });
  await page.locator('[data-testid="sent"]').nth(1).waitFor({ timeout: 10000 });
  assert.equal(seen.size, 2, 'two reports, two keys');
  for (const [key, n] of seen) assert.ok(n >= 2, `report ${key} was retried after the lost answer (${n} sends)`);
  for (const features of marks) {
    const found = await foundCasesWith(rest, features);
    assert.equal(found.length, 1, `"${features}" stored exactly once (found ${found.length})`);
  }
  await shot(page, '14-patrol-back-online-sent-once');
  await context.unroute('**/v1/reports/found');
}

// 7. A missing report filed by the desk raises a broadcast card on the patrol phone of that
//    zone within 2 s; an officer of another zone sees nothing until the venue-wide stage; the
//    officer's answer is recorded on the case; a zone alert shows as a banner with the name.
export async function patrolBroadcastsByZone({ newPage, stack, rest, shot }) {
  const near = await newPage('patrol1-broadcast', PHONE);
  const far = await newPage('patrol2-broadcast', PHONE);
  await patrolLogin(near, stack.baseUrl, 'patrol1');
  await patrolLogin(far, stack.baseUrl, 'patrol2');
  for (const p of [near, far]) await p.locator('[data-testid="conn"][data-state="live"]').waitFor({ timeout: 15000 });
  const t0 = Date.now();
  const missing = await rest.post('/v1/reports/missing', missingReport('penguin', `广播测试 ${t0}`), 'desk1');
  const card = near.locator(`[data-testid="broadcast"][data-case="${missing.caseId}"]`);
  await card.waitFor({ timeout: 2000 });
  const ms = Date.now() - t0;
  console.log(`  broadcast card on the phone ${ms} ms after the desk filed`);
  assert.ok(ms <= 2000, `broadcast within 2 s (${ms} ms)`);
  assert.match(await card.innerText(), /企鹅馆/, 'the card names the zone');
  const farCard = far.locator(`[data-testid="broadcast"][data-case="${missing.caseId}"]`);
  await far.waitForTimeout(2000);
  assert.equal(await farCard.count(), 0, 'another zone hears nothing at the zone stage');
  await shot(near, '15-patrol-broadcast-card');

  await card.getByTestId('bc-searching').click();
  await card.getByTestId('bc-answered').waitFor({ timeout: 10000 });
  const audit = await rest.get(`/v1/cases/${missing.caseId}/audit`, 'desk1');
  const answer = (audit.entries || []).find((e) => e.action === 'broadcast_response');
  assert.ok(answer, 'the answer is in the case audit log');
  assert.equal(answer.actor.userId, 'patrol1');
  assert.match(answer.reason, /^searching/);

  // The venue-wide stage (venue_wide_after_s in the test stack) reaches every officer.
  await far.locator(`[data-testid="broadcast"][data-case="${missing.caseId}"][data-type="CASE_EVENT_BROADCAST_VENUE"]`)
    .waitFor({ timeout: stack.venueWideAfterS * 1000 + 10000 });
  await shot(far, '16-patrol-other-zone-venue-wide');

  // A critical density in the penguin pavilion: a banner above everything, by zone name.
  const pushing = stack.pushDensity({ camera: 'cam-penguin-1', region: 'viewing-hall', density: 6.4, seconds: 5 });
  pushing.catch(() => {});
  const banner = near.locator('[data-testid="zone-alert"][data-zone="penguin"]').first();
  await banner.waitFor({ timeout: 20000 });
  const words = await banner.innerText();
  assert.match(words, /企鹅馆/, 'the banner names the zone');
  assert.match(words, /人群过密/, 'in an officer\'s words');
  assert.ok(!/penguin|cam-penguin/.test(words), `no ids in the banner: "${words}"`);
  assert.equal(await far.locator('[data-testid="zone-alert"][data-zone="penguin"]').count(), 0, 'not on another zone\'s phone');
  await shot(near, '17-patrol-zone-alert-banner');
  await pushing;
}

// 8. Idempotency-Key: the same key with another body is 422 naming the header; a retry with
//    the same key and body creates nothing.
export async function idempotencyKeyReuse({ stack, rest }) {
  await rest.login('patrol1');
  const foundAt = minutesAgo(1); // one body: a retry sends the same bytes
  const post = (key, features) => fetch(`${stack.baseUrl}/v1/reports/found`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${rest.tokens.patrol1}`, 'Content-Type': 'application/json', 'Idempotency-Key': key },
    body: JSON.stringify({ report: { child: { sex: 'male', ageMin: 3, ageMax: 4, features },
      foundZoneId: 'plaza', foundAt, heldAt: '失物招领及走失儿童中心' } }),
  });
  const key = `web-${Date.now()}`;
  const features = `重放测试 ${key}`;
  const first = await post(key, features);
  assert.equal(first.status, 200, `first: ${await first.clone().text()}`);
  const again = await post(key, features);
  assert.equal(again.status, 200, 'the retry is answered');
  assert.equal(again.headers.get('idempotent-replayed'), 'true', 'the retry is a replay');
  assert.equal((await again.json()).caseId, (await first.json()).caseId, 'the same case');
  const other = await post(key, `${features} 改`);
  assert.equal(other.status, 422, 'another body with the key');
  assert.equal(other.headers.get('content-type'), 'application/problem+json');
  assert.equal((await other.json()).field, 'Idempotency-Key');
  assert.equal((await foundCasesWith(rest, features)).length, 1, 'created once');
  // Keys are per user: another officer's request with the same key is their own, not a replay.
  await rest.login('patrol2');
  const theirs = await fetch(`${stack.baseUrl}/v1/reports/found`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${rest.tokens.patrol2}`, 'Content-Type': 'application/json', 'Idempotency-Key': key },
    body: JSON.stringify({ report: { child: { features: `${features} 他人` }, foundZoneId: 'theatre', foundAt, heldAt: '中心' } }),
  });
  assert.equal(theirs.status, 200, 'another user\'s key space');
  assert.equal(theirs.headers.get('idempotent-replayed'), null);
  assert.notEqual((await theirs.json()).createdBy, 'patrol1');
  assert.equal((await foundCasesWith(rest, `${features} 改`)).length, 0, 'the refused body created nothing');
}

export const PATROL_SCENARIOS = [
  ['patrol phone: found report with a photo, candidate, handover', patrolFilesFoundReportWithPhoto],
  ['patrol phone: offline outbox, reload from the service worker, exactly once', patrolOutboxOfflineExactlyOnce],
  ['patrol phone: broadcast by zone within 2 s, venue-wide later, zone banner', patrolBroadcastsByZone],
  ['Idempotency-Key reuse: 422 for another body, nothing created twice', idempotencyKeyReuse],
];
