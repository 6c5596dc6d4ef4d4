package dev.sightline.storage.duckdb;

import static dev.sightline.storage.tests.TestRows.T0;
import static dev.sightline.storage.tests.TestRows.chat;
import static dev.sightline.storage.tests.TestRows.span;
import static dev.sightline.storage.tests.TestRows.spanId;
import static dev.sightline.storage.tests.TestRows.trace;
import static dev.sightline.storage.tests.TestRows.traceId;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sightline.core.model.Row;
import dev.sightline.core.model.RowKey;
import dev.sightline.core.model.Schema;
import dev.sightline.core.storage.Filter;
import dev.sightline.core.storage.LogPosition;
import dev.sightline.core.storage.Page;
import dev.sightline.core.storage.SpanQuery;
import dev.sightline.core.storage.Storage;
import dev.sightline.core.storage.TraceQuery;
import dev.sightline.core.storage.WriteBatch;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The full-text index at a size where it matters: thousands of spans over many load batches, so
 * that segments merge in the background, found by a word in one span (collected whole) and by a
 * word in every span (walked in listing order), before and after a restart, with spans replaced by
 * later versions found by their new text only.
 */
class DuckDbTextIndexTest {
  private static final String P = "proj";
  private static final int TRACES = 600;
  private static final int SPANS = 5;
  private static final int BATCHES = 30;

  @TempDir
  Path dir;

  @Test
  void rareAndCommonWordsAcrossMergedSegmentsAndReplacedSpans() throws IOException {
    Map<String, String> options = Map.of("memoryLimit", "256MB", "threads", "2", "textCollectLimit", "100");
    try (Storage s = new DuckDbStorageProvider().open(dir, options)) {
      long offset = 0;
      int perBatch = TRACES / BATCHES;
      for (int b = 0; b < BATCHES; b++) {
        List<Row> rows = new ArrayList<>();
        for (int t = b * perBatch; t < (b + 1) * perBatch; t++) {
          rows.add(trace(P, traceId(t)).start(T0 + t * 1000L).build());
          for (int i = 0; i < SPANS; i++) {
            String text = "common filler" + (t % 7) + (t == 123 && i == 2 ? " needle" : "") + " w" + t + "x" + i;
            rows.add(span(P, traceId(t), spanId(t * 10L + i)).start(T0 + t * 1000L + i)
                .input(chat("user", text)).build());
          }
        }
        write(s, rows, ++offset);
      }
      // Replace span 0 of every tenth trace: its old unique word must no longer be found.
      List<Row> replaced = new ArrayList<>();
      for (int t = 0; t < TRACES; t += 10) {
        replaced.add(span(P, traceId(t), spanId(t * 10L)).start(T0 + t * 1000L)
            .input(chat("user", "common renewed r" + t)).build());
      }
      write(s, replaced, ++offset);
      assertSearches(s);
    }
    try (Stream<Path> segments = Files.list(dir.resolve("duckdb/index"))) {
      assertThat(segments.count()).as("segments merged").isLessThan(BATCHES);
    }
    try (Storage s = new DuckDbStorageProvider().open(dir, Map.of("textCollectLimit", "100"))) {
      assertSearches(s);
    }
  }

  private static void assertSearches(Storage s) {
    assertThat(spans(s, "needle")).containsExactly(traceId(123) + "/" + spanId(1232));
    assertThat(traces(s, "needle")).containsExactly(traceId(123));
    // A word of every span: walked newest first, a full first page, every trace once.
    List<String> newest = traces(s, "common");
    assertThat(newest).hasSize(50).doesNotHaveDuplicates().startsWith(traceId(TRACES - 1));
    assertThat(spans(s, "common")).hasSize(50).doesNotHaveDuplicates();
    // Common words together, in different spans of the trace for traces, one span for spans.
    assertThat(traces(s, "filler3 w3x4")).containsExactly(traceId(3));
    assertThat(spans(s, "filler3 w3x4")).containsExactly(traceId(3) + "/" + spanId(34));
    assertThat(spans(s, "w3x4 w3x3")).isEmpty();
    assertThat(traces(s, "w3x4 w3x3")).containsExactly(traceId(3));
    for (int t = 0; t < TRACES; t += 10) {
      assertThat(spans(s, "w" + t + "x0")).as("old text of a replaced span").isEmpty();
      assertThat(spans(s, "r" + t)).as("new text").containsExactly(traceId(t) + "/" + spanId(t * 10L));
      assertThat(traces(s, "w" + t + "x1")).containsExactly(traceId(t));
    }
    assertThat(traces(s, "renewed")).hasSize(50);
  }

  private static void write(Storage s, List<Row> rows, long offset) {
    List<RowKey> keys = rows.stream().map(Row::key).toList();
    s.write(new WriteBatch(rows, s.fetch(keys).keySet(), new LogPosition(0, offset)));
  }

  private static List<String> traces(Storage s, String q) {
    Page<Row> page = s.traces(new TraceQuery(P, Filter.builder().q(q).build(), null, false, 50, null));
    return page.items().stream().map(r -> r.string(Schema.TRACE_ID)).toList();
  }

  private static List<String> spans(Storage s, String q) {
    Page<Row> page = s.spans(new SpanQuery(P, Filter.builder().q(q).build(), null, null, false, 50, null));
    return page.items().stream().map(r -> r.string(Schema.TRACE_ID) + "/" + r.string(Schema.SPAN_ID)).toList();
  }
}
