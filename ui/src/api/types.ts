/** The shapes of the query API's answers (docs/api.md). Times and durations are microseconds. */

export type Json = string | number | boolean | null | Json[] | { [key: string]: Json };

export type Status = 'success' | 'failure' | 'aborted' | 'cancelled' | 'pending' | 'unknown';

export interface Score {
  scoreId: string;
  traceId?: string;
  spanId?: string;
  sessionId?: string;
  name: string;
  value?: number;
  label?: string;
  comment?: string;
  source?: string;
  author?: string;
  time?: number;
  metadata?: Record<string, Json>;
}

export interface Totals {
  spanCount: number;
  inputTokens?: number;
  outputTokens?: number;
  totalTokens?: number;
  cost?: number;
}

/** Fields that traces and spans share. */
interface Recorded {
  traceId: string;
  referenceId?: string;
  name?: string;
  status?: Status;
  statusMessage?: string;
  startTime?: number;
  endTime?: number;
  duration?: number;
  input?: Json;
  output?: Json;
  metadata?: Record<string, Json>;
  attributes?: Record<string, string | number | boolean>;
  tags?: string[];
}

export interface Trace extends Recorded {
  feature?: string;
  sessionId?: string;
  conversationId?: string;
  user?: { id?: string; name?: string; email?: string };
  organization?: { id?: string; name?: string };
  environment?: string;
  release?: string;
  spanCount?: number;
  errorCount?: number;
  inputTokens?: number;
  outputTokens?: number;
  totalTokens?: number;
  cost?: number;
  models?: string[];
  /** Spans whose tokens or cost the server inferred; absent when none. */
  inferredSpans?: number;
  scores?: Score[];
}

export type SpanType =
  | 'span' | 'function' | 'tool' | 'retrieval' | 'event' | 'generation' | 'message' | 'agent'
  | 'system' | 'embedding' | 'chain' | 'reranker' | 'guardrail' | 'evaluator';

export interface Span extends Recorded {
  spanId: string;
  parentSpanId?: string;
  type?: SpanType;
  error?: Json;
  completionStartTime?: number;
  promptId?: string;
  deploymentId?: string;
  provider?: string;
  model?: string;
  modelParameters?: Json;
  prompt?: Json;
  variables?: Json;
  inputTokens?: number;
  outputTokens?: number;
  totalTokens?: number;
  cacheReadTokens?: number;
  cacheWriteTokens?: number;
  reasoningTokens?: number;
  cost?: number;
  costDetails?: Json;
  /** Token counts counted by the server rather than sent. */
  usageInferred?: boolean;
  /** Cost priced by the server rather than sent. */
  costInferred?: boolean;
}

export interface SpanNode extends Span {
  totals: Totals;
  scores: Score[];
  children: SpanNode[];
}

export interface TraceTree {
  trace: Trace;
  totals: Totals;
  /** What masking replaced in the trace and its spans, by kind (`EMAIL`, a rule's name, `DROPPED`); absent if nothing. */
  masked?: Record<string, number>;
  scores: Score[];
  spans: SpanNode[];
}

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

/** A session's or a user's summary. */
export interface Group {
  id: string;
  name?: string;
  traceCount: number;
  errorCount: number;
  firstTime: number;
  lastTime: number;
  inputTokens?: number;
  outputTokens?: number;
  totalTokens?: number;
  cost?: number;
}

export interface SessionTraces {
  sessionId: string;
  traces: Page<Trace>;
}

export interface MetricPoint {
  bucketStart: number;
  group?: string | null;
  count: number;
  errors: number;
  p50: number | null;
  p95: number | null;
  p99: number | null;
  /** Rows whose status is `success`, and their share of `count` (0 to 1). */
  successes?: number;
  successRate?: number | null;
  /** Mean duration, microseconds. */
  avg?: number | null;
  /** Time to first token percentiles of spans, microseconds; null for traces. */
  ttftP50?: number | null;
  ttftP95?: number | null;
  ttftP99?: number | null;
  inputTokens?: number;
  outputTokens?: number;
  totalTokens?: number;
  cost?: number;
}

export interface Metrics {
  from: number;
  to: number;
  points: MetricPoint[];
}

