// Browser tests of the web UI in Debian's headless Chromium, against a running server that holds
// the data of dist's UiFixture. Environment: SIGHTLINE_URL, SIGHTLINE_KEY, SIGHTLINE_FIXTURE (JSON),
// SCREENSHOT_DIR, BENCH_OUT (a JSON file for the 10,000-span timings). Exit status 0 when all pass.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { promptTests } from './prompts.mjs';
import { datasetChecks } from './datasets.mjs';
import { evaluationChecks } from './evaluation.mjs';

const base = required('SIGHTLINE_URL').replace(/\/$/, '');
const key = required('SIGHTLINE_KEY');
const readKey = required('SIGHTLINE_READ_KEY');
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

/** The project's settings as the server has them. */
const serverSettings = () => page.evaluate(async (apiKey) => {
  const response = await fetch('/api/settings', { headers: { Authorization: `Bearer ${apiKey}` } });
  return response.json();
}, key);
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

/** A chart's tick labels on one axis ('yAxis', or 'xAxis' for the ranking charts' values), with their pixel positions. */
const tickLabels = (id, axis = 'yAxis') => page.getByTestId(id)
  .locator(`.recharts-${axis}-tick-labels .recharts-cartesian-axis-tick-value`)
  .evaluateAll((els) => els.map((el) => ({ text: el.textContent.trim(), y: Number(el.getAttribute('y')) })));
/** The unit or sign of an axis label ("2.5 s" → "s", "$0.05" → "$", "1.5k" → "k") and its decimals. */
const unitOf = (label) => label.replace(/[\d.,\s]/g, '');
const decimalsOf = (label) => (label.split('.')[1] ?? '').replace(/\D/g, '').length;
const isZero = (label) => Number(label.replace(/[^\d.]/g, '')) === 0;
/** Every tick of the axis in one unit and, but for 0, with as many decimals. */
function checkOneNotation(id, labels) {
  check(labels.length >= 2, `${id}: ${labels.length} tick labels`);
  check(new Set(labels.map(unitOf)).size === 1, `${id} mixes units: ${labels.join(' | ')}`);
  check(new Set(labels.filter((l) => !isZero(l)).map(decimalsOf)).size === 1, `${id} mixes notations: ${labels.join(' | ')}`);
}
/** The pieces of an SVG line path (M starts one), each a list of [x, y]. */
function pathPieces(d) {
  return d.split('M').filter((piece) => piece.trim()).map((piece) => piece.replace(/Z/g, '').split('L')
    .map((point) => point.trim().split(/[\s,]+/).map(Number)));
}
/** Series colours of the overview's charts (OverviewPage.tsx): how to tell their lines and dots apart. */
const COLOURS = { p50: '#2f9e44', inputTokens: '#4c6ef5', outputTokens: '#ae3ec9' };
const loneDots = (id, colour) => page.getByTestId(id).locator(`circle.lone-dot[fill="${colour}"]`)
  .evaluateAll((els) => els.map((el) => [Number(el.getAttribute('cx')), Number(el.getAttribute('cy'))]));

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

await test('the CSV download holds the series, and the success-rate tile agrees with it', async () => {
  const [file] = await Promise.all([page.waitForEvent('download'), page.getByTestId('metrics-csv').click()]);
  check(file.suggestedFilename() === 'sightline-metrics.csv', `download named ${file.suggestedFilename()}`);
  const lines = readFileSync(await file.path(), 'utf8').split('\r\n').filter((line) => line !== '');
  check(lines[0].startsWith('bucketStart,group,count,errors,successes,successRate,avg,p50,p95,p99,ttftP50,'),
    `CSV header: ${lines[0]}`);
  // No groupBy: every group field is empty, so splitting on commas is safe.
  const rows = lines.slice(1).map((line) => line.split(','));
  const total = (column) => rows.reduce((sum, row) => sum + Number(row[column]), 0);
  check(rows.length > 0 && total(2) > 0, `CSV without traces: ${lines.length} lines`);
  const tile = await page.getByTestId('stat-success-rate').locator('.stat-value').textContent();
  const expected = `${((total(4) / total(2)) * 100).toFixed(1)}%`;
  check(tile === expected, `success rate tile ${tile}, the CSV says ${expected}`);
  const ttft = await page.getByTestId('stat-ttft').locator('.stat-value').textContent();
  check(/^\d/.test(ttft), `time to first token p95 of the fixture's generation: ${ttft}`);
});

