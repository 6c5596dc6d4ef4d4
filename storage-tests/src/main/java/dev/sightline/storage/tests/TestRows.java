package dev.sightline.storage.tests;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sightline.core.model.Column;
import dev.sightline.core.model.Row;
import dev.sightline.core.model.Schema;
import dev.sightline.core.model.Table;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Realistic trace, span and score rows for storage tests: 32-hex trace ids, 16-hex span ids,
 * epoch-microsecond times, chat messages as JSON text. Every builder starts from the row's key
 * only; the typed setters keep values in the Java types {@link Row} requires.
 */
public final class TestRows {
  /** 2024-06-01T00:00:00Z in epoch microseconds: a multiple of a minute, an hour and a day. */
  public static final long T0 = 1_717_200_000_000_000L;
  public static final long MILLI = 1_000L;
  public static final long SECOND = 1_000_000L;
  public static final long MINUTE = 60 * SECOND;

  private static final ObjectMapper JSON = new ObjectMapper();

  private TestRows() {}

  /** A trace id that looks random but is the same for the same {@code n}: 32 lowercase hex. */
  public static String traceId(long n) {
    return String.format("%016x%016x", mix(n), mix(~n));
  }

  /** A span id that looks random but is the same for the same {@code n}: 16 lowercase hex. */
  public static String spanId(long n) {
    return String.format("%016x", mix(n * 31 + 7));
  }

  /** A chat transcript of one message, as OpenAI-style JSON: {@code [{"role":..,"content":..}]}. */
  public static String chat(String role, String content) {
    return json(List.of(messageMap(role, content)));
  }

  /** One chat message as a JSON object: {@code {"role":..,"content":..}}. */
  public static String message(String role, String content) {
    return json(messageMap(role, content));
  }

  /** Any value (maps, lists, strings, numbers) as compact JSON text. */
  public static String json(Object value) {
    try {
      return JSON.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(e);
    }
  }

  public static RowSpec trace(String projectId, String traceId) {
    return new RowSpec(Table.TRACES).set(Schema.PROJECT_ID, projectId).set(Schema.TRACE_ID, traceId);
  }

  public static RowSpec span(String projectId, String traceId, String spanId) {
    return new RowSpec(Table.SPANS).set(Schema.PROJECT_ID, projectId).set(Schema.TRACE_ID, traceId)
        .set(Schema.SPAN_ID, spanId);
  }

  public static RowSpec score(String projectId, String scoreId) {
    return new RowSpec(Table.SCORES).set(Schema.PROJECT_ID, projectId).set(Schema.SCORE_ID, scoreId);
  }

  /**
   * The trace with the rollups the pipeline would compute from these spans: span and error counts,
   * token and cost sums, the distinct models, the first span start and the last span end.
   */
  public static Row rollUp(Row trace, Collection<Row> spans) {
    TreeSet<String> models = new TreeSet<>();
    long errors = 0;
    long input = 0;
    long output = 0;
    long total = 0;
    double cost = 0;
    Long first = null;
    Long last = null;
    long inferred = 0;
    for (Row s : spans) {
      errors += Schema.FAILURE.equals(s.string(Schema.STATUS)) ? 1 : 0;
      input += orZero(s.longValue(Schema.INPUT_TOKENS));
      output += orZero(s.longValue(Schema.OUTPUT_TOKENS));
      total += orZero(s.longValue(Schema.TOTAL_TOKENS));
      cost += s.doubleValue(Schema.COST) == null ? 0 : s.doubleValue(Schema.COST);
      if (s.string(Schema.MODEL) != null) {
        models.add(s.string(Schema.MODEL));
      }
      first = min(first, s.longValue(Schema.START_TIME));
      last = max(last, s.longValue(Schema.END_TIME));
      if (Boolean.TRUE.equals(s.get(Schema.USAGE_INFERRED)) || Boolean.TRUE.equals(s.get(Schema.COST_INFERRED))) {
        inferred++;
      }
    }
    return trace.toBuilder()
        .set(Schema.SPAN_COUNT, (long) spans.size())
        .set(Schema.ERROR_COUNT, errors)
        .set(Schema.INPUT_TOKENS, input)
        .set(Schema.OUTPUT_TOKENS, output)
        .set(Schema.TOTAL_TOKENS, total)
        .set(Schema.COST, cost)
        .set(Schema.MODELS, models.isEmpty() ? null : List.copyOf(models))
        .set(Schema.FIRST_SPAN_START, first)
        .set(Schema.LAST_SPAN_END, last)
        .set(Schema.INFERRED_SPANS, inferred == 0 ? null : inferred)
        .build();
  }

