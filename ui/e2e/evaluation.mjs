// Browser checks of evaluation in the web UI: annotating a trace and a span, score columns in the
// trace list, the dashboard's score charts. Called by browser-test.mjs with its page and helpers.
import { randomBytes } from 'node:crypto';

export async function evaluationChecks({ page, base, key, fixture, test, check, until, shot, rows, spanRow }) {
  /** A call to the API with the project's key, from the page; answers status and parsed body. */
  const api = (path, method = 'GET', body) => page.evaluate(async ([apiKey, p, m, b]) => {
    const headers = { Authorization: `Bearer ${apiKey}` };
    if (b !== undefined) {
      headers['Content-Type'] = 'application/json';
    }
    const response = await fetch(p, { method: m, headers, body: b === undefined ? undefined : JSON.stringify(b) });
    const text = await response.text();
    return { status: response.status, body: text ? JSON.parse(text) : null };
  }, [key, path, method, body]);
  const traceScores = async (traceId) => (await api(`/api/scores?traceId=${traceId}&limit=100`)).body.items;
  const scoreItems = (testId) => page.getByTestId(testId).getByTestId('score-item');

  await test('annotate a trace (thumbs up) and a span (a numeric score with a comment); the API reads them back', async () => {
    await page.goto(`${base}/traces/${fixture.chatTraceId}`);
    const trace = page.getByTestId('trace-detail');
    const form = trace.getByTestId('annotate');
    await form.waitFor();
    const before = await scoreItems('trace-detail').count();
    await form.getByRole('button', { name: 'Thumbs up' }).click();
    await scoreItems('trace-detail').filter({ hasText: 'thumbs: 1 (up)' }).waitFor();
    check(await scoreItems('trace-detail').count() === before + 1, 'the thumbs score is not added to the list once');

    const configsRead = page.waitForResponse((r) => r.url().includes('/api/score-configs'));
    await spanRow(fixture.generationName).click();
    const spanForm = page.getByTestId('span-detail').getByTestId('annotate');
    await spanForm.waitFor();
    await configsRead;
    // A config made after the form read the configs: the server's refusal is what the page shows.
    check((await api('/api/score-configs/accuracy', 'PUT', { dataType: 'numeric', min: 1, max: 5 })).status < 300, 'score config not made');
    await spanForm.getByLabel('Score name').fill('accuracy');
    await spanForm.getByLabel(/^Value/).fill('9');
    await spanForm.getByLabel('Comment').fill('checked against the order system');
    await spanForm.getByLabel('Your name').fill('grace');
    await spanForm.getByRole('button', { name: 'Add score' }).click();
    const refusal = await spanForm.getByRole('alert').textContent();
    check(refusal.includes('accuracy') && refusal.includes('5'), `the refusal: ${refusal}`);
    await spanForm.getByLabel(/^Value/).fill('4');
    await spanForm.getByRole('button', { name: 'Add score' }).click();
    const added = scoreItems('span-detail').filter({ hasText: 'accuracy: 4' });
    await added.waitFor();
    const text = await added.textContent();
    check(text.includes('annotation by grace') && text.includes('checked against the order system'), `the span's new score: ${text}`);
    check(await spanForm.getByLabel('Score name').inputValue() === '', 'the form was not cleared after the score was stored');
    await shot('trace-annotated', 1100);

    let scores = [];
    await until(async () => {
      scores = await traceScores(fixture.chatTraceId);
      return scores.some((s) => s.name === 'thumbs') && scores.some((s) => s.name === 'accuracy');
    }, 'the annotations through GET /api/scores');
    const thumbs = scores.find((s) => s.name === 'thumbs');
    check(thumbs.source === 'annotation' && thumbs.value === 1 && thumbs.label === 'up' && !thumbs.spanId, `thumbs: ${JSON.stringify(thumbs)}`);
    const accuracy = scores.find((s) => s.name === 'accuracy');
    check(accuracy.source === 'annotation' && accuracy.value === 4 && accuracy.spanId === fixture.generationSpanId
      && accuracy.comment === 'checked against the order system' && accuracy.author === 'grace', `accuracy: ${JSON.stringify(accuracy)}`);
    check(scores.filter((s) => s.name === 'accuracy').length === 1, 'the refused score was stored');

    await page.reload();
    await scoreItems('span-detail').filter({ hasText: 'accuracy: 4' }).waitFor();
    check((await api('/api/score-configs/accuracy', 'DELETE')).status === 204, 'score config not deleted');
  });

  await test('a read-only key sees the scores but no annotation form', async () => {
    await page.getByLabel('Project').selectOption('viewer');
    await page.goto(`${base}/traces/${fixture.chatTraceId}`);
    await scoreItems('trace-detail').filter({ hasText: 'thumbs: 1 (up)' }).waitFor();
    await page.waitForLoadState('networkidle');
    check(await page.getByTestId('annotate').count() === 0, 'a read-only key is offered the annotation form');
    await page.getByLabel('Project').selectOption('default');
    check(await page.getByLabel('Project').inputValue() === 'default', 'switch back failed');
  });

  // Three more traces: accuracy 2 and 5, and one whose evaluation only failed.
  const now = Date.now() * 1000;
  const ids = { low: randomBytes(16).toString('hex'), high: randomBytes(16).toString('hex'), failed: randomBytes(16).toString('hex') };
  const trace = (traceId, name) => ({ type: 'trace', body: { traceId, name, feature: 'eval-check', startTime: now - 1_000_000, endTime: now } });
  const score = (traceId, fields) => ({ type: 'score', body: { traceId, source: 'annotation', ...fields } });

  await test('score columns: chosen in the column chooser, a mark for a failed evaluation, sorted by a header click', async () => {
    const answer = await api('/api/ingest', 'POST', { batch: [
      trace(ids.low, 'eval-low'), trace(ids.high, 'eval-high'), trace(ids.failed, 'eval-failed'),
      score(ids.low, { name: 'accuracy', value: 2 }), score(ids.high, { name: 'accuracy', value: 5 }),
      score(ids.failed, { name: 'judge', label: 'error', source: 'evaluator', comment: 'judge failed 4 times: answered 500' }),
    ] });
    check(answer.body.accepted === 6, `ingest: ${JSON.stringify(answer.body)}`);
    await until(async () => (await api(`/api/traces?scoreName=accuracy`)).body.items.length === 3, 'the scored traces to be stored');

    await page.goto(`${base}/traces`);
    await rows().first().waitFor();
    const head = page.locator('.trace-head');
    await head.locator('.column-chooser summary').click();
    await head.getByLabel('Score: accuracy', { exact: true }).check();
    await head.getByLabel('Score: judge', { exact: true }).check();
    await head.locator('.column-chooser summary').click();
    const failedRow = page.locator(`a[data-testid="trace-row"][href="/traces/${ids.failed}"]`);
    await failedRow.getByTestId('score-error').waitFor();
    check((await failedRow.locator('.cell-score').last().getAttribute('title')).includes('answered 500'), 'the error mark has no message');

    await head.getByRole('button', { name: 'accuracy' }).click();
    await page.waitForURL(/sort=score/);
    check(page.url().includes('scoreName=accuracy'), `URL: ${page.url()}`);
    // The accuracy column comes first of the two (score columns are in name order).
    const accuracyCells = () => rows().evaluateAll((els) => els.map((row) => row.querySelector('.cell-score')?.textContent));
    await until(async () => JSON.stringify(await accuracyCells()) === '["5","4","2"]', 'rows by accuracy, highest first');
    await shot('traces-score-columns');
    await head.getByRole('button', { name: /^accuracy/ }).click();
    await until(async () => JSON.stringify(await accuracyCells()) === '["2","4","5"]', 'rows by accuracy, lowest first');
    check(page.url().includes('order=asc'), `URL: ${page.url()}`);
    check((await page.getByLabel('Sort by').inputValue()) === 'score', 'the sort menu does not say score');
  });

  await test('the dashboard charts scores: averages per name, a score\'s labels, and its breakdown by feature', async () => {
    await page.goto(`${base}/`);
    const averages = page.getByTestId('chart-score-averages');
    // Scores of one bucket are dots; of several, lines.
    await averages.locator('circle.lone-dot, path.recharts-curve[d*="L"]').first().waitFor();
    const legend = await averages.locator('.recharts-legend-item-text').allTextContents();
    check(legend.includes('accuracy') && legend.includes('thumbs'), `legend: ${legend.join(', ')}`);
    await page.getByLabel('Score', { exact: true }).selectOption('thumbs');
    await page.getByTestId('chart-score-labels').getByText('Labels of thumbs').waitFor();
    check(await page.getByTestId('chart-score-labels').locator('.recharts-bar-rectangle').count() >= 1, 'no label bars');
    await page.getByLabel('Score', { exact: true }).selectOption('accuracy');
    await page.getByLabel('Break down by').selectOption('feature');
    const breakdown = page.getByTestId('chart-score-breakdown');
    await breakdown.locator('.recharts-legend-item-text', { hasText: 'eval-check' }).waitFor();
    await page.getByTestId('score-charts').scrollIntoViewIfNeeded();
    await shot('overview-scores', 2200);
  });

  await test('create an evaluator in the form, see it listed, backfill it and see its results', async () => {
    await page.getByRole('link', { name: 'Evaluators', exact: true }).click();
    await page.getByRole('button', { name: 'New evaluator' }).click();
    const form = page.getByTestId('evaluator-form');
    await form.getByLabel('Name', { exact: true }).fill('answer-length');
    await form.getByLabel(/^Kind/).selectOption('length');
    await form.getByLabel(/^Target/).selectOption('generation');
    await form.getByLabel('Max characters', { exact: true }).fill('x');
    await form.getByRole('button', { name: 'Create' }).click();
    await form.getByRole('alert').filter({ hasText: 'config.max: must be a whole number' }).waitFor();
    await form.getByLabel('Max characters', { exact: true }).fill('2000');
    await form.getByLabel('Min characters', { exact: true }).fill('1');
    await form.getByRole('button', { name: 'Create' }).click();
    const row = page.getByTestId('evaluator-row').filter({ hasText: 'answer-length' });
    await row.waitFor();
    const cells = await row.locator('td').allTextContents();
    check(cells[1] === 'length' && cells[2] === 'generation' && cells[5] === '1', `the row: ${cells.join(' | ')}`);
    const stored = (await api('/api/evaluators/answer-length')).body;
    check(stored.config.min === 1 && stored.config.max === 2000 && stored.enabled === true, `stored: ${JSON.stringify(stored)}`);

    const results = page.getByTestId('evaluator-results');
    await results.getByRole('heading', { name: 'answer-length' }).waitFor();
    await results.getByRole('button', { name: 'Start backfill' }).click();
    await results.getByTestId('run-progress').filter({ hasText: /^Done/ }).waitFor({ timeout: 60_000 });
    await results.getByTestId('evaluator-result').first().waitFor();
    const judged = (await api('/api/scores?name=answer-length&source=evaluator&limit=1000')).body.items;
    check(judged.length > 0 && judged.every((s) => s.value === 1 || s.value === 0 || s.label === 'error'), `results: ${judged.length}`);
    await shot('evaluators', 1200);

    // The switch follows the server: it turns once the evaluator is stored disabled and read again.
    await row.getByRole('switch').click();
    await until(async () => (await api('/api/evaluators/answer-length')).body.enabled === false
      && !(await row.getByRole('switch').isChecked()), 'the evaluator to be disabled');
    await row.getByRole('button', { name: 'Delete' }).click();
    await row.getByRole('button', { name: 'Really delete answer-length' }).click();
    await until(async () => (await api('/api/evaluators/answer-length')).status === 404, 'the evaluator to be deleted');
  });
}
