package dev.sightline.storage.duckdb;

import static dev.sightline.storage.tests.TestRows.T0;
import static dev.sightline.storage.tests.TestRows.chat;
import static dev.sightline.storage.tests.TestRows.score;
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
import dev.sightline.core.storage.SpanQuery;
import dev.sightline.core.storage.Storage;
import dev.sightline.core.storage.TraceData;
import dev.sightline.core.storage.TraceQuery;
import dev.sightline.core.storage.WriteBatch;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A crash between any two steps of a load batch: the store's files are copied at each step of one
 * batch, as a {@code kill -9} at that moment would leave them (the process's writes are all in the
 * file system by then; only DuckDB's uncommitted transaction dies with it). Each copy must open,
 * hold the batch whole or not at all, and, after the batch is written again as the write-ahead
 * log's replay would, hold every row exactly once with its text searchable and its payload
 * readable; a second recovery changes nothing.
 */
class DuckDbCrashPointsTest {
  private static final String P = "proj";
  private static final List<String> STEPS =
      List.of("begun", "loaded", "checkpointed", "indexed", "synced", "committed", "published");
  private static final Map<String, String> OPTIONS =
      Map.of("memoryLimit", "256MB", "threads", "2", "minFreeDisk", "0");

  @TempDir
  Path tmp;

  @Test
  void aCrashBetweenAnyTwoStepsLosesNothingAndDuplicatesNothing() throws IOException {
    Path live = tmp.resolve("live");
    Map<String, Path> images = new LinkedHashMap<>();
    BatchWriter.Steps copyAtBatch3 = (step, batch) -> {
      if (batch == 3) {
        Path image = tmp.resolve("image-" + step);
        copyTree(live, image);
        images.put(step, image);
      }
    };
    try (Storage s = DuckDbStorage.open(live, OPTIONS, copyAtBatch3)) {
      write(s, batch1(), 1);
      write(s, batch2(), 2);
      write(s, batch3(), 3);
      assertAfterBatch3(s);
    }
    assertThat(images).containsOnlyKeys(STEPS);
    for (String step : STEPS) {
      Path image = images.get(step);
      boolean committed = STEPS.indexOf(step) >= STEPS.indexOf("committed");
      try (Storage s = DuckDbStorage.open(image, OPTIONS)) {
        assertThat(s.appliedPosition()).as(step).isEqualTo(new LogPosition(0, committed ? 3 : 2));
        if (!committed) {
          assertBeforeBatch3(s, step);
          write(s, batch3(), 3); // what the log replays
        }
        assertAfterBatch3(s);
        write(s, batch4(), 4);
      }
      try (Storage s = DuckDbStorage.open(image, OPTIONS)) {
        assertAfterBatch3(s);
        assertThat(spanIdsWith(s, "lemon")).as(step).containsExactly(spanId(41));
      }
    }
  }

  @Test
  void aWriteFailingAtAnyStepIsRetriedAndStoredOnce() {
    for (String failAt : STEPS) {
      Path dir = tmp.resolve("fail-" + failAt);
      boolean[] failed = {false};
      BatchWriter.Steps failOnce = (step, batch) -> {
        if (batch == 3 && step.equals(failAt) && !failed[0]) {
          failed[0] = true;
          throw new IOException("injected failure at " + step);
        }
      };
      try (Storage s = DuckDbStorage.open(dir, OPTIONS, failOnce)) {
        write(s, batch1(), 1);
        write(s, batch2(), 2);
        try {
          write(s, batch3(), 3);
        } catch (RuntimeException e) {
          assertThat(e).as(failAt).hasMessageContaining("injected failure");
        }
        assertThat(failed[0]).as(failAt).isTrue();
        // The pipeline retries the same batch: after a failure before the commit it is stored
        // now; after one past it (committed, then failed), it must not be stored twice.
        write(s, batch3(), 3);
        assertAfterBatch3(s);
        write(s, batch4(), 4);
        assertThat(spanIdsWith(s, "lemon")).as(failAt).containsExactly(spanId(41));
      }
      try (Storage s = DuckDbStorage.open(dir, OPTIONS)) {
        assertAfterBatch3(s);
      }
    }
  }

  @Test
  void leftoversOfABatchThatNeverCommittedAreCutAtOpen() throws IOException {
    Path dir = tmp.resolve("leftovers");
    try (Storage s = DuckDbStorage.open(dir, OPTIONS)) {
      write(s, batch1(), 1);
      write(s, batch2(), 2);
    }
    Path blocks = dir.resolve("blocks/000001.blk");
    long committedBytes = Files.size(blocks);
    Files.write(blocks, new byte[] {1, 2, 3, 4, 5, 6, 7, 8, 9}, java.nio.file.StandardOpenOption.APPEND);
    Path index = dir.resolve("index");
    Files.write(index.resolve(TextIndex.name(3, 3)), new byte[] {'S', 'L', 'X'}); // torn segment
    Files.write(index.resolve(TextIndex.name(1, 2) + ".tmp"), new byte[100]); // unfinished merge
    try (Storage s = DuckDbStorage.open(dir, OPTIONS)) {
      assertThat(Files.size(blocks)).isEqualTo(committedBytes);
      try (Stream<Path> files = Files.list(index)) {
        assertThat(files.map(f -> f.getFileName().toString()))
            .containsExactlyInAnyOrder(TextIndex.name(1, 1), TextIndex.name(2, 2));
      }
      assertBeforeBatch3(s, "leftovers");
      write(s, batch3(), 3);
      assertAfterBatch3(s);
    }
  }

  private static List<Row> batch1() {
    return List.of(
        trace(P, traceId(1)).name("first").start(T0).input(chat("user", "alpha question")).build(),
        span(P, traceId(1), spanId(11)).start(T0 + 1).input(chat("user", "apple")).build(),
        span(P, traceId(1), spanId(12)).start(T0 + 2).output(chat("assistant", "banana")).build());
  }

  private static List<Row> batch2() {
    return List.of(
        trace(P, traceId(2)).name("second").start(T0 + 10).input(chat("user", "bravo")).build(),
        span(P, traceId(2), spanId(21)).start(T0 + 11).input(chat("user", "cherry")).build());
  }

  /** Replaces a span and a trace of batch 1, adds a trace, a span and a score. */
  private static List<Row> batch3() {
    return List.of(
        trace(P, traceId(1)).name("renamed").start(T0).input(chat("user", "alpha question")).build(),
        span(P, traceId(1), spanId(11)).start(T0 + 1).input(chat("user", "grape")).build(),
        trace(P, traceId(3)).name("third").start(T0 + 20).build(),
        span(P, traceId(3), spanId(31)).start(T0 + 21).output(chat("assistant", "kiwi")).build(),
        score(P, "s1").traceOf(traceId(3)).name("helpful").value(1.0).time(T0 + 22).build());
  }

  private static List<Row> batch4() {
    return List.of(
        trace(P, traceId(4)).name("fourth").start(T0 + 30).build(),
        span(P, traceId(4), spanId(41)).start(T0 + 31).input(chat("user", "lemon")).build());
  }

  /** Writes rows as the loader does: replacing the stored rows with their keys. */
  private static void write(Storage s, List<Row> rows, long offset) {
    List<RowKey> keys = rows.stream().map(Row::key).toList();
    s.write(new WriteBatch(rows, s.fetch(keys).keySet(), new LogPosition(0, offset)));
  }

  private static void assertBeforeBatch3(Storage s, String step) {
    assertThat(spanIdsWith(s, "apple")).as(step).containsExactly(spanId(11));
    assertThat(spanIdsWith(s, "grape")).as(step).isEmpty();
    assertThat(s.trace(P, traceId(3))).as(step).isEmpty();
    assertThat(s.trace(P, traceId(1)).orElseThrow().trace().string(Schema.NAME)).isEqualTo("first");
    assertThat(allSpans(s)).as(step).hasSize(3);
  }

  private static void assertAfterBatch3(Storage s) {
    assertThat(spanIdsWith(s, "apple")).isEmpty();
    assertThat(spanIdsWith(s, "grape")).containsExactly(spanId(11));
    assertThat(spanIdsWith(s, "banana")).containsExactly(spanId(12));
    assertThat(spanIdsWith(s, "kiwi")).containsExactly(spanId(31));
    assertThat(traceIdsWith(s, "alpha")).containsExactly(traceId(1));
    assertThat(traceIdsWith(s, "apple")).isEmpty();
    assertThat(traceIdsWith(s, "grape")).containsExactly(traceId(1));
    TraceData one = s.trace(P, traceId(1)).orElseThrow();
    assertThat(one.trace().string(Schema.NAME)).isEqualTo("renamed");
    assertThat(one.spans()).extracting(r -> r.string(Schema.INPUT))
        .containsExactly(chat("user", "grape"), null);
    TraceData three = s.trace(P, traceId(3)).orElseThrow();
    assertThat(three.spans()).hasSize(1);
    assertThat(three.scores()).extracting(r -> r.string(Schema.SCORE_ID)).containsExactly("s1");
    List<String> spans = allSpans(s);
    assertThat(spans).as("every span once").doesNotHaveDuplicates();
    assertThat(spans.size()).isIn(4, 5);
    assertThat(s.traces(new TraceQuery(P, Filter.builder().build(), null, false, 100, null)).items()
        .stream().map(r -> r.string(Schema.TRACE_ID)).toList()).doesNotHaveDuplicates();
  }

  private static List<String> spanIdsWith(Storage s, String word) {
    return s.spans(new SpanQuery(P, Filter.builder().q(word).build(), null, null, false, 100, null))
        .items().stream().map(r -> r.string(Schema.SPAN_ID)).toList();
  }

  private static List<String> traceIdsWith(Storage s, String word) {
    return s.traces(new TraceQuery(P, Filter.builder().q(word).build(), null, false, 100, null))
        .items().stream().map(r -> r.string(Schema.TRACE_ID)).toList();
  }

  private static List<String> allSpans(Storage s) {
    return new ArrayList<>(s.spans(new SpanQuery(P, Filter.builder().build(), null, null, false, 100, null))
        .items().stream().map(r -> r.string(Schema.TRACE_ID) + "/" + r.string(Schema.SPAN_ID)).toList());
  }

  /** Copies the store's files as a crash would leave them (also used by other crash tests). */
  static void copyTree(Path from, Path to) {
    try (Stream<Path> files = Files.walk(from)) {
      for (Path f : files.toList()) {
        Path target = to.resolve(from.relativize(f).toString());
        if (Files.isDirectory(f)) {
          Files.createDirectories(target);
        } else {
          Files.copy(f, target);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