  /** A trace with every column set, including text that needs escaping in JSON and SQL. */
  public static Row fullTrace(String projectId, String traceId, long start) {
    Row trace = trace(projectId, traceId)
        .reference("order-7781").feature("support-chat").name("answer ticket")
        .status("success").set(Schema.STATUS_MESSAGE, "ok")
        .session("sess-2f1c").set(Schema.CONVERSATION_ID, "conv-88")
        .user("user-17", "Zoë O'Brien").set(Schema.USER_EMAIL, "zoe@example.com")
        .organization("org-acme").set(Schema.ORGANIZATION_NAME, "Acme \"Rockets\" Ltd")
        .environment("production").release("2024.06.1")
        .times(start, start + 2_300 * MILLI)
        .input(chat("user", "Where is my order #7781?\nIt's late; café says \"soon\"."))
        .output(message("assistant", "Your order ships today — tracking: ZX-42."))
        .metadata(json(Map.of("channel", "web", "retries", 1)))
        .attributes(json(Map.of("plan", "pro", "seats", 42, "beta", true)))
        .tags("vip", "escalated")
        .set(Schema.EVALUATORS, json(List.of(Map.of("slug", "helpfulness", "sampleRate", 0.5))))
        .set(Schema.EVALUATION_CONFIG, json(Map.of("samplingMode", "trace")))
        .build();
    return rollUp(trace, List.of(fullSpan(projectId, traceId, spanId(1), start + 100 * MILLI)));
  }

  /** A generation span with every column set. */
  public static Row fullSpan(String projectId, String traceId, String spanId, long start) {
    return span(projectId, traceId, spanId)
        .parent(TestRows.spanId(0)).type("generation").name("draft reply")
        .status("success").set(Schema.STATUS_MESSAGE, "")
        .set(Schema.ERROR, json(Map.of("type", "none")))
        .times(start, start + 1_900 * MILLI)
        .set(Schema.COMPLETION_START_TIME, start + 450 * MILLI)
        .input(chat("user", "Where is my order #7781?"))
        .output(message("assistant", "Your order ships today."))
        .metadata(json(Map.of("attempt", 1)))
        .attributes(json(Map.of("gen_ai.system", "openai", "temperature", 0.2)))
        .tags("draft")
        .reference("gen-7781")
        .set(Schema.PROMPT_ID, "prompt-support-v3").set(Schema.DEPLOYMENT_ID, "dep-eu-1")
        .set(Schema.RUN_EVALUATION, Boolean.TRUE)
        .set(Schema.EVALUATORS, json(List.of(Map.of("slug", "toxicity"))))
        .set(Schema.PROVIDER, "openai").model("gpt-4o-mini")
        .set(Schema.MODEL_PARAMETERS, json(Map.of("temperature", 0.2, "max_tokens", 512)))
        .set(Schema.PROMPT, json(Map.of("slug", "support-reply", "version", 3, "tag", "production")))
        .set(Schema.VARIABLES, json(Map.of("order", "7781")))
        .tokens(812, 64)
        .set(Schema.CACHE_READ_TOKENS, 512L).set(Schema.CACHE_WRITE_TOKENS, 0L)
        .set(Schema.REASONING_TOKENS, 12L)
        .cost(0.000_161_4)
        .set(Schema.COST_DETAILS, json(Map.of("input", 0.000_121_8, "output", 0.000_039_6)))
        .set(Schema.USAGE_INFERRED, Boolean.FALSE).set(Schema.COST_INFERRED, Boolean.TRUE)
        .build();
  }

  /** A user-feedback score with every column set. */
  public static Row fullScore(String projectId, String scoreId, String traceId, String spanId, long time) {
    return score(projectId, scoreId).traceOf(traceId).spanOf(spanId).session("sess-2f1c")
        .name("thumbs").value(1.0).label("up").set(Schema.COMMENT, "Quick and \"correct\" 👍")
        .source("feedback").set(Schema.AUTHOR, "user-17").time(time)
        .metadata(json(Map.of("widget", "inline")))
        .build();
  }

