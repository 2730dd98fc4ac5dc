// Issue 20's press-desk scenarios, in real Chromium against the real stack:
// - the accountability report (通报): messages over two weeks, some answered on time, some late,
//   some open; the press office reads the numbers the API computes per department, sees one bar
//   per week, and prints it to PDF through Chromium's print path (the page's print stylesheet);
// - the library that learns: press1 answers by hand and proposes the answer, cannot approve it
//   herself, press2 approves it, and the search then suggests it with the matched words marked;
// - replies out through the Weibo connector (a local fake Weibo): the out-of-hours automatic
//   reply and the desk's answer, each with its delivery state on the inbox card;
// - a life-safety message labelled as such, and the command centre's acknowledgement of its
//   page (in crowd-service) shown on the card.
import { strict as assert } from 'node:assert';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

const minutesAgo = (m) => new Date(Date.now() - m * 60000).toISOString();

async function uiLogin(page, baseUrl, user) {
  await page.goto(baseUrl + '/');
  await page.getByLabel(/用户名|Username/).fill(user);
  await page.getByLabel(/密码|Password/).fill(`${user}-demo`);
  await page.getByRole('button', { name: /^(登录|Log in)$/ }).click();
  await page.getByTestId('who').waitFor({ timeout: 10000 });
}

export async function pressReadsAndPrintsTheReport({ newPage, stack, rest, shot, artifacts }) {
  const submit = (text, minutes) => rest.post('/v1/inbox', { channel: 'weibo_dm', text, receivedAt: minutesAgo(minutes) }, 'press1');
  const late = await submit('我的孩子在鲸鲨馆走丢了，请帮忙找', 120);
  const onTime = await submit('请问今天几点开园？', 10);
  await submit('有人在主入口广场需要帮忙，请尽快来人', 180); // left unanswered
  const lastWeek = await submit('上周买的门票可以退吗？', 8 * 24 * 60);
  for (const m of [late, onTime, lastWeek]) await rest.post(`/v1/inbox/${m.messageId}/answer`, { answer: '已收到，正在处理。' }, 'press1');

  const from = new Date(Date.now() - 8 * 7 * 24 * 3600 * 1000).toISOString();
  const expected = await rest.get(`/v1/inbox/report?from=${encodeURIComponent(from)}`, 'press1');
  const departments = expected.departments || [];
  const total = departments.reduce((n, d) => n + (d.received || 0), 0);
  assert.ok(total >= 4, `the report counts the messages just submitted (${total})`);
  assert.ok(departments.some((d) => (d.medianResponseSeconds || 0) > 0), 'a median response time is reported');

  const page = await newPage('press2-report', { width: 1024, height: 900 });
  await uiLogin(page, stack.baseUrl, 'press2');
  await page.locator('[data-nav="report"]').click();
  await page.locator('[data-testid="report"][data-loaded="true"]').waitFor({ timeout: 10000 });
  for (const d of departments) {
    const row = page.locator(`[data-testid="report-table"] tr[data-department="${d.department}"]`);
    assert.equal(await row.locator('[data-col="received"]').textContent(), String(d.received || 0), `${d.department} received`);
    assert.equal(await row.locator('[data-col="on-time"]').textContent(), String(d.answeredOnTime || 0), `${d.department} on time`);
    assert.equal(await row.locator('[data-col="overdue"]').textContent(), String(d.overdue || 0), `${d.department} overdue`);
    const median = await row.locator('[data-col="median"]').textContent();
    assert.equal(median === '–', !d.medianResponseSeconds, `${d.department} median shown iff answered (${median})`);
  }
  // One stack per week, summing to what was received in the range.
  const bars = page.locator('[data-testid="report-chart"] rect.wk');
  const values = await bars.evaluateAll((rects) => rects.map((r) => ({ week: r.dataset.week, v: Number(r.dataset.value) })));
  assert.equal(values.reduce((n, b) => n + b.v, 0), total, 'the weekly bars add up to the messages received');
  assert.ok(new Set(values.map((b) => b.week)).size >= 2, 'this week and the one before each have a bar');
  await shot(page, '10-press2-report');

  const pdf = await page.pdf({ format: 'A4', printBackground: true });
  const head = pdf.subarray(0, 5).toString('latin1');
  assert.equal(head, '%PDF-', 'Chromium printed the report to a PDF');
  assert.ok(pdf.length > 10000, `the PDF holds the report (${pdf.length} bytes)`);
  const path = join(artifacts, 'report.pdf');
  writeFileSync(path, pdf);
  console.log(`  pdf ${path}`);
  // The print stylesheet drops the navigation and the controls.
  await page.emulateMedia({ media: 'print' });
  assert.equal(await page.locator('header.top').isVisible(), false, 'no navigation in print');
  assert.equal(await page.getByTestId('report-print').isVisible(), false, 'no print button in print');
  assert.equal(await page.getByTestId('report-table').isVisible(), true, 'the table prints');
}

