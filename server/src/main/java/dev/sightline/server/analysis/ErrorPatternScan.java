package dev.sightline.server.analysis;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sightline.core.model.Row;
import dev.sightline.core.model.Schema;
import dev.sightline.core.model.Table;
import dev.sightline.core.storage.Cursor;
import dev.sightline.core.storage.Filter;
import dev.sightline.core.storage.Page;
import dev.sightline.core.storage.QuerySemantics;
import dev.sightline.core.storage.SpanQuery;
import dev.sightline.core.storage.Sort;
import dev.sightline.core.storage.StorageReader;
import dev.sightline.core.storage.TraceQuery;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.function.Function;

/**
 * Groups a project's failures in a time range by message pattern ({@link MessageShape}): traces
 * and spans with status {@code failure}, their message being {@code statusMessage}, else the
 * {@code error} JSON's {@code message} (or the error itself). Both are read oldest first in pages
 * of {@value #PAGE}, merged by start time; a failed span takes its trace's feature from the traces
 * with errors read alongside (a bounded map of the most recent {@value #FEATURES_KEPT}), so memory
 * stays bounded however many failures the range holds. Thread-safe (each call has its own state).
 */
final class ErrorPatternScan {
  static final int PAGE = 1000;
  static final int MAX_PATTERNS = 1000;
  static final int FEATURES_KEPT = 50_000;
  /** Spans may start a little before their trace (clocks of two services): traces are read this far ahead. */
  static final long SKEW_MICROS = 60_000_000L;
  /** The pattern of a failure without a message. */
  static final String NO_MESSAGE = "(no message)";
  private static final ObjectMapper JSON = new ObjectMapper();

  private final StorageReader storage;

  ErrorPatternScan(StorageReader storage) {
    this.storage = storage;
  }

  /**
   * @param filter the range and conditions, as for trace and span listings; its {@code status}
   *     and {@code hasError} must be unset (this sets them)
   */
  List<PatternTally.Pattern> scan(String project, Filter filter) {
    if (filter.status() != null || filter.hasError() != null) {
      throw new IllegalArgumentException((filter.status() != null ? "status" : "hasError")
          + ": not taken here; error patterns are made of failures only");
    }
    Filter traceFilter = with(filter, null, true);
    Filter spanFilter = with(filter, Schema.FAILURE, null);
    Iterator<Row> traces = rows(c -> storage.traces(new TraceQuery(project, traceFilter, Sort.START_TIME, true, PAGE, c)));
    Iterator<Row> spans = rows(c -> storage.spans(new SpanQuery(project, spanFilter, null, Sort.START_TIME, true, PAGE, c)));
    Map<String, String> featureOfTrace = new LinkedHashMap<>(1024, 0.75f, true) {
      @Override
      protected boolean removeEldestEntry(Map.Entry<String, String> eldest) {
        return size() > FEATURES_KEPT;
      }
    };
    PatternTally tally = new PatternTally(MAX_PATTERNS);
    Row trace = next(traces);
    while (spans.hasNext()) {
      Row span = spans.next();
      long start = start(span);
      while (trace != null && start(trace) <= start + SKEW_MICROS) {
        add(tally, trace, trace.string(Schema.FEATURE), featureOfTrace);
        trace = next(traces);
      }
      add(tally, span, featureOfTrace.get(span.string(Schema.TRACE_ID)), null);
    }
    for (; trace != null; trace = next(traces)) {
      add(tally, trace, trace.string(Schema.FEATURE), featureOfTrace);
    }
    return tally.patterns();
  }

  /** Counts the row if it failed itself; a trace is also remembered for its spans' feature. */
  private static void add(PatternTally tally, Row row, String feature, Map<String, String> featureOfTrace) {
    String traceId = row.string(Schema.TRACE_ID);
    if (featureOfTrace != null && feature != null) {
      featureOfTrace.put(traceId, feature);
    }
    if (Schema.FAILURE.equals(row.string(Schema.STATUS))) {
      String message = message(row);
      tally.add(message.isEmpty() ? NO_MESSAGE : MessageShape.of(message), start(row), feature, traceId, message);
    }
  }

  /** The row's error message: statusMessage, else the error's message; empty if neither. */
  static String message(Row row) {
    String status = row.string(Schema.STATUS_MESSAGE);
    if (status != null && !status.isBlank()) {
      return status.strip();
    }
    String error = row.table() == Table.SPANS ? row.string(Schema.ERROR) : null;
    if (error == null) {
      return "";
    }
    try {
      JsonNode node = JSON.readTree(error);
      JsonNode text = node.isObject() ? node.path("message") : node;
      return text.isTextual() ? text.asText().strip() : node.isNull() ? "" : error;
    } catch (JsonProcessingException e) {
      return error;
    }
  }

  private static long start(Row row) {
    Long start = QuerySemantics.start(row);
    return start == null ? 0 : start;
  }

  private static Filter with(Filter f, String status, Boolean hasError) {
    return f.toBuilder().status(status).hasError(hasError).build();
  }

  private static Row next(Iterator<Row> rows) {
    return rows.hasNext() ? rows.next() : null;
  }

  /** Every row of a listing, page after page. */
  private static Iterator<Row> rows(Function<Cursor, Page<Row>> pages) {
    return new Iterator<>() {
      private Iterator<Row> page = List.<Row>of().iterator();
      private String cursor;
      private boolean last;

      @Override
      public boolean hasNext() {
        while (!page.hasNext() && !last) {
          Page<Row> p = pages.apply(cursor == null ? null : Cursor.decode(cursor));
          page = p.items().iterator();
          cursor = p.nextCursor();
          last = cursor == null;
        }
        return page.hasNext();
      }

      @Override
      public Row next() {
        if (!hasNext()) {
          throw new NoSuchElementException();
        }
        return page.next();
      }
    };
  }
}
