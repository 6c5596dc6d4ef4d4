package dev.sightline.storage.tests;

import static dev.sightline.storage.tests.StorageTestSupport.assertSummaries;
import static dev.sightline.storage.tests.TestRows.MINUTE;
import static dev.sightline.storage.tests.TestRows.SECOND;
import static dev.sightline.storage.tests.TestRows.T0;
import static dev.sightline.storage.tests.TestRows.span;
import static dev.sightline.storage.tests.TestRows.spanId;
import static dev.sightline.storage.tests.TestRows.trace;
import static dev.sightline.storage.tests.TestRows.traceId;

import dev.sightline.core.model.Column;
import dev.sightline.core.model.Row;
import dev.sightline.core.model.Schema;
import dev.sightline.core.storage.Filter;
import dev.sightline.core.storage.MetricPoint;
import dev.sightline.core.storage.MetricsQuery;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.TreeMap;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * Every metric of every group, of traces and of spans, over a few hundred rows drawn from a seeded
 * random source, against the test's own computation with plain Java: buckets, the groups (a span's
 * trace-level ones through its trace, tags one group each, prompt versions as the test wrote them),
 * counts, errors, successes, mean and percentiles of durations and of times to first token, sums.
 */
public interface GeneratedMetricsContract extends StorageTestSupport {
  /**
   * Prompt JSON a span may carry, each with the group {@code promptVersion} should give it: the slug
   * with a string or whole 64-bit version, else the slug alone; none without a string slug.
   */
  String[][] PROMPTS = {
      {"{\"slug\":\"greet\",\"version\":3}", "greet@3"},
      {"{\"slug\":\"greet\",\"version\":\"v2\",\"tag\":\"production\"}", "greet@v2"},
      {"{\"version\":4,\"slug\":\"greet\"}", "greet@4"},
      {"{\"slug\":\"greet\"}", "greet"},
      {"{\"slug\":\"sum, \\\"quoted\\\"\",\"version\":-2}", "sum, \"quoted\"@-2"},
      {"{\"slug\":\"sum\",\"version\":1.5}", "sum"},
      {"{\"slug\":\"sum\",\"version\":true}", "sum"},
      {"{\"slug\":\"sum\",\"version\":18446744073709551615}", "sum"},
      {"{\"slug\":\"sum\",\"version\":{\"major\":1}}", "sum"},
      {"{\"template\":\"Hello {{name}}\",\"version\":\"1\"}", null},
      {"{\"slug\":7,\"version\":\"1\"}", null},
  };
  String[] TAGS = {"alpha", "beta", "with, comma"};

  @Test
  default void generatedMetricsMatchAnIndependentComputation() {
    Random random = new Random(2024);
    Map<String, Row> traces = new HashMap<>();
    Map<String, String> promptGroups = new HashMap<>();
    List<Row> spans = new ArrayList<>();
    for (int i = 0; i < 150; i++) {
      Row t = randomTrace(random, traceId(i));
      traces.put(traceId(i), t);
    }
    for (int i = 0; i < 450; i++) {
      // One span in fifteen belongs to a trace that was never stored.
      String trace = traceId(random.nextInt(15) == 0 ? 1000 + i : random.nextInt(150));
      String[] prompt = random.nextInt(3) == 0 ? PROMPTS[random.nextInt(PROMPTS.length)] : null;
      Row s = randomSpan(random, trace, spanId(i), prompt == null ? null : prompt[0]);
      promptGroups.put(spanId(i), prompt == null ? null : prompt[1]);
      spans.add(s);
    }
    List<Row> all = new ArrayList<>(traces.values());
    all.addAll(spans);
    write(all);

    long from = T0;
    long to = T0 + 4 * MINUTE;
    List<String> traceGroups = new ArrayList<>(MetricsQuery.GROUPS);
    traceGroups.removeAll(List.of("type", "model", "promptVersion"));
    traceGroups.add(null);
    for (String groupBy : traceGroups) {
      assertSummaries(storage().metrics(new MetricsQuery(P1, false, Filter.NONE, from, to, MINUTE, groupBy)),
          expected(new ArrayList<>(traces.values()), from, to, r -> groups(r, r, groupBy, null))
              .toArray(MetricPoint[]::new));
    }
    List<String> spanGroups = new ArrayList<>(MetricsQuery.GROUPS);
    spanGroups.add(null);
    for (String groupBy : spanGroups) {
      Function<Row, List<String>> groupsOf = s -> groups(s, traces.get(s.string(Schema.TRACE_ID)), groupBy,
          promptGroups.get(s.string(Schema.SPAN_ID)));
      assertSummaries(storage().metrics(new MetricsQuery(P1, true, Filter.NONE, from, to, MINUTE, groupBy)),
          expected(spans, from, to, groupsOf).toArray(MetricPoint[]::new));
    }
  }

