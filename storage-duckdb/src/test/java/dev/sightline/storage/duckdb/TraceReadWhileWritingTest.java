package dev.sightline.storage.duckdb;

import static dev.sightline.storage.tests.TestRows.T0;
import static dev.sightline.storage.tests.TestRows.rollUp;
import static dev.sightline.storage.tests.TestRows.span;
import static dev.sightline.storage.tests.TestRows.spanId;
import static dev.sightline.storage.tests.TestRows.trace;
import static dev.sightline.storage.tests.TestRows.traceId;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sightline.core.model.Row;
import dev.sightline.core.model.RowKey;
import dev.sightline.core.model.Schema;
import dev.sightline.core.storage.LogPosition;
import dev.sightline.core.storage.TraceData;
import dev.sightline.core.storage.WriteBatch;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A trace read runs its statements on several connections at once, each at its own committed
 * state; what it returns must still be one state of the trace, never a trace row of one batch with
 * the spans of another, while batches keep replacing it.
 */
class TraceReadWhileWritingTest {
  private static final String P = "p";
  private static final int BATCHES = 60;

  @TempDir Path tmp;

  @Test
  void everyReadDuringWritesIsOneBatchsStateOfTheTrace() throws Exception {
    String id = traceId(7);
    try (DuckDbStorage s = DuckDbStorage.open(tmp.resolve("store"), Map.of("minFreeDisk", "0"))) {
      AtomicBoolean writing = new AtomicBoolean(true);
      ExecutorService readers = Executors.newFixedThreadPool(3);
      List<Future<Integer>> reads = new ArrayList<>();
      for (int r = 0; r < 3; r++) {
        reads.add(readers.submit(() -> {
          int consistent = 0;
          while (writing.get()) {
            Optional<TraceData> read = s.trace(P, id, true);
            if (read.isPresent()) {
              TraceData t = read.get();
              int spans = t.spans().size();
              assertThat(t.trace().longValue(Schema.SPAN_COUNT)).isEqualTo((long) spans);
              assertThat(t.trace().string(Schema.NAME)).isEqualTo("batch-" + spans);
              assertThat(t.spans()).allSatisfy(sp -> assertThat(sp.string(Schema.NAME)).isEqualTo("v" + spans));
              consistent++;
            }
          }
          return consistent;
        }));
      }
      try {
        for (int b = 1; b <= BATCHES; b++) {
          // Batch b renames every span and adds one, and rolls the trace row up again.
          List<Row> spans = new ArrayList<>();
          for (int n = 1; n <= b; n++) {
            spans.add(span(P, id, spanId(n)).name("v" + b).start(T0 + n).build());
          }
          Row traceRow = rollUp(trace(P, id).name("batch-" + b).start(T0).build(), spans);
          List<Row> rows = new ArrayList<>(spans);
          rows.add(traceRow);
          List<RowKey> keys = rows.stream().map(Row::key).toList();
          s.write(new WriteBatch(rows, s.fetch(keys).keySet(), new LogPosition(0, b)));
        }
      } finally {
        writing.set(false);
      }
      int total = 0;
      for (Future<Integer> read : reads) {
        total += read.get();
      }
      readers.shutdown();
      assertThat(total).as("reads that saw the trace").isPositive();
      TraceData last = s.trace(P, id, true).orElseThrow();
      assertThat(last.spans()).hasSize(BATCHES);
      assertThat(last.trace().string(Schema.NAME)).isEqualTo("batch-" + BATCHES);
    }
  }
}
