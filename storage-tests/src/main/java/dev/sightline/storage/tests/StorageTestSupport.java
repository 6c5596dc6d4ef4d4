package dev.sightline.storage.tests;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sightline.core.model.Column;
import dev.sightline.core.model.Row;
import dev.sightline.core.model.RowKey;
import dev.sightline.core.model.Schema;
import dev.sightline.core.storage.Cursor;
import dev.sightline.core.storage.Filter;
import dev.sightline.core.storage.GroupSummary;
import dev.sightline.core.storage.LogPosition;
import dev.sightline.core.storage.MetricPoint;
import dev.sightline.core.storage.Page;
import dev.sightline.core.storage.Sort;
import dev.sightline.core.storage.SpanQuery;
import dev.sightline.core.storage.Storage;
import dev.sightline.core.storage.TraceQuery;
import dev.sightline.core.storage.SpanVerdicts;
import dev.sightline.core.storage.WriteBatch;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;
import org.assertj.core.api.recursive.comparison.RecursiveComparisonConfiguration;

/**
 * What every area of the storage contract builds on: the storage under test (a fresh one per test,
 * provided by {@link StorageContractTest}), writing rows the way the pipeline does, and reading
 * whole listings page by page.
 */
public interface StorageTestSupport {
  /** Two tenants; tests give them identical ids to prove that no read crosses them. */
  String P1 = "proj-acme";
  String P2 = "proj-globex";

  /** The storage under test, fresh and empty at the start of each test. */
  Storage storage();

  /** Closes the storage under test and opens a new one on the same directory. */
  void reopen();

  /** Whether a store reopened on the same directory still has what was written before. */
  boolean keepsDataAcrossRestarts();

  /**
   * Writes the rows as one batch, as the pipeline's loader does: {@code replaced} names the keys
   * already stored, and the log position moves one step past the applied one.
   *
   * @return the position of the batch
   */
  default LogPosition write(List<Row> rows) {
    Set<RowKey> keys = rows.stream().map(Row::key).collect(Collectors.toSet());
    Set<RowKey> replaced = storage().fetch(keys).keySet();
    LogPosition applied = storage().appliedPosition();
    LogPosition next = new LogPosition(applied.segment(), applied.offset() + 1);
    storage().write(new WriteBatch(rows, replaced, next));
    return next;
  }

  default LogPosition write(Row... rows) {
    return write(Arrays.asList(rows));
  }

  /**
   * Writes the rows with evaluator verdicts on their new spans, as the loader does: as {@link
   * WriteBatch#verdicts} to a store that {@link dev.sightline.core.storage.StorageWriter#packsVerdicts
   * packs them}, else as the score rows they stand for.
   */
  default LogPosition write(List<Row> rows, List<SpanVerdicts> verdicts) {
    if (!storage().packsVerdicts()) {
      List<Row> all = new ArrayList<>(rows);
      all.addAll(SpanVerdicts.scoreRows(verdicts));
      return write(all);
    }
    Set<RowKey> replaced = storage().fetch(rows.stream().map(Row::key).collect(Collectors.toSet())).keySet();
    LogPosition applied = storage().appliedPosition();
    LogPosition next = new LogPosition(applied.segment(), applied.offset() + 1);
    storage().write(new WriteBatch(rows, replaced, List.of(), next, verdicts));
    return next;
  }

  /** A filter built in one expression: {@code where(f -> f.feature("chat"))}. */
  default Filter where(UnaryOperator<Filter.Builder> conditions) {
    return conditions.apply(Filter.builder()).build();
  }

  /**
   * Every item of a listing, read page after page from the cursor of the one before. Checks that
   * no page exceeds the limit, that only the last page, which has no cursor, may be short, and that
   * a cursor always leads to more items.
   */
  default <T> List<T> walk(int limit, Function<Cursor, Page<T>> pageAfter) {
    List<T> all = new ArrayList<>();
    Cursor after = null;
    for (int pages = 1; ; pages++) {
      Page<T> page = pageAfter.apply(after);
      if (after != null) {
        assertThat(page.items()).as("page %d, after a cursor", pages).isNotEmpty();
      }
      all.addAll(page.items());
      if (page.nextCursor() == null) {
        assertThat(page.items()).as("last page").hasSizeLessThanOrEqualTo(limit);
        return all;
      }
      assertThat(page.items()).as("page %d, which has a next cursor", pages).hasSize(limit);
      assertThat(pages).as("pages walked").isLessThan(10_000);
      after = Cursor.decode(page.nextCursor());
    }
  }

  default List<Row> allTraces(String projectId, Filter filter, Sort sort, boolean ascending, int limit) {
    return walk(limit, after ->
        storage().traces(new TraceQuery(projectId, filter, sort, ascending, limit, after)));
  }

  default List<Row> allSpans(String projectId, Filter filter, String type, Sort sort, boolean ascending,
      int limit) {
    return walk(limit, after ->
        storage().spans(new SpanQuery(projectId, filter, type, sort, ascending, limit, after)));
  }

  /** The ids of the project's traces that match, newest first. */
  default List<String> traceIds(String projectId, Filter filter) {
    return ids(allTraces(projectId, filter, Sort.START_TIME, false, 1000), Schema.TRACE_ID);
  }

  default List<String> traceIds(Filter filter) {
    return traceIds(P1, filter);
  }

  /** The ids of the project's spans of this type (null: any) that match, latest start first. */
  default List<String> spanIds(String projectId, Filter filter, String type) {
    return ids(allSpans(projectId, filter, type, Sort.START_TIME, false, 1000), Schema.SPAN_ID);
  }

  default List<String> spanIds(Filter filter) {
    return spanIds(P1, filter, null);
  }

  /**
   * Checks records such as {@link GroupSummary} and {@link MetricPoint} field by field, in order,
   * with sums of US dollars compared within 1e-9.
   */
  @SafeVarargs
  static <T> void assertSummaries(List<T> actual, T... expected) {
    RecursiveComparisonConfiguration costTolerance = RecursiveComparisonConfiguration.builder()
        .withComparatorForType((a, b) -> Math.abs(a - b) <= 1e-9 ? 0 : Double.compare(a, b), Double.class)
        .build();
    assertThat(actual).usingRecursiveFieldByFieldElementComparator(costTolerance).containsExactly(expected);
  }

  static List<String> ids(List<Row> rows, Column idColumn) {
    return rows.stream().map(r -> r.string(idColumn)).collect(Collectors.toList());
  }

  /**
   * The percentile {@link MetricPoint} defines, computed here apart from every store: interpolated
   * between the closest ranks of the sorted values, rounded; null of none.
   */
  static Long percentile(long[] sorted, double p) {
    if (sorted.length == 0) {
      return null;
    }
    double position = p * (sorted.length - 1);
    int below = (int) position;
    if (below == sorted.length - 1) {
      return sorted[below];
    }
    double weight = position - below;
    return Math.round(sorted[below] * (1 - weight) + sorted[below + 1] * weight);
  }

  /**
   * The mean {@link MetricPoint#avg} defines, computed here apart from every store: exact, rounded
   * to the nearest whole number with halves up; null of none. For non-negative values only.
   */
  static Long mean(long[] values) {
    if (values.length == 0) {
      return null;
    }
    BigDecimal sum = Arrays.stream(values).mapToObj(BigDecimal::valueOf).reduce(BigDecimal.ZERO, BigDecimal::add);
    return sum.divide(BigDecimal.valueOf(values.length), 0, RoundingMode.HALF_UP).longValueExact();
  }
}
