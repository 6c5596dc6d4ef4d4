import type {
  Anomalies, Dataset, DatasetItem, ErrorPatterns, Evaluator, EvaluatorDraft, EvaluatorRun, Group, KeyIdentity, Metrics,
  NewPromptVersion, NewScore, Page, PromptSummary, PromptVersion, PromptVersions, RetentionStatus, RunDetail, RunSummary,
  Score, ScoreConfig, ScoreMetrics, SessionTraces, Settings, Span, Trace, TraceTree,
} from './types';

/** A failed API call. {@link status} is 0 when the server could not be reached at all. */
export class ApiError extends Error {
  constructor(readonly status: number, message: string) {
    super(message);
    this.name = 'ApiError';
  }

  get unreachable(): boolean {
    return this.status === 0;
  }

  get unauthorized(): boolean {
    return this.status === 401;
  }
}

export type Params = URLSearchParams | Record<string, string | number | undefined>;

/** The query API of one project: every call carries that project's key. */
export class SightlineApi {
  private identity?: Promise<KeyIdentity>;

  constructor(private readonly key: string, private readonly base = '') {}

  traces(params: Params): Promise<Page<Trace>> {
    return this.get('/api/traces', params);
  }

  /** A trace as a tree; with `payloads: false` its spans come without input, output and variables. */
  trace(traceId: string, { payloads = true } = {}): Promise<TraceTree> {
    return this.get(`/api/traces/${encodeURIComponent(traceId)}`, payloads ? {} : { payloads: 'false' });
  }

  /** One span with all its fields. */
  span(traceId: string, spanId: string): Promise<Span> {
    return this.get(`/api/traces/${encodeURIComponent(traceId)}/spans/${encodeURIComponent(spanId)}`);
  }

  sessions(params: Params): Promise<Page<Group>> {
    return this.get('/api/sessions', params);
  }

  session(sessionId: string): Promise<SessionTraces> {
    return this.get(`/api/sessions/${encodeURIComponent(sessionId)}`);
  }

  users(params: Params): Promise<Page<Group>> {
    return this.get('/api/users', params);
  }

  metrics(params: Params): Promise<Metrics> {
    return this.get('/api/metrics', params);
  }

  /** The same points as {@link metrics}, as the CSV text the server writes (`format=csv`). */
  async metricsCsv(params: Params): Promise<string> {
    const search = toSearch(params);
    search.set('format', 'csv');
    return (await this.send(`/api/metrics?${search}`, 'GET', undefined, 'text/csv')).text();
  }

  anomalies(params: Params): Promise<Anomalies> {
    return this.get('/api/anomalies', params);
  }

  errorPatterns(params: Params): Promise<ErrorPatterns> {
    return this.get('/api/errors/patterns', params);
  }

  settings(): Promise<Settings> {
    return this.get('/api/settings');
  }

  retention(): Promise<RetentionStatus> {
    return this.get('/api/retention');
  }

  /**
   * Replaces the project's settings; answers those now in force. A setting the server refuses fails
   * with status 400 and a message naming the field, and nothing changes.
   */
  putSettings(settings: Settings): Promise<Settings> {
    return this.request('/api/settings', 'PUT', settings);
  }

  prompts(): Promise<{ items: PromptSummary[] }> {
    return this.get('/api/prompts');
  }

  /** One version of a prompt: by number, else the server's default (`production`, else the latest). */
  prompt(name: string, version?: number): Promise<PromptVersion> {
    return this.get(`/api/prompts/${encodeURIComponent(name)}`, { version });
  }

  promptVersions(name: string): Promise<PromptVersions> {
    return this.get(`/api/prompts/${encodeURIComponent(name)}/versions`);
  }

  /** Creates the next version of the body's name; a field the server refuses fails with 400 naming it. */
  createPrompt(body: NewPromptVersion): Promise<PromptVersion> {
    return this.request('/api/prompts', 'POST', body);
  }

  /** Sets a version's labels to exactly these: they move there from other versions. */
  setPromptLabels(name: string, version: number, labels: string[]): Promise<PromptVersion> {
    return this.request(`/api/prompts/${encodeURIComponent(name)}/versions/${version}`, 'PATCH', { labels });
  }

  datasets(): Promise<{ items: Dataset[] }> {
    return this.get('/api/datasets');
  }

  dataset(name: string): Promise<Dataset> {
    return this.get(`/api/datasets/${encodeURIComponent(name)}`);
  }

  /** A page of a dataset's items; `archived` is `false` (the default), `true` or `all`. */
  datasetItems(name: string, params: Params): Promise<Page<DatasetItem>> {
    return this.get(`/api/datasets/${encodeURIComponent(name)}/items`, params);
  }

  /** Copies a stored span (or, without `spanId`, a trace) into a dataset as one item. */
  addFromSpan(name: string, traceId: string, spanId?: string): Promise<{ added: number; items: DatasetItem[] }> {
    return this.request(`/api/datasets/${encodeURIComponent(name)}/items`, 'POST', { fromSpan: { traceId, spanId } });
  }