  private static Row randomTrace(Random random, String id) {
    long start = T0 - 30 * SECOND + random.nextInt(300) * SECOND + random.nextInt(1000);
    TestRows.RowSpec t = trace(P1, id).feature(pick(random, null, "chat", "search"))
        .organization(pick(random, null, "org-1", "org-2")).release(pick(random, null, "1.0", "1.1"))
        .environment(pick(random, null, "production", "staging")).status(pick(random, null, "success",
            "failure", "pending")).tokens(random.nextInt(500), random.nextInt(50)).cost(random.nextInt(100) / 1e4);
    t.user(pick(random, null, "user-1", "user-2"), null);
    if (random.nextInt(6) == 0) {
      t.firstSpanStart(start);
    } else {
      t.start(start);
    }
    if (random.nextInt(5) != 0) {
      t.end(start + random.nextInt(5_000_000));
    }
    if (random.nextInt(4) == 0) {
      t.errorCount((long) random.nextInt(2));
    }
    tags(random, t);
    return t.build();
  }

  private static Row randomSpan(Random random, String trace, String id, String prompt) {
    long start = T0 - 30 * SECOND + random.nextInt(300) * SECOND + random.nextInt(1000);
    TestRows.RowSpec s = span(P1, trace, id).type(pick(random, "generation", "tool", null))
        .model(pick(random, null, "gpt-4o", "claude")).name(pick(random, "draft", "lookup"))
        .status(pick(random, null, "success", "failure")).start(start).set(Schema.PROMPT, prompt);
    if (random.nextInt(4) != 0) {
      s.end(start + random.nextInt(2_000_000));
    }
    if (random.nextInt(2) == 0) {
      s.set(Schema.COMPLETION_START_TIME, start + random.nextInt(800_000));
    }
    if (random.nextBoolean()) {
      s.tokens(random.nextInt(1000), random.nextInt(100)).cost(random.nextInt(100) / 1e5);
    }
    tags(random, s);
    return s.build();
  }

  /** No tags, an empty list, or up to three drawn with repeats. */
  private static void tags(Random random, TestRows.RowSpec row) {
    int n = random.nextInt(5) - 1;
    if (n >= 0) {
      String[] tags = new String[n];
      for (int i = 0; i < n; i++) {
        tags[i] = TAGS[random.nextInt(TAGS.length)];
      }
      row.tags(tags);
    }
  }

  private static String pick(Random random, String... values) {
    return values[random.nextInt(values.length)];
  }

  // The test's own reading of the contract, written without QuerySemantics.