  /** SplitMix64: distinct inputs give distinct, well-spread outputs. */
  private static long mix(long n) {
    long z = n + 0x9E3779B97F4A7C15L;
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }

  private static Map<String, Object> messageMap(String role, String content) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("role", role);
    m.put("content", content);
    return m;
  }

  private static long orZero(Long v) {
    return v == null ? 0 : v;
  }

  private static Long min(Long a, Long b) {
    return a == null ? b : b == null ? a : Long.valueOf(Math.min(a, b));
  }

  private static Long max(Long a, Long b) {
    return a == null ? b : b == null ? a : Long.valueOf(Math.max(a, b));
  }

  /**
   * A row under construction with typed setters for the fields tests vary. Setting a column the
   * table lacks fails, as {@link Row.Builder#set} does.
   */
  public static final class RowSpec {
    private final Row.Builder b;

    private RowSpec(Table table) {
      this.b = Row.builder(table);
    }

    /** Sets any column; the value must have the Java type of the column's type. */
    public RowSpec set(Column column, Object value) {
      b.set(column, value);
      return this;
    }

    public RowSpec reference(String v) { return set(Schema.REFERENCE_ID, v); }
    public RowSpec feature(String v) { return set(Schema.FEATURE, v); }
    public RowSpec name(String v) { return set(Schema.NAME, v); }
    public RowSpec type(String v) { return set(Schema.TYPE, v); }
    public RowSpec status(String v) { return set(Schema.STATUS, v); }
    public RowSpec session(String v) { return set(Schema.SESSION_ID, v); }
    public RowSpec organization(String v) { return set(Schema.ORGANIZATION_ID, v); }
    public RowSpec environment(String v) { return set(Schema.ENVIRONMENT, v); }
    public RowSpec release(String v) { return set(Schema.RELEASE, v); }
    public RowSpec parent(String v) { return set(Schema.PARENT_SPAN_ID, v); }
    public RowSpec model(String v) { return set(Schema.MODEL, v); }
    public RowSpec input(String json) { return set(Schema.INPUT, json); }
    public RowSpec output(String json) { return set(Schema.OUTPUT, json); }
    public RowSpec metadata(String json) { return set(Schema.METADATA, json); }
    public RowSpec attributes(String json) { return set(Schema.ATTRIBUTES, json); }
    public RowSpec tags(String... v) { return set(Schema.TAGS, List.of(v)); }
    public RowSpec models(String... v) { return set(Schema.MODELS, List.of(v)); }
    public RowSpec start(Long v) { return set(Schema.START_TIME, v); }
    public RowSpec end(Long v) { return set(Schema.END_TIME, v); }
    public RowSpec cost(Double v) { return set(Schema.COST, v); }
    public RowSpec errorCount(Long v) { return set(Schema.ERROR_COUNT, v); }
    public RowSpec firstSpanStart(Long v) { return set(Schema.FIRST_SPAN_START, v); }
    public RowSpec lastSpanEnd(Long v) { return set(Schema.LAST_SPAN_END, v); }
    public RowSpec traceOf(String v) { return set(Schema.TRACE_ID, v); }
    public RowSpec spanOf(String v) { return set(Schema.SPAN_ID, v); }
    public RowSpec value(Double v) { return set(Schema.VALUE, v); }
    public RowSpec label(String v) { return set(Schema.LABEL, v); }
    public RowSpec source(String v) { return set(Schema.SOURCE, v); }
    public RowSpec time(Long v) { return set(Schema.TIME, v); }

    public RowSpec times(long start, long end) {
      return start(start).end(end);
    }

    public RowSpec user(String id, String name) {
      return set(Schema.USER_ID, id).set(Schema.USER_NAME, name);
    }

    /** Input and output tokens, and their sum as the total. */
    public RowSpec tokens(long input, long output) {
      return set(Schema.INPUT_TOKENS, input).set(Schema.OUTPUT_TOKENS, output)
          .set(Schema.TOTAL_TOKENS, input + output);
    }

    public Row build() {
      return b.build();
    }
  }
}