  archiveItem(name: string, id: string, archived: boolean): Promise<DatasetItem> {
    return this.request(`/api/datasets/${encodeURIComponent(name)}/items/${encodeURIComponent(id)}`, 'PATCH', { archived });
  }

  runs(name: string): Promise<{ items: RunSummary[] }> {
    return this.get(`/api/datasets/${encodeURIComponent(name)}/runs`);
  }

  run(name: string, run: string): Promise<RunDetail> {
    return this.get(`/api/datasets/${encodeURIComponent(name)}/runs/${encodeURIComponent(run)}`);
  }

  /** The signed-in key's id and role, asked once per client (a key's role never changes). */
  currentKey(): Promise<KeyIdentity> {
    this.identity ??= this.get<KeyIdentity>('/api/keys/current').catch((error: unknown) => {
      this.identity = undefined;
      throw error;
    });
    return this.identity;
  }

  scores(params: Params): Promise<Page<Score>> {
    return this.get('/api/scores', params);
  }

  /** Stores scores, all or none; a score that does not fit its config fails with 400 naming the field. */
  postScores(scores: NewScore[]): Promise<{ scores: { scoreId: string }[] }> {
    return this.request('/api/scores', 'POST', { scores });
  }

  scoreConfigs(): Promise<{ items: ScoreConfig[] }> {
    return this.get('/api/score-configs');
  }

  /** `/api/metrics?entity=scores`. */
  scoreMetrics(params: Record<string, string | number | undefined>): Promise<ScoreMetrics> {
    return this.get('/api/metrics', { ...params, entity: 'scores' });
  }

  evaluators(): Promise<{ items: Evaluator[] }> {
    return this.get('/api/evaluators');
  }

  evaluatorKinds(): Promise<{ items: string[] }> {
    return this.get('/api/evaluators/kinds');
  }

  createEvaluator(draft: EvaluatorDraft): Promise<Evaluator> {
    return this.request('/api/evaluators', 'POST', draft);
  }

  /** Replaces an evaluator; a change other than `enabled` makes a new version. */
  updateEvaluator(name: string, draft: EvaluatorDraft): Promise<Evaluator> {
    return this.request(evaluatorPath(name), 'PUT', draft);
  }

  async deleteEvaluator(name: string): Promise<void> {
    await this.send(evaluatorPath(name), 'DELETE', undefined, 'application/json');
  }

  /** Starts a backfill over `[from, to)` (epoch microseconds). */
  runEvaluator(name: string, from: number, to: number): Promise<EvaluatorRun> {
    return this.request(`${evaluatorPath(name)}/run`, 'POST', { from, to });
  }

  evaluatorRuns(name: string): Promise<{ items: EvaluatorRun[] }> {
    return this.get(`${evaluatorPath(name)}/runs`);
  }

  evaluatorRun(name: string, runId: string): Promise<EvaluatorRun> {
    return this.get(`${evaluatorPath(name)}/runs/${encodeURIComponent(runId)}`);
  }

  private get<T>(path: string, params?: Params): Promise<T> {
    const query = toSearch(params).toString();
    return this.request(path + (query ? `?${query}` : ''));
  }

  /** Sends `body`, if any, as JSON; answers the parsed JSON. */
  private async request<T>(path: string, method = 'GET', body?: unknown): Promise<T> {
    return (await (await this.send(path, method, body, 'application/json')).json()) as T;
  }

  /** Sends `body`, if any, as JSON; answers the response if it is a success, else throws an {@link ApiError}. */
  private async send(path: string, method: string, body: unknown, accept: string): Promise<Response> {
    const headers: Record<string, string> = { Authorization: `Bearer ${this.key}`, Accept: accept };
    if (body !== undefined) {
      headers['Content-Type'] = 'application/json';
    }
    let response: Response;
    try {
      response = await fetch(this.base + path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
    } catch {
      throw new ApiError(0, `No answer from the Sightline server at ${this.base || window.location.origin}. Check that it is running, then reload.`);
    }
    if (!response.ok) {
      throw new ApiError(response.status, await errorMessage(response));
    }
    return response;
  }
}

function evaluatorPath(name: string): string {
  return `/api/evaluators/${encodeURIComponent(name)}`;
}

function toSearch(params?: Params): URLSearchParams {
  if (params instanceof URLSearchParams) {
    return params;
  }
  const search = new URLSearchParams();
  for (const [name, value] of Object.entries(params ?? {})) {
    if (value !== undefined && value !== '') {
      search.set(name, String(value));
    }
  }
  return search;
}

async function errorMessage(response: Response): Promise<string> {
  if (response.status === 401) {
    return 'The server refused this API key.';
  }
  try {
    const body = (await response.json()) as { error?: { message?: string } };
    if (body.error?.message) {
      return body.error.message;
    }
  } catch {
    // not JSON: e.g. a proxy's error page
  }
  return response.status >= 500
    ? `The server failed (HTTP ${response.status}). Try again in a moment.`
    : `The request failed (HTTP ${response.status}).`;
}