await test('chart axes: whole counts, one unit and notation per axis', async () => {
  const counts = (await tickLabels('chart-traces')).map((t) => t.text);
  check(counts.every((l) => /^\d{1,3}(,\d{3})*$/.test(l)), `count ticks that are not whole numbers: ${counts.join(' | ')}`);
  for (const [id, axis] of [['chart-latency', 'yAxis'], ['chart-tokens', 'yAxis'], ['chart-cost', 'yAxis'],
    ['chart-features-latency', 'xAxis'], ['chart-models-latency', 'xAxis'], ['chart-features-cost', 'xAxis']]) {
    checkOneNotation(id, (await tickLabels(id, axis)).map((t) => t.text));
  }
});

await test('30 days: a lone bucket is a dot, and empty days are gaps', async () => {
  await page.goto(`${base}/?range=30d`);
  const latency = page.getByTestId('chart-latency');
  const p50 = latency.locator(`path.recharts-line-curve[stroke="${COLOURS.p50}"]`);
  await p50.waitFor();
  const pieces = pathPieces(await p50.getAttribute('d'));
  // The lone traces 20 and 10 days ago, and the last day's traffic: three islands at least.
  check(pieces.length >= 3, `the p50 line is ${pieces.length} piece(s): empty buckets are bridged`);
  const steps = pieces.flatMap((points) => points.slice(1).map(([x], i) => x - points[i][0]));
  check(steps.length > 0 && steps.every((step) => Math.abs(step - steps[0]) < 1),
    `segments of the p50 line span different numbers of buckets: ${steps.map(Math.round)}`);
  const lone = pieces.filter((points) => points.length === 1).map(([point]) => point);
  const dots = await loneDots('chart-latency', COLOURS.p50);
  check(lone.length >= fixture.lone.length, `${lone.length} lone p50 points`);
  check(dots.length === lone.length && lone.every(([x, y]) => dots.some(([cx, cy]) => Math.abs(cx - x) < 1 && Math.abs(cy - y) < 1)),
    `lone points ${JSON.stringify(lone)}, dots ${JSON.stringify(dots)}`);
  await shot('overview-30d', 1500);
});

await test('around the lone traces: whole counts, tokens unstacked at their own values', async () => {
  const day = 24 * 3600_000;
  const days = fixture.lone.map((l) => l.daysAgo);
  const from = new Date(Date.now() - (Math.max(...days) + 1) * day).toISOString();
  const to = new Date(Date.now() - (Math.min(...days) - 1) * day).toISOString();
  await page.goto(`${base}/?from=${from}&to=${to}`);
  await page.getByTestId('chart-tokens').locator('path.recharts-line-curve').first().waitFor();
  const counts = (await tickLabels('chart-traces')).map((t) => t.text);
  check(counts.join() === '0,1', `one trace a bucket, yet the count ticks are ${counts.join(' | ')}`);
  const latency = (await tickLabels('chart-latency')).map((t) => t.text);
  check(latency.every((l) => l.endsWith(' s')), `latency ticks of lone traces of 0.8 and 1.5 s: ${latency.join(' | ')}`);
  // Pixels to tokens by the axis's lowest and highest ticks; the buckets without traces plot at 0.
  const ticks = await tickLabels('chart-tokens');
  const value = (label) => Number(label.replace(/[^\d.]/g, '')) * (label.endsWith('k') ? 1e3 : label.endsWith('M') ? 1e6 : 1);
  const [low, high] = [ticks[0], ticks[ticks.length - 1]];
  const scale = (value(high.text) - value(low.text)) / (high.y - low.y);
  const tolerance = value(high.text) * 0.02;
  for (const key of ['inputTokens', 'outputTokens']) {
    const d = await page.getByTestId('chart-tokens').locator(`path.recharts-line-curve[stroke="${COLOURS[key]}"]`).getAttribute('d');
    const plotted = pathPieces(d).flat().map(([, y]) => value(low.text) + (y - low.y) * scale)
      .filter((v) => v > tolerance).sort((a, b) => a - b);
    const recorded = fixture.lone.map((l) => l[key]).sort((a, b) => a - b);
    check(plotted.length === recorded.length && plotted.every((v, i) => Math.abs(v - recorded[i]) <= tolerance),
      `${key} plotted at ${plotted.map(Math.round)}, recorded ${recorded}`);
  }
  await shot('overview-lone', 1500);
});

