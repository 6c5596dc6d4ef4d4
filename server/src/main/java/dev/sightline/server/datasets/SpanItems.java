package dev.sightline.server.datasets;

import dev.sightline.core.model.Row;
import dev.sightline.core.model.Schema;
import dev.sightline.core.storage.Filter;
import dev.sightline.core.storage.StorageReader;
import dev.sightline.core.storage.TraceData;
import dev.sightline.server.query.RetentionWindow;
import dev.sightline.server.query.TraceStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Dataset items copied from stored spans: a span's (or a trace's) input becomes the item's input,
 * its output the expected output, and the item keeps the trace and span ids. Only what the query
 * API would answer is copied (the retention window applies). Thread-safe.
 */
final class SpanItems {
  /** The most generations one {@code from-traces} call adds. */
  static final int MAX_GENERATIONS = 10_000;
  /** The most bytes of input and expected output one {@code from-traces} call holds before adding. */
  static final long MAX_GENERATION_BYTES = 64L << 20;

  private final StorageReader storage;
  private final RetentionWindow window;
  private final TraceStream traces;

  SpanItems(StorageReader storage, RetentionWindow window) {
    this.storage = storage;
    this.window = window;
    this.traces = new TraceStream(storage, window);
  }

  /**
   * The item of a stored span, or of a trace when the reference has no span id; empty if it is not
   * stored or is outside the retention window.
   *
   * @throws IllegalArgumentException if its input or output is larger than an item's
   */
  Optional<DatasetItem> of(String project, ItemRequests.SpanRef ref, String at) {
    Optional<Row> row = ref.spanId() == null
        ? storage.trace(project, ref.traceId(), false).map(TraceData::trace)
        : storage.span(project, ref.traceId(), ref.spanId());
    return row.filter(r -> !window.expired(project, r)).map(r -> {
      String input = r.string(Schema.INPUT);
      String output = r.string(Schema.OUTPUT);
      Bodies.bounded(input == null ? "" : input, at + "fromSpan: the span's input", ItemRequests.MAX_PAYLOAD_BYTES);
      Bodies.bounded(output == null ? "" : output, at + "fromSpan: the span's output",
          ItemRequests.MAX_PAYLOAD_BYTES);
      return item(r, ref.spanId());
    });
  }

  /**
   * What {@code from-traces} adds: the generations of the traces that match, oldest trace first,
   * those larger than an item may be left out and counted.
   */
  record Generations(List<DatasetItem> items, int traces, int skipped) {}

  /**
   * The generations of every trace that matches the filter.
   *
   * @param filter the trace-list filter, already clamped to the retention window
   * @throws IllegalArgumentException if more than {@link #MAX_GENERATIONS} generations, or more
   *     than {@link #MAX_GENERATION_BYTES}, match
   */
  Generations generations(String project, Filter filter) {
    List<DatasetItem> items = new ArrayList<>();
    int[] counts = new int[2]; // traces, skipped
    long[] bytes = new long[1];
    try {
      traces.forEach(project, filter, trace -> {
        counts[0]++;
        for (Row span : trace.spans()) {
          if (!"generation".equals(span.string(Schema.TYPE))) {
            continue;
          }
          long input = Bodies.utf8Length(span.string(Schema.INPUT));
          long output = Bodies.utf8Length(span.string(Schema.OUTPUT));
          if (input > ItemRequests.MAX_PAYLOAD_BYTES || output > ItemRequests.MAX_PAYLOAD_BYTES) {
            counts[1]++;
            continue;
          }
          bytes[0] += input + output;
          if (items.size() == MAX_GENERATIONS || bytes[0] > MAX_GENERATION_BYTES) {
            throw new IllegalArgumentException("filter: matches more than " + MAX_GENERATIONS
                + " generations or " + MAX_GENERATION_BYTES + " bytes of them, the most one call adds; nothing"
                + " was added: narrow it (from, to, feature, ...)");
          }
          items.add(item(span, span.string(Schema.SPAN_ID)));
        }
      });
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return new Generations(items, counts[0], counts[1]);
  }

  private static DatasetItem item(Row r, String spanId) {
    return new DatasetItem("-", r.string(Schema.INPUT), r.string(Schema.OUTPUT), null, r.string(Schema.TRACE_ID),
        spanId, 0, false);
  }
}
