// Browser checks of datasets: a span added to a dataset from its detail, the dataset's items with
// the archive toggle, and two runs compared with the better score marked. Called by browser-test.mjs.
import { randomBytes } from 'node:crypto';

export async function datasetChecks({ test, page, base, key, fixture, check, until, spanRow, shot }) {
  const api = (method, path, body) => page.evaluate(async ([apiKey, m, p, b]) => {
    const response = await fetch(p, { method: m, headers: { Authorization: `Bearer ${apiKey}`, 'Content-Type': 'application/json' },
      body: b === undefined ? undefined : JSON.stringify(b) });
    return { status: response.status, json: await response.json() };
  }, [key, method, path, body]);

  await test('adds a span to a dataset, archives it, and compares two runs', async () => {
    await page.goto(`${base}/traces/${fixture.chatTraceId}`);
    const created = await api('POST', '/api/datasets', { name: 'ui-check', description: 'from the browser test',
      evaluators: [{ name: 'good', kind: 'contains', config: { values: ['zz-good'] } }] });
    check(created.status === 201, `create: ${JSON.stringify(created)}`);

    await page.reload();
    await spanRow(fixture.generationName).click();
    const detail = page.getByTestId('span-detail');
    await detail.getByRole('button', { name: 'Add to dataset' }).click();
    await detail.getByLabel('Dataset').selectOption('ui-check');
    await detail.getByRole('button', { name: 'Add', exact: true }).click();
    await detail.getByRole('status').filter({ hasText: 'Added to ui-check' }).waitFor();
    await shot('span-added-to-dataset');

    await page.getByRole('link', { name: 'Datasets' }).click();
    await page.getByTestId('dataset-row').filter({ hasText: 'ui-check' }).getByRole('link').click();
    const item = page.getByTestId('dataset-item');
    await item.first().waitFor();
    check(await item.count() === 1, `${await item.count()} items`);
    check((await item.first().textContent()).includes(fixture.answer), `the item does not hold the span's output: ${await item.first().textContent()}`);
    const items = (await api('GET', '/api/datasets/ui-check/items')).json.items;
    check(items.length === 1 && items[0].sourceSpanId === fixture.generationSpanId, `stored: ${JSON.stringify(items)}`);
    await shot('dataset-items');

    await item.first().getByRole('button', { name: 'Archive' }).click();
    await until(async () => await item.count() === 0, 'the archived item to leave the list');
    await page.getByLabel('Show archived items').check();
    await item.first().getByRole('button', { name: 'Restore' }).waitFor();

    for (const [run, output] of [['run-a', 'bad answer'], ['run-b', 'zz-good answer']]) {
      const reported = await api('POST', `/api/datasets/ui-check/runs/${run}/items`,
        { itemId: items[0].id, traceId: randomBytes(16).toString('hex'), output });
      check(reported.status === 200, `report ${run}: ${JSON.stringify(reported)}`);
    }
    await page.getByRole('button', { name: 'Experiments' }).click();
    const row = page.getByTestId('run-item');
    await row.first().waitFor();
    const better = row.first().locator('td.better');
    check(await better.count() === 1 && (await better.textContent()) === '1', `marked: ${await better.count()}`);
    check((await page.getByTestId('run-summary').locator('td.better').textContent()) === '1.000', 'the better mean is not marked');
    await shot('dataset-experiments');
  });
}
