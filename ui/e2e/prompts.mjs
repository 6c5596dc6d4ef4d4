// Browser checks of the Prompts pages, called by browser-test.mjs with its page and helpers while
// the project of `key` is signed in.
import { randomBytes } from 'node:crypto';

/** Calls the API from the page with the project's key; answers status and JSON. */
function call(page, key, method, path, body) {
  return page.evaluate(async ([apiKey, m, p, b]) => {
    const response = await fetch(p, {
      method: m,
      headers: { Authorization: `Bearer ${apiKey}`, 'Content-Type': 'application/json' },
      body: b === undefined ? undefined : JSON.stringify(b),
    });
    return { status: response.status, json: await response.json() };
  }, [key, method, path, body]);
}

export async function promptTests({ page, test, check, until, shot, base, key }) {
  const name = `e2e-greet-${randomBytes(3).toString('hex')}`;

  await test('prompts: move a label, diff two versions, start a new version from an old one', async () => {
    const v1 = await call(page, key, 'POST', '/api/prompts', { name, prompt: 'Hello {{name}}\nHow can I help?\nBye',
      config: { model: 'gpt-4o-mini' }, labels: ['production'], commitMessage: 'first' });
    check(v1.status === 201, `create v1: ${JSON.stringify(v1.json)}`);
    const v2 = await call(page, key, 'POST', '/api/prompts', { name, prompt: 'Hello {{ user }}\nHow can I help?\nextra line\nBye',
      config: { model: 'gpt-4o' }, commitMessage: '<b>not bold</b>' });
    check(v2.status === 201, `create v2: ${JSON.stringify(v2.json)}`);

    await page.goto(`${base}/prompts`);
    await page.getByTestId('prompt-row').filter({ hasText: name }).getByRole('link', { name }).click();
    // The default version is the one labelled production.
    await page.getByRole('heading', { name: 'Version 1' }).waitFor();
    check((await page.getByTestId('prompt-template').textContent()).includes('Hello {{name}}'), 'v1 template not shown');
    check(await page.locator('b', { hasText: 'not bold' }).count() === 0, 'a commit message was rendered as HTML');

    await page.getByTestId('prompt-versions').getByRole('button', { name: 'v2' }).click();
    await page.getByRole('heading', { name: 'Version 2' }).waitFor();
    await page.getByLabel('Compare with version').selectOption('1');
    const diff = page.getByTestId('prompt-diff');
    await diff.waitFor();
    const changed = diff.locator('tr.diff-changed');
    check(await changed.count() === 1, `changed rows: ${await changed.count()}`);
    check(await changed.locator('.diff-old').textContent() === 'Hello {{name}}', 'old side of the changed line');
    check(await changed.locator('.diff-new').textContent() === 'Hello {{ user }}', 'new side of the changed line');
    check(await diff.locator('tr.diff-added .diff-new').textContent() === 'extra line', 'the added line');
    check(await diff.locator('tr.diff-same').count() === 2, 'the unchanged lines are aligned');
    await shot('prompt-diff');

    await page.getByLabel('Labels of version 2').fill('production, beta');
    await page.getByRole('button', { name: 'Save labels' }).click();
    await until(async () => (await call(page, key, 'GET', `/api/prompts/${name}`)).json.version === 2,
      'production to move to version 2');
    const row = (v) => page.getByTestId('prompt-version-row').filter({ has: page.getByRole('button', { name: `v${v}`, exact: true }) });
    await until(async () => (await row(2).textContent()).includes('production'), 'the versions table to show the move');
    check(!(await row(1).textContent()).includes('production'), 'version 1 still shows production');

    await page.getByRole('button', { name: 'New version from this' }).click();
    await page.getByLabel('Template').fill('Hi {{user}}\nBye');
    await page.getByLabel('Commit message').fill('shorter');
    await page.getByRole('button', { name: 'Create version' }).click();
    await page.getByRole('heading', { name: 'Version 3' }).waitFor();
    const v3 = await call(page, key, 'GET', `/api/prompts/${name}?version=3`);
    check(v3.json.prompt === 'Hi {{user}}\nBye' && v3.json.config.model === 'gpt-4o' && v3.json.commitMessage === 'shorter',
      `v3: ${JSON.stringify(v3.json)}`);
  });

  await test('prompts: a generation links to its prompt version', async () => {
    const traceId = randomBytes(16).toString('hex');
    const now = Date.now() * 1000;
    const answer = await call(page, key, 'POST', '/api/ingest', { batch: [
      { type: 'trace', body: { traceId, name: 'prompt-link', startTime: now - 2_000_000, endTime: now } },
      { type: 'span', body: { traceId, spanId: randomBytes(8).toString('hex'), type: 'generation', name: 'greet-call',
        startTime: now - 1_500_000, endTime: now - 500_000, model: 'gpt-4o-mini', prompt: { slug: name, version: '2' } } },
    ] });
    check(answer.json.accepted === 2, `ingest: ${JSON.stringify(answer.json)}`);
    await until(async () => (await call(page, key, 'GET', `/api/traces/${traceId}`)).status === 200, 'the trace to be stored');
    await page.goto(`${base}/traces/${traceId}`);
    await page.locator('[data-testid="span-row"]', { has: page.locator('.span-name', { hasText: 'greet-call' }) }).click();
    await page.getByTestId('prompt-link').click();
    await page.getByRole('heading', { name: 'Version 2' }).waitFor();
    check(page.url().endsWith(`/prompts/${name}?version=2`), `url: ${page.url()}`);
  });
}
