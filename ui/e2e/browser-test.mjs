// Browser tests of the web UI in Debian's headless Chromium, against a running server that holds
// the data of dist's UiFixture. Environment: SIGHTLINE_URL, SIGHTLINE_KEY, SIGHTLINE_FIXTURE (JSON),
// SCREENSHOT_DIR, BENCH_OUT (a JSON file for the 10,000-span timings). Exit status 0 when all pass.
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';

const base = required('SIGHTLINE_URL').replace(/\/$/, '');
const key = required('SIGHTLINE_KEY');
const fixture = JSON.parse(required('SIGHTLINE_FIXTURE'));
const shots = process.env.SCREENSHOT_DIR ?? 'target/screenshots';
const benchOut = process.env.BENCH_OUT;
const TIMEOUT = 15_000;

mkdirSync(shots, { recursive: true });
const userDataDir = mkdtempSync(join(tmpdir(), 'sightline-chromium-'));
const context = await chromium.launchPersistentContext(userDataDir, {
  executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
  headless: true,
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  viewport: { width: 1280, height: 800 },
  timezoneId: 'Europe/Berlin',
});
context.setDefaultTimeout(TIMEOUT);
const page = context.pages()[0] ?? await context.newPage();
const dialogs = [];
page.on('dialog', (dialog) => {
  dialogs.push(dialog.message());
  dialog.dismiss().catch(() => {});
});
const pageErrors = [];
page.on('pageerror', (error) => pageErrors.push(String(error)));

let passed = 0;
let failed = 0;
async function test(name, body) {
  const started = Date.now();
  try {
    await body();
    passed++;
    console.log(`ok   ${name} (${Date.now() - started} ms)`);
  } catch (error) {
    failed++;
    console.log(`FAIL ${name}: ${error?.stack ?? error}`);
    await page.screenshot({ path: join(shots, `failure-${slug(name)}.png`), fullPage: true }).catch(() => {});
  }
}

function required(name) {
  const value = process.env[name];
  if (!value) {
    console.error(`browser-test: ${name} must be set`);
    process.exit(2);
  }
  return value;
}

function slug(text) {
  return text.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '');
}

function check(condition, message) {
  if (!condition) {
    throw new Error(message);
  }
}

/** A screenshot of the viewport; `height` makes the window that tall for it (pages scroll inside). */
async function shot(name, height) {
  await page.mouse.move(0, 0);
  const size = page.viewportSize();
  if (height) {
    await page.setViewportSize({ width: size.width, height });
    await page.waitForTimeout(300);
  }
  await page.screenshot({ path: join(shots, `${name}.png`) });
  if (height) {
    await page.setViewportSize(size);
  }
}