  /** A row's groups: trace-level ones from {@code trace} (maybe null), the others from the row. */
  private static List<String> groups(Row row, Row trace, String groupBy, String promptGroup) {
    List<String> none = new ArrayList<>();
    none.add(null);
    if (groupBy == null) {
      return none;
    }
    switch (groupBy) {
      case "feature":
        return single(trace == null ? null : trace.string(Schema.FEATURE));
      case "environment":
        return single(trace == null ? null : trace.string(Schema.ENVIRONMENT));
      case "userId":
        return single(trace == null ? null : trace.string(Schema.USER_ID));
      case "organization":
        return single(trace == null ? null : trace.string(Schema.ORGANIZATION_ID));
      case "release":
        return single(trace == null ? null : trace.string(Schema.RELEASE));
      case "tag":
        List<String> tags = row.list(Schema.TAGS);
        return tags == null || tags.isEmpty() ? none : new ArrayList<>(new LinkedHashSet<>(tags));
      case "promptVersion":
        return single(promptGroup);
      case "name":
        return single(row.string(Schema.NAME));
      case "status":
        return single(row.string(Schema.STATUS));
      case "type":
        return single(row.string(Schema.TYPE));
      case "model":
        return single(row.string(Schema.MODEL));
      default:
        throw new AssertionError(groupBy);
    }
  }

  private static List<String> single(String value) {
    List<String> one = new ArrayList<>();
    one.add(value);
    return one;
  }

  private static List<MetricPoint> expected(List<Row> rows, long from, long to,
      Function<Row, List<String>> groupsOf) {
    Map<List<Object>, List<Row>> buckets = new TreeMap<>(Comparator.comparing((List<Object> k) -> (Long) k.get(0))
        .thenComparing(k -> (String) k.get(1), Comparator.nullsFirst(Comparator.naturalOrder())));
    for (Row r : rows) {
      long start = start(r);
      if (start >= from && start < to) {
        for (String group : groupsOf.apply(r)) {
          List<Object> key = new ArrayList<>();
          key.add(Math.floorDiv(start, MINUTE) * MINUTE);
          key.add(group);
          buckets.computeIfAbsent(key, k -> new ArrayList<>()).add(r);
        }
      }
    }
    List<MetricPoint> points = new ArrayList<>();
    buckets.forEach((key, group) -> {
      long[] durations = group.stream().map(GeneratedMetricsContract::duration).filter(Objects::nonNull)
          .mapToLong(Long::longValue).sorted().toArray();
      long[] ttfts = group.stream().filter(r -> r.table().has(Schema.COMPLETION_START_TIME))
          .filter(r -> r.longValue(Schema.COMPLETION_START_TIME) != null)
          .mapToLong(r -> r.longValue(Schema.COMPLETION_START_TIME) - r.longValue(Schema.START_TIME))
          .sorted().toArray();
      points.add(new MetricPoint((Long) key.get(0), (String) key.get(1), group.size(),
          group.stream().filter(GeneratedMetricsContract::failed).count(),
          group.stream().filter(r -> "success".equals(r.string(Schema.STATUS))).count(),
          StorageTestSupport.mean(durations), StorageTestSupport.percentile(durations, 0.5),
          StorageTestSupport.percentile(durations, 0.95), StorageTestSupport.percentile(durations, 0.99),
          StorageTestSupport.percentile(ttfts, 0.5), StorageTestSupport.percentile(ttfts, 0.95),
          StorageTestSupport.percentile(ttfts, 0.99), sum(group, Schema.INPUT_TOKENS),
          sum(group, Schema.OUTPUT_TOKENS), sum(group, Schema.TOTAL_TOKENS),
          group.stream().map(r -> r.doubleValue(Schema.COST)).filter(Objects::nonNull)
              .mapToDouble(Double::doubleValue).sum()));
    });
    return points;
  }

  private static long start(Row r) {
    Long start = r.longValue(Schema.START_TIME);
    return start != null ? start : r.longValue(Schema.FIRST_SPAN_START);
  }

  private static Long duration(Row r) {
    Long end = r.longValue(Schema.END_TIME);
    return end == null ? null : end - start(r);
  }

  private static boolean failed(Row r) {
    Long errors = r.table().has(Schema.ERROR_COUNT) ? r.longValue(Schema.ERROR_COUNT) : null;
    return "failure".equals(r.string(Schema.STATUS)) || errors != null && errors > 0;
  }

  private static long sum(List<Row> rows, Column column) {
    return rows.stream().map(r -> r.longValue(column)).filter(Objects::nonNull).mapToLong(Long::longValue).sum();
  }
}