export async function libraryLearnsFromAHandWrittenAnswer({ newPage, stack, rest, shot }) {
  const reply = '海豚表演每天10:30和14:30在海洋剧场，请提前15分钟入场。';
  const msg = await rest.post('/v1/inbox', { channel: 'weibo_dm', text: '海豚表演几点开始？' }, 'press1');
  const p1 = await newPage('press1-propose', { width: 1024, height: 900 });
  await uiLogin(p1, stack.baseUrl, 'press1');
  await p1.locator('[data-nav="inbox"]').click();
  const card = p1.locator(`article.message[data-message="${msg.messageId}"]`);
  await card.locator('textarea').fill(reply);
  await card.getByTestId('answer').click();
  await card.getByTestId('propose-answer').click();
  const own = p1.getByTestId('proposals').locator('article', { hasText: reply });
  await own.waitFor({ timeout: 10000 });
  assert.equal(await own.getByTestId('approve-proposal').count(), 0, 'no approve button on your own proposal');
  const { proposals } = await rest.get('/v1/answers/proposals?state=pending', 'press1');
  const proposal = proposals.find((p) => p.messageId === msg.messageId);
  assert.ok(proposal, 'the proposal is stored');
  // Even through the API, the proposer cannot approve it (four eyes).
  await assert.rejects(rest.post(`/v1/answers/proposals/${proposal.proposalId}/review`, { approve: true }, 'press1'), /HTTP 403/);

  const p2 = await newPage('press2-approve', { width: 1024, height: 900 });
  await uiLogin(p2, stack.baseUrl, 'press2');
  await p2.locator('[data-nav="inbox"]').click();
  await p2.locator(`[data-proposal="${proposal.proposalId}"]`).getByTestId('approve-proposal').click();
  await p2.locator(`[data-proposal="${proposal.proposalId}"]`).waitFor({ state: 'detached', timeout: 10000 });

  await p2.getByTestId('answer-q').fill('海豚表演时间');
  await p2.getByRole('button', { name: '搜索', exact: true }).click();
  const hit = p2.getByTestId('answer-hits').locator('article.hit', { hasText: reply });
  await hit.waitFor({ timeout: 10000 });
  const marks = await hit.locator('mark').allTextContents();
  assert.ok(marks.includes('海豚表演'), `the matched words are marked: ${JSON.stringify(marks)}`);
  await shot(p2, '11-press2-library-hit-marked');
}