await test('the traces list shows the newest traces first', async () => {
  await page.getByRole('link', { name: 'Traces', exact: true }).click();
  await rows().first().waitFor();
  check(await rows().count() >= 20, `only ${await rows().count()} rows`);
  await check((await rows().first().textContent()).includes(fixture.xss), 'the newest trace (the XSS probe) is not first');
  await shot('traces');
});

const chatRow = () => page.locator(`a[data-testid="trace-row"][href="/traces/${fixture.chatTraceId}"]`);

await test('the list previews input and output as one line of text each', async () => {
  const preview = chatRow().locator('.cell-preview');
  const lines = await preview.locator('span').allTextContents();
  check(lines.length === 2 && lines[0].startsWith('→ ') && lines[0].includes('Where is my parcel?'), `input preview: ${lines[0]}`);
  check(lines[1] === `← ${fixture.answer}`, `output preview: ${lines[1]}`);
  check(await preview.getAttribute('title') === lines.join('\n'), 'the preview has no title with its whole text');
  const answer = await preview.locator('span').nth(1).evaluate((el) => ({
    overflow: getComputedStyle(el).textOverflow, cut: el.scrollWidth > el.clientWidth, height: el.getBoundingClientRect().height,
  }));
  check(answer.overflow === 'ellipsis' && answer.cut && answer.height < 20, `the answer is not one cut line: ${JSON.stringify(answer)}`);
  const xss = page.locator(`a[data-testid="trace-row"][href="/traces/${fixture.xssTraceId}"] .cell-preview span`);
  check((await xss.allTextContents()).includes(`← ${fixture.xss}`), 'the HTML output is not previewed as text');
});

await test('cut-off cells have their whole text on hover, score badges say each thing once', async () => {
  const cells = await chatRow().evaluate((row) => Object.fromEntries([...row.children]
    .map((cell) => [cell.className.split(' ')[0], { title: cell.title, text: cell.textContent }])));
  for (const name of ['cell-name', 'cell-preview', 'cell-user', 'cell-session', 'cell-tags', 'cell-scores']) {
    check(cells[name]?.title, `${name} has no title: ${JSON.stringify(cells[name])}`);
  }
  check(cells['cell-session'].title === fixture.sessionId, `session title: ${cells['cell-session'].title}`);
  check(cells['cell-user'].title.includes('Ada Lovelace') && cells['cell-user'].title.includes(fixture.userId), `user title: ${cells['cell-user'].title}`);
  check(cells['cell-tags'].title === 'support, vip', `tags title: ${cells['cell-tags'].title}`);
  const chips = await chatRow().locator('.cell-scores .tag.score').allTextContents();
  // The fixture's THUMBS_UP score has the label thumbs_up.
  check(chips.includes('THUMBS_UP: 1') && chips.includes('resolved: yes'), `score badges: ${chips.join(' | ')}`);
  for (const chip of chips) {
    const words = chip.toLowerCase().match(/[a-z0-9]+/g);
    check(new Set(words).size === words.length, `the badge "${chip}" repeats itself`);
    check(cells['cell-scores'].title.includes(chip), `scores title lacks "${chip}": ${cells['cell-scores'].title}`);
  }
});