/** A custom masking rule: every match of `pattern` (a Java regular expression) becomes `replacement`, `[NAME]` if absent. */
export interface MaskingRule {
  name: string;
  pattern: string;
  replacement?: string;
}

/** A project's settings, as `GET /api/settings` answers them and `PUT` takes them. */
export interface Settings {
  masking: {
    /** Every detector the server has, by its setting name (`email`, `creditCard` …), on or off. */
    detectors: Record<string, boolean>;
    rules: MaskingRule[];
    /** Fields removed whole, as `field.key[.key…]`. */
    dropPaths: string[];
  };
  /** Days traces are kept; null keeps them. */
  retentionDays: number | null;
  /** Where new anomalies are posted (http or https); null for nowhere. */
  anomalyWebhookUrl: string | null;
}

/** `GET /api/retention`: the window and the deletion job's progress (times in epoch microseconds). */
export interface RetentionStatus {
  retentionDays: number | null;
  horizon: number | null;
  /** Seconds between runs. */
  every: number;
  lastRunAt: number | null;
  lastRunDeleted: number;
  deletedSinceStart: number;
  /**
   * The store giving back the disk space of deleted data: texts (payload compaction: `lastRunAt`),
   * and the other values of deleted rows (the database rewrite: `lastRewriteAt`, and since when
   * deleted rows await one, `rewritePendingSince`; null when none do). Epoch microseconds.
   */
  diskReclaim: {
    reclaimedBytes: number;
    copiedBytes: number;
    lastRunAt: number | null;
    rewrittenBytes: number;
    lastRewriteAt: number | null;
    rewritePendingSince: number | null;
  };
}

/** One finding of `GET /api/anomalies`: a bucket whose metric is far from its baseline. */
export interface Anomaly {
  /** The feature of the traces, or (per-model findings) the feature the scan was restricted to. */
  feature: string | null;
  /** The model of the generations, for per-model findings. */
  model: string | null;
  metric: 'latencyP95' | 'errorRate' | 'cost' | 'tokens' | 'volume';
  /** Start of the hour, epoch microseconds. */
  bucketStart: number;
  value: number;
  baseline: number;
  score: number;
  direction: 'up' | 'down';
  /** Rows in the bucket. */
  count: number;
}

export interface Anomalies {
  from: number;
  to: number;
  /** Bucket width, microseconds. */
  bucket: number;
  anomalies: Anomaly[];
}

/** Failures grouped by their normalised message (`GET /api/errors/patterns`). */
export interface ErrorPattern {
  pattern: string;
  count: number;
  firstTime: number;
  lastTime: number;
  features: string[];
  /** The most recent traces with it, newest first. */
  exampleTraceIds: string[];
  /** The latest raw message. */
  example: string;
}

export interface ErrorPatterns {
  from: number;
  to: number;
  patterns: ErrorPattern[];
}

/** A prompt as `GET /api/prompts` lists it. */
export interface PromptSummary {
  name: string;
  type: 'text' | 'chat';
  latestVersion: number;
  /** Label to the version it is on; `latest` is not listed. */
  labels: Record<string, number>;
  updatedAt: number;
}

export interface PromptMessage {
  role: string;
  content: string;
}

/** One immutable version of a prompt (`GET /api/prompts/{name}`). */
export interface PromptVersion {
  name: string;
  version: number;
  type: 'text' | 'chat';
  prompt: string | PromptMessage[];
  config: Record<string, Json>;
  labels: string[];
  variables: string[];
  commitMessage?: string;
  createdAt: number;
  createdBy: string;
}

/** `GET /api/prompts/{name}/versions`: every version without its template, newest first. */
export interface PromptVersions {
  name: string;
  labels: Record<string, number>;
  items: { version: number; type: 'text' | 'chat'; labels: string[]; commitMessage?: string; createdAt: number; createdBy: string }[];
}

/** The body of `POST /api/prompts`. */
export interface NewPromptVersion {
  name: string;
  type: 'text' | 'chat';
  prompt: string | PromptMessage[];
  config?: Record<string, Json>;
  labels?: string[];
  commitMessage?: string;
}