export async function aTipIsLinkedToTheCaseItFits({ newPage, stack, rest, shot }) {
  const missing = await rest.post('/v1/reports/missing', { report: {
    venueId: 'ocean',
    child: { sex: 'SEX_MALE', ageMin: 4, ageMax: 4, heightCm: 105,
      clothing: { top: { colours: ['红'], description: '红色外套' }, shoes: { colours: ['白'] } } },
    restricted: { childName: '刘小虎', guardianName: '刘强', guardianPhone: '13700001111' },
    lastSeenZoneId: 'penguin', lastSeenAt: minutesAgo(20),
  } }, 'desk1');
  const tip = await rest.post('/v1/inbox', { channel: 'weibo_comment', text: '刚在企鹅馆门口看到一个穿红色外套的小男孩一个人在哭，大概4岁' }, 'press1');
  await rest.post(`/v1/inbox/${tip.messageId}/route`, { category: 'MESSAGE_TIP' }, 'press1');
  const page = await newPage('press1-tip', { width: 1024, height: 900 });
  await uiLogin(page, stack.baseUrl, 'press1');
  await page.locator('[data-nav="inbox"]').click();
  const card = page.locator(`article.message[data-message="${tip.messageId}"]`);
  await card.getByTestId('tip-find-cases').click();
  const candidate = card.locator(`article.candidate[data-case="${missing.caseId}"]`);
  await candidate.waitFor({ timeout: 10000 });
  assert.match(await card.getByTestId('tip-cases').textContent(), /男孩/, 'what was read from the tip is shown');
  await shot(page, '12-press1-tip-case-candidates');
  const before = (await rest.get('/v1/inbox', 'press1')).messages.find((m) => m.messageId === tip.messageId);
  assert.ok(!before.linkedCaseId, 'offering links nothing');
  await candidate.getByTestId('tip-link').click();
  await page.locator(`article.message[data-message="${tip.messageId}"]`, { hasText: missing.caseId }).locator('.ok').waitFor({ timeout: 10000 });
  const after = (await rest.get('/v1/inbox', 'press1')).messages.find((m) => m.messageId === tip.messageId);
  assert.equal(after.linkedCaseId, missing.caseId, 'the confirmed link is recorded');
}

const waitFor = async (what, probe, timeoutMs) => {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const v = await probe();
    if (v) return v;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 250));
  }
};
const inboxMessage = async (rest, id) => (await rest.get('/v1/inbox', 'press1')).messages.find((m) => m.messageId === id);

// The most recent 23:10 in Zhuhai: the desk (08:00-22:00) was closed.
function lastNightAt2310() {
  const now = Date.now();
  const bj = new Date(now + 8 * 3600 * 1000);
  let t = Date.UTC(bj.getUTCFullYear(), bj.getUTCMonth(), bj.getUTCDate(), 23, 10) - 8 * 3600 * 1000;
  if (t > now) t -= 24 * 3600 * 1000;
  return new Date(t);
}

export async function repliesGoOutThroughWeiboAndShowTheirDelivery({ newPage, stack, rest, shot }) {
  const weiboId = '4901000000000101';
  const id = `wb-dm-${weiboId}`;
  stack.weibo.addDm({ id: weiboId, text: '请问明天几点开园？能带折叠婴儿车吗', uid: '6101', createdAt: lastNightAt2310() });
  // The connector takes it in within a pass or two and sends the automatic reply at once.
  const m = await waitFor('the automatic reply to be sent', async () => {
    const got = await inboxMessage(rest, id);
    return got?.autoReplyDelivery === 'REPLY_SENT' && got;
  }, 20000);
  assert.match(m.autoReply, /110/, 'the automatic reply gives the emergency numbers');
  assert.deepEqual(stack.weibo.sent.map((x) => x.uid), ['6101'], 'one private message, to the sender');
  assert.equal(stack.weibo.sent[0].text, m.autoReply);

  const page = await newPage('press1-weibo', { width: 1024, height: 900 });
  await uiLogin(page, stack.baseUrl, 'press1');
  await page.locator('[data-nav="inbox"]').click();
  const card = page.locator(`article.message[data-message="${id}"]`);
  await card.waitFor({ timeout: 10000 });
  const autoState = card.getByTestId('auto-reply-delivery');
  assert.equal(await autoState.getAttribute('data-state'), 'REPLY_SENT');
  assert.equal((await autoState.textContent()).trim(), '已发送');
  const answer = '明天9:00开园，可以带折叠婴儿车。';
  await card.locator('textarea').fill(answer);
  await card.getByTestId('answer').click();
  // The card shows the answer's delivery once the connector has sent it (the list refreshes
  // every 15 s).
  await page.locator(`article.message[data-message="${id}"] [data-testid="answer-delivery"][data-state="REPLY_SENT"]`)
    .waitFor({ timeout: 30000 });
  await shot(page, '13-press1-weibo-replies-delivered');
  assert.equal(stack.weibo.sent.length, 2, 'the answer went out once, after the automatic reply');
  assert.equal(stack.weibo.sent[1].text, answer);
  assert.equal((await inboxMessage(rest, id)).answerDelivery, 'REPLY_SENT');
}

