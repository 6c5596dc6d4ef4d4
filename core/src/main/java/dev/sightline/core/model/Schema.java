package dev.sightline.core.model;

import java.util.List;
import java.util.Set;

/**
 * Every column of the data model, and the closed vocabularies some of them take. The tables that
 * use them are in {@link Table}. Timestamps are epoch microseconds; costs are US dollars.
 */
public final class Schema {
  public static final Column PROJECT_ID = Column.of("projectId", ColumnType.STRING, 128);
  public static final Column TRACE_ID = Column.of("traceId", ColumnType.STRING, 32);
  public static final Column SPAN_ID = Column.of("spanId", ColumnType.STRING, 16);
  public static final Column SCORE_ID = Column.of("scoreId", ColumnType.STRING, 128);
  public static final Column PARENT_SPAN_ID = Column.of("parentSpanId", ColumnType.STRING, 16);
  public static final Column REFERENCE_ID = Column.of("referenceId", ColumnType.STRING, 256);
  public static final Column FEATURE = Column.of("feature", ColumnType.STRING, 256);
  public static final Column NAME = Column.of("name", ColumnType.STRING, 512);
  public static final Column TYPE = Column.of("type", ColumnType.STRING, 32);
  public static final Column STATUS = Column.of("status", ColumnType.STRING, 32);
  public static final Column STATUS_MESSAGE = Column.of("statusMessage", ColumnType.STRING, 65536);
  public static final Column ERROR = Column.of("error", ColumnType.JSON, 262144);
  public static final Column SESSION_ID = Column.of("sessionId", ColumnType.STRING, 256);
  public static final Column CONVERSATION_ID = Column.of("conversationId", ColumnType.STRING, 256);
  public static final Column USER_ID = Column.of("user.id", ColumnType.STRING, 256);
  public static final Column USER_NAME = Column.of("user.name", ColumnType.STRING, 256);
  public static final Column USER_EMAIL = Column.of("user.email", ColumnType.STRING, 256);
  public static final Column ORGANIZATION_ID = Column.of("organization.id", ColumnType.STRING, 256);
  public static final Column ORGANIZATION_NAME =
      Column.of("organization.name", ColumnType.STRING, 256);
  public static final Column ENVIRONMENT = Column.of("environment", ColumnType.STRING, 128);
  public static final Column RELEASE = Column.of("release", ColumnType.STRING, 128);
  public static final Column START_TIME = Column.of("startTime", ColumnType.TIMESTAMP);
  public static final Column END_TIME = Column.of("endTime", ColumnType.TIMESTAMP);
  public static final Column COMPLETION_START_TIME =
      Column.of("completionStartTime", ColumnType.TIMESTAMP);
  public static final Column INPUT = Column.of("input", ColumnType.JSON);
  public static final Column OUTPUT = Column.of("output", ColumnType.JSON);
  public static final Column METADATA = Column.of("metadata", ColumnType.JSON, 262144);
  public static final Column ATTRIBUTES = Column.of("attributes", ColumnType.JSON, 65536);
  public static final Column TAGS = Column.of("tags", ColumnType.STRING_LIST);
  public static final Column EVALUATORS = Column.of("evaluators", ColumnType.JSON, 16384);
  public static final Column EVALUATION_CONFIG =
      Column.of("evaluationConfig", ColumnType.JSON, 16384);
  public static final Column PROMPT_ID = Column.of("promptId", ColumnType.STRING, 256);
  public static final Column DEPLOYMENT_ID = Column.of("deploymentId", ColumnType.STRING, 256);
  public static final Column RUN_EVALUATION = Column.of("runEvaluation", ColumnType.BOOLEAN);
  public static final Column PROVIDER = Column.of("provider", ColumnType.STRING, 128);
  public static final Column MODEL = Column.of("model", ColumnType.STRING, 256);
  public static final Column MODEL_PARAMETERS =
      Column.of("modelParameters", ColumnType.JSON, 65536);
  public static final Column PROMPT = Column.of("prompt", ColumnType.JSON, 16384);
  public static final Column VARIABLES = Column.of("variables", ColumnType.JSON, 1048576);
  public static final Column INPUT_TOKENS = Column.of("inputTokens", ColumnType.LONG);
  public static final Column OUTPUT_TOKENS = Column.of("outputTokens", ColumnType.LONG);
  public static final Column TOTAL_TOKENS = Column.of("totalTokens", ColumnType.LONG);
  public static final Column CACHE_READ_TOKENS = Column.of("cacheReadTokens", ColumnType.LONG);
  public static final Column CACHE_WRITE_TOKENS = Column.of("cacheWriteTokens", ColumnType.LONG);
  public static final Column REASONING_TOKENS = Column.of("reasoningTokens", ColumnType.LONG);
  public static final Column COST = Column.of("cost", ColumnType.DOUBLE);
  public static final Column COST_DETAILS = Column.of("costDetails", ColumnType.JSON, 16384);
  /** Whether a span's token counts were counted by the server rather than sent. */
  public static final Column USAGE_INFERRED = Column.of("usageInferred", ColumnType.BOOLEAN);
  /** Whether a span's cost was computed by the server from a model price rather than sent. */
  public static final Column COST_INFERRED = Column.of("costInferred", ColumnType.BOOLEAN);
  public static final Column VALUE = Column.of("value", ColumnType.DOUBLE);
  public static final Column LABEL = Column.of("label", ColumnType.STRING, 256);
  public static final Column COMMENT = Column.of("comment", ColumnType.STRING, 65536);
  public static final Column SOURCE = Column.of("source", ColumnType.STRING, 32);
  public static final Column AUTHOR = Column.of("author", ColumnType.STRING, 256);
  public static final Column TIME = Column.of("time", ColumnType.TIMESTAMP);
  // Trace rollups, maintained by the pipeline from the trace's spans.
  public static final Column SPAN_COUNT = Column.of("spanCount", ColumnType.LONG);
  public static final Column ERROR_COUNT = Column.of("errorCount", ColumnType.LONG);
  public static final Column MODELS = Column.of("models", ColumnType.STRING_LIST);
  public static final Column FIRST_SPAN_START = Column.of("firstSpanStart", ColumnType.TIMESTAMP);
  public static final Column LAST_SPAN_END = Column.of("lastSpanEnd", ColumnType.TIMESTAMP);
  /** Spans of the trace whose tokens or cost the server inferred; absent when none. */
  public static final Column INFERRED_SPANS = Column.of("inferredSpans", ColumnType.LONG);

  /**
   * The large free-text fields of a trace: no query filters, sorts or aggregates on them. In this
   * order, a backend may keep them apart from the other fields (the order is then part of its
   * stored format).
   */
  public static final List<Column> TRACE_PAYLOADS = List.of(INPUT, OUTPUT);

  /**
   * The large free-text fields of a span, which a trace tree can be read without; as
   * {@link #TRACE_PAYLOADS}, an ordered list.
   */
  public static final List<Column> SPAN_PAYLOADS = List.of(INPUT, OUTPUT, VARIABLES);

  /** Trace and span statuses. */
  public static final Set<String> STATUSES =
      Set.of("success", "failure", "aborted", "cancelled", "pending", "unknown");

  /** The status that counts as an error in rollups and the {@code hasError} filter. */
  public static final String FAILURE = "failure";

  /** Span types. */
  public static final Set<String> SPAN_TYPES = Set.of("span", "function", "tool", "retrieval",
      "event", "generation", "message", "agent", "system", "embedding", "chain", "reranker",
      "guardrail", "evaluator");

  /** Score sources. */
  public static final Set<String> SCORE_SOURCES = Set.of("feedback", "evaluator", "api", "annotation");

  private Schema() {}
}