async function signIn(name, apiKey) {
  await page.getByLabel('Project name (your label)').fill(name);
  await page.getByLabel('API key').fill(apiKey);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

const rows = () => page.getByTestId('trace-row');
/** Polls until `condition()` holds. */
async function until(condition, what) {
  const deadline = Date.now() + TIMEOUT;
  while (Date.now() < deadline) {
    if (await condition().catch(() => false)) {
      return;
    }
    await page.waitForTimeout(100);
  }
  throw new Error(`timed out waiting for ${what}`);
}
/** Waits until the trace list shows rows whose texts satisfy `predicate`. */
const rowsMatch = (predicate, what) => until(async () => {
  const texts = await rows().allTextContents();
  return texts.length > 0 && predicate(texts);
}, what);
const spanRow = (name) => page.locator('[data-testid="span-row"]', { has: page.locator('.span-name', { hasText: name }) });

await test('a wrong key is refused', async () => {
  await page.goto(`${base}/`);
  await signIn('default', 'sl_wrong_key_0000000000000000');
  await page.getByRole('alert').filter({ hasText: 'does not know this API key' }).waitFor();
  await shot('sign-in-refused');
});

await test('sign in with the project key', async () => {
  await signIn('default', key);
  await page.getByRole('heading', { name: 'Overview' }).waitFor();
  check(await page.evaluate(() => localStorage.getItem('sightline.projects')?.includes('default')), 'key not kept in the browser');
});

await test('the dashboard renders its charts with data', async () => {
  await page.getByTestId('chart-traces').locator('.recharts-bar-rectangle').first().waitFor();
  for (const id of ['chart-latency', 'chart-tokens', 'chart-cost']) {
    await page.getByTestId(id).locator('svg path.recharts-curve, svg path.recharts-area-area').first().waitFor();
  }
  for (const id of ['chart-features-cost', 'chart-features-latency', 'chart-models-cost', 'chart-models-latency']) {
    const bars = await page.getByTestId(id).locator('.recharts-bar-rectangle').count();
    check(bars >= 2, `${id}: ${bars} bars`);
  }
  await shot('overview', 1500);
});

await test('the traces list shows the newest traces first', async () => {
  await page.getByRole('link', { name: 'Traces', exact: true }).click();
  await rows().first().waitFor();
  check(await rows().count() >= 20, `only ${await rows().count()} rows`);
  await check((await rows().first().textContent()).includes(fixture.xss), 'the newest trace (the XSS probe) is not first');
  await shot('traces');
});

await test('filters narrow the list and live in the URL', async () => {
  await page.getByRole('button', { name: /^Filters/ }).click();
  await page.locator('input[name="feature"]').fill(fixture.feature);
  await page.locator('select[name="hasError"]').selectOption('false');
  await page.getByRole('button', { name: 'Apply' }).click();
  await page.waitForURL(/feature=support-chat/);
  check(page.url().includes('hasError=false'), `URL without hasError: ${page.url()}`);
  await rowsMatch((texts) => texts.every((t) => t.includes(fixture.feature)), 'only support-chat rows');
  check(await rows().count() >= fixture.sessionTurns, 'the session\'s turns are missing');
  await page.reload();
  await rowsMatch((texts) => texts.every((t) => t.includes(fixture.feature)), 'only support-chat rows');
  check(await page.locator('input[name="feature"]').inputValue() === fixture.feature, 'filter lost on reload');
  await page.getByLabel('Search inputs and outputs').fill('warehouse');
  await page.getByRole('button', { name: 'Apply' }).click();
  await page.waitForURL(/q=warehouse/);
  await rowsMatch((texts) => texts.length === 1, 'one row matching "warehouse"');
  await shot('traces-filtered');
});

await test('open a trace: its span tree beside the waterfall', async () => {
  await rows().first().click();
  await page.waitForURL(new RegExp(`/traces/${fixture.chatTraceId}`));
  await spanRow(fixture.generationName).waitFor();
  check(await page.getByTestId('span-row').count() === 5, 'expected agent, retrieval, two tools and the generation');
  check(await page.locator('.span-bar').count() === 5, 'waterfall bars missing');
});

await test('collapse and expand the tree', async () => {
  await spanRow('support-agent').getByRole('button', { name: 'Collapse' }).click();
  await page.waitForFunction(() => document.querySelectorAll('[data-testid="span-row"]').length === 1);
  await spanRow('support-agent').getByRole('button', { name: 'Expand' }).click();
  await page.waitForFunction(() => document.querySelectorAll('[data-testid="span-row"]').length === 5);
});

await test('select the generation: its conversation, output and tokens', async () => {
  await spanRow(fixture.generationName).click();
  const detail = page.getByTestId('span-detail');
  await detail.getByRole('heading', { name: fixture.generationName }).waitFor();
  await detail.getByTestId('span-output').getByText(fixture.answer).waitFor();
  const usage = await detail.getByTestId('span-usage').textContent();
  check(usage.includes(String(fixture.inputTokens)) && usage.includes(String(fixture.outputTokens)), `tokens missing: ${usage}`);
  check(usage.includes('gpt-4o-mini') && usage.includes('support-answer v3'), `model or prompt missing: ${usage}`);
  check(await detail.getByTestId('span-input').locator('.message.role-system').count() === 1, 'system message not shown as a conversation');
  check((await detail.getByTestId('scores').textContent()).includes('helpfulness'), 'span score missing');
  check(page.url().includes(`span=${fixture.generationSpanId}`), 'selection not in the URL');
  await shot('trace');
});

await test('a failed span shows its error', async () => {
  await page.goto(`${base}/traces/${fixture.errorTraceId}`);
  await spanRow('voucher-check').click();
  const error = await page.getByTestId('span-error').textContent();
  check(error.includes(fixture.errorMessage) && error.includes('RateLimitError'), `error: ${error}`);
  await shot('trace-error');
});

await test('the shared agent-tools fixture: plain spans and a failed parallel tool', async () => {
  await page.goto(`${base}/traces/${fixture.agentTraceId}`);
  await spanRow('book_hotel').waitFor();
  check(await page.getByTestId('span-row').count() === 5, 'expected two plain spans, two tools and a generation');
  await spanRow('book_hotel').click();
  const error = await page.getByTestId('span-error').textContent();
  check(error.includes('TimeoutException'), `error: ${error}`);
});

await test('every span type has a visible bar of its own colour', async () => {
  await page.goto(`${base}/traces/${fixture.everyTypeTraceId}`);
  await spanRow(`a ${fixture.spanTypes[0]}`).waitFor();
  const bars = await page.locator('.span-bar').evaluateAll((els) => els.map((el) => {
    const box = el.getBoundingClientRect();
    const type = [...el.classList].find((c) => c.startsWith('type-'));
    return { type, width: box.width, height: box.height, colour: getComputedStyle(el).backgroundColor };
  }));
  check(bars.length === fixture.spanTypes.length, `${bars.length} bars for ${fixture.spanTypes.length} types`);
  for (const type of fixture.spanTypes) {
    const bar = bars.find((b) => b.type === `type-${type}`);
    check(bar && bar.width > 0 && bar.height > 0, `no visible bar for type ${type}: ${JSON.stringify(bar)}`);
    check(bar && !/rgba\(0, 0, 0, 0\)|transparent/.test(bar.colour), `type ${type} has no colour: ${bar?.colour}`);
  }
  const colours = new Set(bars.map((b) => b.colour));
  check(colours.size === fixture.spanTypes.length, `only ${colours.size} colours for ${fixture.spanTypes.length} types`);
});

await test('an HTML/script payload stays inert text', async () => {
  await page.goto(`${base}/traces/${fixture.xssTraceId}`);
  await page.getByTestId('trace-output').getByText(fixture.xss, { exact: true }).waitFor();
  await spanRow('render-').click();
  await page.getByTestId('span-output').getByText(fixture.xss, { exact: true }).waitFor();
  await page.goto(`${base}/traces?q=image`);
  await rows().first().waitFor();
  check((await rows().first().textContent()).includes(fixture.xss), 'list row does not show the payload as text');
  await page.waitForTimeout(500);
  check(await page.locator('img').count() === 0, 'an <img> element was created from trace data');
  check(dialogs.length === 0, `dialogs fired: ${dialogs}`);
  await page.goto(`${base}/traces/${fixture.xssTraceId}?span=`);
  await page.getByTestId('trace-output').waitFor();
  await shot('trace-xss');
});

await test('a session reads as a conversation in order', async () => {
  await page.getByRole('link', { name: 'Sessions', exact: true }).click();
  await page.getByTestId('group-row').first().waitFor();
  await shot('sessions');
  await page.getByTestId('group-row').filter({ hasText: fixture.sessionId }).click();
  await page.getByTestId('session-turn').first().waitFor();
  const turns = await page.getByTestId('session-turn').allTextContents();
  check(turns.length === fixture.sessionTurns, `${turns.length} turns`);
  check(turns[0].includes('Where is my parcel?') && turns[0].includes(fixture.answer), 'first turn out of order');
  check(turns[3].includes('Thanks, that worked!'), 'last turn out of order');
  await shot('session');
});

await test('users and a user page with totals', async () => {
  await page.getByRole('link', { name: 'Users', exact: true }).click();
  await page.getByTestId('group-row').first().waitFor();
  await shot('users');
  await page.getByTestId('group-row').filter({ hasText: 'Ada Lovelace' }).click();
  await page.waitForURL(new RegExp(`/users/${fixture.userId}`));
  await rows().first().waitFor();
  const facts = await page.locator('.facts').first().textContent();
  check(facts.includes('Total cost') && facts.includes('Total tokens') && facts.includes('Ada Lovelace'), `facts: ${facts}`);
  await shot('user');
});

await test('a second project and the switcher', async () => {
  await page.getByLabel('Project').selectOption('+');
  await signIn('staging', key);
  await page.getByRole('heading', { name: 'Overview' }).waitFor();
  const options = await page.getByLabel('Project').locator('option').allTextContents();
  check(options.includes('default') && options.includes('staging'), `options: ${options}`);
  await page.getByLabel('Project').selectOption('default');
  check(await page.getByLabel('Project').inputValue() === 'default', 'switch failed');
});

await test('an unreachable server is said plainly', async () => {
  await page.route('**/api/**', (route) => route.abort('connectionrefused'));
  await page.goto(`${base}/traces`);
  await page.getByRole('alert').filter({ hasText: 'unreachable' }).waitFor();
  await shot('unreachable');
  await page.unroute('**/api/**');
});

await test('narrow window: no sideways scrolling', async () => {
  await page.setViewportSize({ width: 420, height: 860 });
  for (const [path, name] of [['/traces', 'traces-narrow'], [`/traces/${fixture.chatTraceId}?span=${fixture.generationSpanId}`, 'trace-narrow'], ['/', 'overview-narrow']]) {
    await page.goto(`${base}${path}`);
    await page.locator('[data-testid="trace-row"], [data-testid="span-detail"], [data-testid="chart-traces"] svg').first().waitFor();
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    check(overflow <= 1, `${path} scrolls sideways by ${overflow}px`);
    await shot(name);
  }
  await page.setViewportSize({ width: 1280, height: 800 });
});

await test(`a ${fixture.bigSpanCount}-span trace opens quickly`, async () => {
  const runs = [];
  for (let i = 0; i < 3; i++) {
    runs.push(await timeBigTrace());
  }
  const median = (k) => runs.map((r) => r[k]).sort((a, b) => a - b)[1];
  const result = {
    spans: fixture.bigSpanCount,
    listLoadMs: median('listLoadMs'),
    traceOpenMs: median('traceOpenMs'),
    traceReloadMs: median('traceReloadMs'),
    expandAllMs: median('expandAllMs'),
    runs,
  };
  console.log(`bench ${JSON.stringify(result)}`);
  if (benchOut) {
    writeFileSync(benchOut, JSON.stringify(result, null, 2));
  }
  await shot('trace-large');
});

/** One run: cold page load of the list, click-to-tree of the big trace, reload of it, expand all. */
async function timeBigTrace() {
  await page.goto('about:blank');
  await page.goto(`${base}/traces?range=24h`);
  await rows().first().waitFor();
  const listLoadMs = await page.evaluate(() => performance.now());
  const link = page.locator(`a[href="/traces/${fixture.bigTraceId}"]`);
  await page.getByLabel('Search inputs and outputs').fill('literature');
  await page.getByRole('button', { name: 'Apply' }).click();
  await link.waitFor();
  await page.evaluate(() => { window.__openStart = performance.now(); });
  await link.click();
  await page.getByTestId('span-row').nth(5).waitFor();
  const traceOpenMs = await page.evaluate(() => performance.now() - window.__openStart);
  await page.reload();
  await page.getByTestId('span-row').nth(5).waitFor();
  const traceReloadMs = await page.evaluate(() => performance.now());
  await page.evaluate(() => { window.__expandStart = performance.now(); });
  await page.getByRole('button', { name: 'Expand all' }).click();
  await page.waitForFunction(() => document.querySelectorAll('[data-testid="span-row"]').length > 30);
  const expandAllMs = await page.evaluate(() => performance.now() - window.__expandStart);
  return { listLoadMs: Math.round(listLoadMs), traceOpenMs: Math.round(traceOpenMs), traceReloadMs: Math.round(traceReloadMs), expandAllMs: Math.round(expandAllMs) };
}

if (pageErrors.length > 0) {
  failed++;
  console.log(`FAIL uncaught page errors:\n${pageErrors.join('\n')}`);
}
await context.close();
rmSync(userDataDir, { recursive: true, force: true });
console.log(`browser: ${passed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