export async function lifeSafetyPageAcknowledgementShowsOnTheInbox({ newPage, stack, rest, shot }) {
  // It names no zone: an alert pinned to a zone stays on that zone's patrol phones once
  // acknowledged, and the patrol scenarios later in the run watch the penguin zone's banner.
  const msg = await rest.post('/v1/inbox', { channel: 'weibo_dm', text: '我朋友突然倒地不起，没有呼吸了，快来人' }, 'press1');
  assert.equal(msg.category, 'MESSAGE_LIFE_SAFETY');
  const page = await newPage('desk1-life-safety', { width: 1024, height: 900 });
  await uiLogin(page, stack.baseUrl, 'desk1');
  await page.locator('[data-nav="inbox"]').click();
  const card = page.locator(`article.message[data-message="${msg.messageId}"]`);
  await card.waitFor({ timeout: 10000 });
  assert.equal((await card.getByTestId('category').textContent()).trim(), '生命安全', 'the category is labelled');
  assert.match(await card.getByTestId('category').getAttribute('class'), /badge-red/);
  assert.ok(await page.locator('article.message').first().evaluate((e) => e.classList.contains('life-safety')),
    'an open life-safety message is at the top');
  assert.equal((await card.getByTestId('page-ack').textContent()).trim(), '等待指挥中心确认');
  const alert = await waitFor('the command-centre alert', async () =>
    (await rest.get('/v1/alerts?state=all', 'desk1')).alerts?.find((a) => (a.alertId || '').includes(msg.messageId)), 10000);
  await rest.post(`/v1/alerts/${alert.alertId}/acknowledge`, {}, 'desk1');
  // appeal-service mirrors the acknowledgement within 5 s; the list refreshes every 15 s.
  await page.locator(`article.message[data-message="${msg.messageId}"] [data-testid="page-ack"]`, { hasText: 'desk1' })
    .waitFor({ timeout: 30000 });
  await shot(page, '14-desk1-life-safety-acknowledged');
  const stored = await inboxMessage(rest, msg.messageId);
  assert.equal(stored.pageAcknowledgedBy, 'desk1');
  const after = (await rest.get('/v1/alerts?state=all', 'desk1')).alerts.find((a) => a.alertId === alert.alertId);
  assert.equal(after.state, 'ALERT_ACKNOWLEDGED');
  assert.ok(!after.escalationLevel, 'acknowledged in time: never escalated');
}

export const REPORT_SCENARIOS = [
  ['replies go out through Weibo and the inbox shows their delivery', repliesGoOutThroughWeiboAndShowTheirDelivery],
  ['a life-safety page acknowledged by the command centre shows on the inbox', lifeSafetyPageAcknowledgementShowsOnTheInbox],
  ['a tip is offered to the case it fits and linked on confirmation', aTipIsLinkedToTheCaseItFits],
  ['a hand-written answer joins the library after a second press officer approves it', libraryLearnsFromAHandWrittenAnswer],
  ['the press office reads the accountability report and prints it to PDF', pressReadsAndPrintsTheReport],
];
