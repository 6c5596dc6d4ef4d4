package dev.sightline.server.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sightline.core.model.Row;
import dev.sightline.core.model.Schema;
import dev.sightline.core.model.Table;
import dev.sightline.core.storage.Filter;
import dev.sightline.core.storage.LogPosition;
import dev.sightline.core.storage.StorageReader;
import dev.sightline.core.storage.TraceData;
import dev.sightline.core.storage.WriteBatch;
import dev.sightline.core.storage.memory.InMemoryStorage;
import dev.sightline.server.governance.SettingsStore;
import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Pages read ahead on other threads still reach the sink whole and in order; failures reach the caller. */
class TraceStreamTest {
  private static final int TRACES = TraceStream.PAGE * (TraceStream.AHEAD + 3) + 17;
  private final InMemoryStorage storage = new InMemoryStorage();
  private final List<String> expected = new ArrayList<>();
  private RetentionWindow window;

  @BeforeEach
  void store(@TempDir Path dir) throws IOException {
    window = new RetentionWindow(SettingsStore.open(dir), Clock.systemUTC());
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < TRACES; i++) {
      String id = String.format("%032x", i + 1);
      long start = 1_000_000L + (i * 7919L) % TRACES; // stored out of start order
      rows.add(Row.builder(Table.TRACES).set(Schema.PROJECT_ID, "p").set(Schema.TRACE_ID, id)
          .set(Schema.START_TIME, start).build());
      rows.add(Row.builder(Table.SPANS).set(Schema.PROJECT_ID, "p").set(Schema.TRACE_ID, id)
          .set(Schema.SPAN_ID, String.format("%016x", i + 1)).set(Schema.START_TIME, start).build());
      expected.add(start + "/" + id);
    }
    Collections.shuffle(rows, new Random(3));
    storage.write(new WriteBatch(rows, Set.of(), new LogPosition(0, 1)));
    Collections.sort(expected);
  }

  @Test
  void handsEveryTraceWithItsSpansOldestFirst() throws IOException {
    List<String> seen = new ArrayList<>();
    new TraceStream(storage, window).forEach("p", Filter.NONE, trace -> {
      assertThat(trace.spans()).hasSize(1);
      seen.add(trace.trace().longValue(Schema.START_TIME) + "/" + trace.trace().string(Schema.TRACE_ID));
    });
    assertThat(seen).isEqualTo(expected);
  }

  @Test
  void aFailureOfTheSinkStopsTheStreamAndReachesTheCaller() {
    List<TraceData> seen = new ArrayList<>();
    assertThatThrownBy(() -> new TraceStream(storage, window).forEach("p", Filter.NONE, trace -> {
      if (seen.size() == TraceStream.PAGE + 3) {
        throw new IOException("client gone");
      }
      seen.add(trace);
    })).isInstanceOf(IOException.class).hasMessage("client gone");
    assertThat(seen).hasSize(TraceStream.PAGE + 3);
  }

  @Test
  void aFailedReadReachesTheCallerAfterThePagesBeforeIt() {
    String third = expected.get(2 * TraceStream.PAGE).split("/")[1]; // the first trace of the third page
    StorageReader failing = (StorageReader) Proxy.newProxyInstance(getClass().getClassLoader(),
        new Class<?>[] {StorageReader.class}, (proxy, method, args) -> {
          if (method.getName().equals("traces") && args.length == 2 && ((List<?>) args[1]).contains(third)) {
            throw new IllegalStateException("disk gone");
          }
          try {
            return method.invoke(storage, args);
          } catch (InvocationTargetException e) {
            throw e.getCause();
          }
        });
    List<TraceData> seen = new ArrayList<>();
    assertThatThrownBy(() -> new TraceStream(failing, window).forEach("p", Filter.NONE, seen::add))
        .isInstanceOf(IllegalStateException.class).hasMessage("disk gone");
    assertThat(seen).hasSize(2 * TraceStream.PAGE);
  }
}