/** One evaluator of a dataset (`evaluators` of `POST /api/datasets`). */
export interface DatasetEvaluator {
  name: string;
  kind: string;
  config?: Json;
}

/** A dataset with its counts (`GET /api/datasets`). */
export interface Dataset {
  name: string;
  description?: string;
  evaluators: DatasetEvaluator[];
  createdAt: number;
  items: number;
  archivedItems: number;
  runs: number;
}

/** One example of a dataset. */
export interface DatasetItem {
  id: string;
  input?: Json;
  expectedOutput?: Json;
  metadata?: { [key: string]: Json };
  sourceTraceId?: string;
  sourceSpanId?: string;
  createdAt: number;
  archived: boolean;
}

/** One evaluator's score of a run's output; an evaluator that could not judge gives label `error` and no value. */
export interface RunScore {
  name: string;
  value?: number;
  label?: string;
  comment?: string;
}

/** A run of a dataset with its aggregates (`GET /api/datasets/{name}/runs`). */
export interface RunSummary {
  name: string;
  items: number;
  errors: number;
  firstTime: number;
  lastTime: number;
  scores: { [evaluator: string]: { avg: number | null; count: number; errors: number } };
  tracesStored: number;
  avgLatency: number | null;
  totalCost: number | null;
  avgCost: number | null;
}

/** One item's result in a run (`GET /api/datasets/{name}/runs/{run}`). */
export interface RunItem {
  itemId: string;
  traceId: string;
  output?: Json;
  error?: string;
  scores: RunScore[];
  time: number;
  input?: Json;
  expectedOutput?: Json;
  latency?: number;
  cost?: number;
}

export interface RunDetail {
  name: string;
  items: RunItem[];
}

export type ScoreSource = 'feedback' | 'evaluator' | 'api' | 'annotation';

/** A score as `POST /api/scores` takes it (the server derives `scoreId` and `time` when absent). */
export interface NewScore {
  traceId: string;
  spanId?: string;
  name: string;
  value?: number;
  label?: string;
  comment?: string;
  source: ScoreSource;
  author?: string;
}

/** What the scores of one name must look like in a project (`/api/score-configs`). */
export interface ScoreConfig {
  name: string;
  dataType: 'numeric' | 'boolean' | 'categorical';
  min?: number;
  max?: number;
  categories?: { label: string; value: number }[];
  description?: string;
}

/** One bucket (and group) of `GET /api/metrics?entity=scores`. */
export interface ScoreMetricPoint {
  bucketStart: number;
  group?: string | null;
  count: number;
  /** Scores with a value; a failed evaluation has none. */
  valued: number;
  avg: number | null;
  min: number | null;
  max: number | null;
  p50: number | null;
  p90: number | null;
  /** Scores per label, the 20 most frequent. */
  labels: Record<string, number>;
}

export interface ScoreMetrics {
  from: number;
  to: number;
  points: ScoreMetricPoint[];
}

/** The key the UI signed in with (`GET /api/keys/current`). */
export interface KeyIdentity {
  id: string;
  role: 'read' | 'write' | 'admin';
}

/** A project's evaluator (`/api/evaluators`); times epoch microseconds. */
export interface Evaluator {
  name: string;
  kind: string;
  /** `trace` or a span type. */
  target: string;
  /** 0 to 1. */
  sampleRate: number;
  /** Trace-list filter parameters; repeated ones as arrays. */
  filter?: Record<string, string | string[]>;
  config: Record<string, Json>;
  enabled: boolean;
  version: number;
  createdAt: number;
  updatedAt: number;
}

/** What `POST` and `PUT /api/evaluators` take. */
export type EvaluatorDraft = Pick<Evaluator, 'name' | 'kind' | 'target' | 'sampleRate' | 'filter' | 'config' | 'enabled'>;

/** A backfill of an evaluator over a time range. */
export interface EvaluatorRun {
  runId: string;
  evaluator: string;
  version: number;
  from: number;
  to: number;
  status: 'running' | 'done' | 'failed';
  scanned: number;
  judged: number;
  errors: number;
  error: string | null;
  startedAt: number;
  finishedAt: number | null;
}