await test('the column chooser hides a column, and the choice survives a reload', async () => {
  const head = page.locator('.trace-head');
  const headings = () => head.locator(':scope > span').allTextContents();
  const tracks = (locator) => locator.evaluate((el) => getComputedStyle(el).gridTemplateColumns.split(' ').length);
  const before = await tracks(rows().first());
  check(before === await tracks(head), 'header and rows have different columns');
  await head.locator('.column-chooser summary').click();
  await head.getByLabel('Tokens', { exact: true }).uncheck();
  await until(async () => !(await headings()).includes('Tokens'), 'the Tokens heading to go');
  check(await page.locator('.trace-row .cell-tokens').count() === 0, 'token cells still shown');
  check(await tracks(rows().first()) === before - 1 && await tracks(head) === before - 1, 'the grid kept the hidden column\'s track');
  const costHead = await head.locator(':scope > span', { hasText: /^Cost$/ }).boundingBox();
  const costCell = await rows().first().locator('.cell-cost').boundingBox();
  check(Math.abs(costHead.x - costCell.x) < 1 && Math.abs(costHead.width - costCell.width) < 1, 'the cost heading is not over the cost cells');
  const stored = await page.evaluate(() => Object.keys(localStorage).filter((k) => localStorage.getItem(k).includes('tokens')));
  check(stored.length === 1 && stored[0].startsWith('sightline.'), `kept under ${stored}`);
  await page.reload();
  await rows().first().waitFor();
  check(!(await headings()).includes('Tokens') && await page.locator('.trace-row .cell-tokens').count() === 0, 'tokens shown again after a reload');
  await head.locator('.column-chooser summary').click();
  await shot('traces-columns');
  await head.getByLabel('Tokens', { exact: true }).check();
  await rows().first().locator('.cell-tokens').waitFor();
  await head.locator('.column-chooser summary').click();
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
  // It sent 64 input tokens and no cost: the cost is priced by the server and marked, the tokens not.
  const usage = page.getByTestId('span-usage');
  check(await usage.getByTestId('inferred').count() === 1, `expected one inferred mark: ${await usage.textContent()}`);
  check((await usage.getByTestId('inferred').getAttribute('title')).startsWith('The cost'), 'the mark is not on the cost');
  check((await page.getByTestId('inferred').count()) === 2, 'the trace cost is not marked as inferred');
  await shot('trace-error');
});

await test('the errors page groups failures whose messages differ only in ids and numbers', async () => {
  await page.getByRole('link', { name: 'Errors', exact: true }).click();
  const row = page.getByTestId('error-pattern').filter({ hasText: fixture.errorPattern });
  await row.waitFor();
  const count = Number((await row.locator('td').nth(1).textContent()).replace(/\D/g, ''));
  check(count > 1, `the pattern counts ${count} failures`);
  check(await page.getByText(/timed out after \d+ ms/).count() === 0, 'a raw message is listed instead of its pattern');
  await shot('errors');
  await row.locator('td').nth(4).getByRole('link').first().click();
  await page.waitForURL(/status=failure/);
  await rows().first().waitFor();
  await page.goBack();
  await row.locator('td').nth(5).getByRole('link').first().click();
  await page.waitForURL(/\/traces\/[0-9a-f]{32}/);
  await page.getByRole('link', { name: 'Overview', exact: true }).click();
  await page.getByTestId('anomalies').getByText(/None|Traces/).first().waitFor();
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

await test('a second project and the switcher; a read-only key browses but cannot change settings', async () => {
  await page.getByLabel('Project').selectOption('+');
  await signIn('viewer', readKey);
  await page.getByRole('heading', { name: 'Overview' }).waitFor();
  const options = await page.getByLabel('Project').locator('option').allTextContents();
  check(options.includes('default') && options.includes('viewer'), `options: ${options}`);
  await page.goto(`${base}/traces`);
  await rows().first().waitFor();
  await page.goto(`${base}/settings`);
  await page.getByRole('switch', { name: 'Phone numbers' }).check();
  await page.getByRole('button', { name: 'Save' }).click();
  await page.getByRole('alert').filter({ hasText: 'read-only key' }).waitFor();
  check(!(await serverSettings()).masking.detectors.phone, 'a read-only key changed the settings');
  await page.getByRole('button', { name: 'Discard changes' }).click();
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

/** Fails if the page, at a phone's width, scrolls sideways; its screenshot `height` tall, if given. */
async function checkNarrow(what, name, height) {
  await page.setViewportSize({ width: 420, height: 860 });
  try {
    // Pages scroll inside the layout's .content, not the document: both are measured.
    const overflow = await page.evaluate(() => Math.max(document.documentElement.scrollWidth - window.innerWidth,
      ...[...document.querySelectorAll('.content')].map((c) => c.scrollWidth - c.clientWidth)));
    check(overflow <= 1, `${what} scrolls sideways by ${overflow}px`);
    await shot(name, height);
  } finally {
    await page.setViewportSize({ width: 1280, height: 800 });
  }
}

await test('narrow window: no sideways scrolling', async () => {
  for (const [path, name] of [['/traces', 'traces-narrow'], [`/traces/${fixture.chatTraceId}?span=${fixture.generationSpanId}`, 'trace-narrow'],
    ['/', 'overview-narrow'], ['/settings', 'settings-narrow']]) {
    await page.setViewportSize({ width: 420, height: 860 });
    await page.goto(`${base}${path}`);
    await page.locator('[data-testid="trace-row"], [data-testid="span-detail"], [data-testid="chart-traces"] svg, [data-testid="settings-form"]')
      .first().waitFor();
    await checkNarrow(path, name);
  }
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

await test('masking and retention: a refused setting keeps the form, a saved one masks new traces, and it switches off again', async () => {
  const email = 'grace.hopper@example.com';
  const password = 'hunter2-correct-horse';
  await page.goto(`${base}/traces`);
  await page.getByRole('link', { name: 'Settings', exact: true }).click();
  const emailSwitch = page.getByRole('switch', { name: 'E-mail addresses' });
  await emailSwitch.waitFor();
  check(!(await emailSwitch.isChecked()), 'the e-mail detector was on before the test');
  check(await page.getByRole('button', { name: 'Save' }).isDisabled(), 'Save is enabled without a change');
  await emailSwitch.check();
  await page.getByRole('button', { name: '+ Add a rule' }).click();
  const rule = page.getByTestId('masking-rule').first();
  await rule.getByLabel('Name', { exact: true }).fill('TICKET');
  await rule.getByLabel('Pattern', { exact: true }).fill('TCK-(\\d{4}');
  await page.getByRole('button', { name: '+ Add a field to drop' }).click();
  await page.getByLabel('Dropped field 1', { exact: true }).fill('metadata.password');
  const retention = page.getByLabel('Keep traces for (days)', { exact: true });
  check(await retention.inputValue() === '', 'a retention window was set before the test');
  await retention.fill('3650');
  await page.getByTestId('retention-status').waitFor();
  check((await page.getByTestId('reclaim-status').textContent()).includes('from disk'), 'the disk reclaiming is not shown');
  check((await page.getByTestId('rewrite-status').textContent()).includes('database'), 'the database rewrite is not shown');
  await page.getByRole('button', { name: 'Save' }).click();

  const refusal = page.getByRole('alert').filter({ hasText: 'masking.rules[0].pattern: not a valid regular expression' });
  await refusal.waitFor();
  const pattern = rule.getByLabel('Pattern', { exact: true });
  check(await pattern.getAttribute('aria-invalid') === 'true', 'the refused pattern is not marked');
  check(await pattern.inputValue() === 'TCK-(\\d{4}' && await emailSwitch.isChecked()
    && await page.getByLabel('Dropped field 1', { exact: true }).inputValue() === 'metadata.password', 'the edits were lost when the save was refused');
  const unchanged = (await serverSettings()).masking;
  check(!unchanged.detectors.email && unchanged.rules.length === 0 && unchanged.dropPaths.length === 0,
    `a refused save changed the settings: ${JSON.stringify(unchanged)}`);
  check((await serverSettings()).retentionDays === null, 'a refused save set the retention window');
  await shot('settings-refused', 1200);

  await pattern.fill('TCK-\\d{4}');
  await page.getByRole('button', { name: 'Save' }).click();
  await page.getByRole('status').filter({ hasText: 'Saved.' }).waitFor();
  check(await refusal.count() === 0, 'the refusal is still shown after a save');
  await shot('settings', 1200);
  const saved = (await serverSettings()).masking;
  check(saved.detectors.email && !saved.detectors.phone, `detectors saved: ${JSON.stringify(saved.detectors)}`);
  check(JSON.stringify(saved.rules) === JSON.stringify([{ name: 'TICKET', pattern: 'TCK-\\d{4}', replacement: '[TICKET]' }]),
    `rules saved: ${JSON.stringify(saved.rules)}`);
  check(JSON.stringify(saved.dropPaths) === '["metadata.password"]', `drop paths saved: ${JSON.stringify(saved.dropPaths)}`);
  check((await serverSettings()).retentionDays === 3650, 'the retention window was not saved');
  await page.reload();
  await emailSwitch.waitFor();
  check(await emailSwitch.isChecked() && await pattern.inputValue() === 'TCK-\\d{4}'
    && await rule.getByLabel('Name', { exact: true }).inputValue() === 'TICKET'
    && await page.getByLabel('Dropped field 1', { exact: true }).inputValue() === 'metadata.password'
    && await retention.inputValue() === '3650', 'a reload does not show the saved settings');
  await checkNarrow('/settings with a rule', 'settings-rule-narrow', 1800);

  const traceId = randomBytes(16).toString('hex');
  const now = Date.now() * 1000;
  const answer = await page.evaluate(async ([apiKey, body]) => {
    const response = await fetch('/api/ingest', {
      method: 'POST', headers: { Authorization: `Bearer ${apiKey}`, 'Content-Type': 'application/json' }, body: JSON.stringify(body),
    });
    return response.json();
  }, [key, { batch: [
    { type: 'trace', body: { traceId, name: 'masking-check', startTime: now - 2_000_000, endTime: now,
      input: `I am ${email}, about ticket TCK-1234`, metadata: { password, channel: 'web' } } },
    { type: 'span', body: { traceId, spanId: randomBytes(8).toString('hex'), type: 'tool', name: 'crm-lookup',
      startTime: now - 1_500_000, endTime: now - 500_000, input: { customer: email } } },
  ] }]);
  check(answer.accepted === 2, `ingest: ${JSON.stringify(answer)}`);
  await until(() => page.evaluate(async ([apiKey, id]) => (await fetch(`/api/traces/${id}`, {
    headers: { Authorization: `Bearer ${apiKey}` } })).ok, [key, traceId]), 'the masked trace to be stored');
  await page.goto(`${base}/traces/${traceId}`);
  const input = await page.getByTestId('trace-input').textContent();
  check(input.includes('[EMAIL]') && input.includes('[TICKET]'), `trace input: ${input}`);
  const notice = await page.getByTestId('masked-notice').textContent();
  check(notice === 'Masked: 2 EMAIL · 1 DROPPED · 1 TICKET', `masked notice: ${notice}`);
  await shot('trace-masked');
  await spanRow('crm-lookup').click();
  await page.getByTestId('span-input').getByText('[EMAIL]').waitFor();
  const text = await page.locator('body').textContent();
  for (const raw of [email, 'TCK-1234', password]) {
    check(!text.includes(raw), `the trace page shows ${raw}`);
  }

  await page.getByTestId('masked-notice').click();
  await emailSwitch.uncheck();
  await page.getByRole('button', { name: 'Remove rule 1' }).click();
  await page.getByRole('button', { name: 'Remove dropped field 1' }).click();
  await retention.fill('');
  await page.getByRole('button', { name: 'Save' }).click();
  await page.getByRole('status').filter({ hasText: 'Saved.' }).waitFor();
  const off = (await serverSettings()).masking;
  check(Object.values(off.detectors).every((on) => !on) && off.rules.length === 0 && off.dropPaths.length === 0,
    `masking still on: ${JSON.stringify(off)}`);
  check((await serverSettings()).retentionDays === null, 'the retention window is still set');
});

await promptTests({ page, test, check, until, shot, base, key });
await datasetChecks({ test, page, base, key, fixture, check, until, spanRow, shot });
await evaluationChecks({ page, base, key, fixture, test, check, until, shot, rows, spanRow });

if (pageErrors.length > 0) {
  failed++;
  console.log(`FAIL uncaught page errors:\n${pageErrors.join('\n')}`);
}
await context.close();
rmSync(userDataDir, { recursive: true, force: true });
console.log(`browser: ${passed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
