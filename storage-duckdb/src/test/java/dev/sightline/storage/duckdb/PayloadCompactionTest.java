package dev.sightline.storage.duckdb;

import static dev.sightline.storage.tests.TestRows.T0;
import static dev.sightline.storage.tests.TestRows.chat;
import static dev.sightline.storage.tests.TestRows.score;
import static dev.sightline.storage.tests.TestRows.span;
import static dev.sightline.storage.tests.TestRows.spanId;
import static dev.sightline.storage.tests.TestRows.trace;
import static dev.sightline.storage.tests.TestRows.traceId;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.luben.zstd.Zstd;
import dev.sightline.core.model.Row;
import dev.sightline.core.model.RowKey;
import dev.sightline.core.model.Schema;
import dev.sightline.core.storage.LogPosition;
import dev.sightline.core.storage.Storage;
import dev.sightline.core.storage.TraceData;
import dev.sightline.core.storage.TraceDeletion;
import dev.sightline.core.storage.WriteBatch;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Payload compaction: a deleted trace's texts (its scores' comments too) leave every payload block,
 * the surviving rows keep theirs, and a crash between any two steps of a compaction (the store's files copied as a
 * {@code kill -9} would leave them) loses nothing and leaves no file behind once compaction runs
 * again.
 */
class PayloadCompactionTest {
  private static final String P = "proj";
  private static final List<String> STEPS = List.of("compaction-rolled", "compaction-copied",
      "compaction-repointed", "compaction-synced", "compaction-committed", "compaction-retired");
  private static final Map<String, String> OPTIONS =
      Map.of("memoryLimit", "256MB", "threads", "2", "minFreeDisk", "0", "compactionDelay", "3600");
  private static final String MARKER = "forget-" + UUID.randomUUID().toString().replace("-", "");

  @TempDir
  Path tmp;

  @Test
  void aDeletedTracesTextsLeaveTheDiskAndTheOthersStayReadable() throws IOException {
    Path dir = tmp.resolve("store");
    try (DuckDbStorage s = DuckDbStorage.open(dir, OPTIONS)) {
      writeTwoTracesThenDeleteTheFirst(s);
      assertThat(blockTexts(dir)).contains(MARKER); // the deletion alone leaves it in its block
      s.compactNow();
      assertSurvivorsIntact(s);
      assertThat(s.compactor().copiedBytes()).isPositive();
      assertThat(s.compactor().lastRunMicros()).isPositive();
      assertThat(s.diskReclaim().copiedBytes()).isEqualTo(s.compactor().copiedBytes());
      assertThat(s.diskReclaim().lastRunMicros()).isEqualTo(s.compactor().lastRunMicros());
    }
    assertThat(blockTexts(dir)).doesNotContain(MARKER).contains("kept-text");
    assertThat(StoreFiles.holding(dir, MARKER)).isEmpty();
    try (DuckDbStorage s = DuckDbStorage.open(dir, OPTIONS)) {
      assertSurvivorsIntact(s);
    }
  }

  @Test
  void aDeletedTracesWordsLeaveTheIndexFilesSoonAfterTheDeletion() throws Exception {
    Path dir = tmp.resolve("store");
    String word = MARKER.substring("forget-".length());
    try (DuckDbStorage s = DuckDbStorage.open(dir, OPTIONS)) {
      writeTwoTracesThenDeleteTheFirst(s, () -> {
        try {
          assertThat(StoreFiles.indexHolding(dir, word)).as("the index keeps words as they are").isNotEmpty();
        } catch (IOException e) {
          throw new java.io.UncheckedIOException(e);
        }
      });
      long deadline = System.nanoTime() + 10_000_000_000L;
      while (!StoreFiles.indexHolding(dir, word).isEmpty() && System.nanoTime() < deadline) {
        Thread.sleep(20);
      }
      assertThat(StoreFiles.indexHolding(dir, word)).as("no compaction ran: compactionDelay is an hour").isEmpty();
      assertThat(StoreFiles.indexHolding(dir, "kept")).isNotEmpty();
      assertSurvivorsIntact(s);
    }
    try (DuckDbStorage s = DuckDbStorage.open(dir, OPTIONS)) {
      assertSurvivorsIntact(s);
      assertThat(s.traces(new dev.sightline.core.storage.TraceQuery(P, dev.sightline.core.storage.Filter.builder()
          .q("kept-text").build(), dev.sightline.core.storage.Sort.START_TIME, false, 10, null)).items()).hasSize(1);
    }
  }

  @Test
  void aCrashBetweenAnyTwoCompactionStepsLosesNothingAndLeavesNothingBehind() throws IOException {
    Path live = tmp.resolve("live");
    Map<String, Path> images = new LinkedHashMap<>();
    BatchWriter.Steps copyAtCompaction = StoreFiles.imagesAt("compaction-", live, tmp, images);
    try (DuckDbStorage s = DuckDbStorage.open(live, OPTIONS, copyAtCompaction)) {
      writeTwoTracesThenDeleteTheFirst(s);
      s.compactNow();
    }
    assertThat(images).containsOnlyKeys(STEPS);
    for (String step : STEPS) {
      Path image = images.get(step);
      try (DuckDbStorage s = DuckDbStorage.open(image, OPTIONS)) {
        assertThat(s.appliedPosition()).as(step).isEqualTo(new LogPosition(0, 2));
        assertSurvivorsIntact(s);
        s.compactNow(); // what the background compaction does after a restart
        assertSurvivorsIntact(s);
      }
      assertThat(blockTexts(image)).as(step).doesNotContain(MARKER).contains("kept-text");
      try (Stream<Path> blocks = Files.list(image.resolve("blocks"))) {
        assertThat(blocks.map(f -> f.getFileName().toString()).sorted().toList()).as(step)
            .containsExactly("000002.blk", "000002.idx");
      }
      try (DuckDbStorage s = DuckDbStorage.open(image, OPTIONS)) {
        assertSurvivorsIntact(s);
      }
    }
  }

  private static void writeTwoTracesThenDeleteTheFirst(Storage s) {
    writeTwoTracesThenDeleteTheFirst(s, () -> { });
  }

  /** @param beforeDeletion runs between the write and the deletion */
  private static void writeTwoTracesThenDeleteTheFirst(Storage s, Runnable beforeDeletion) {
    List<Row> rows = List.of(
        trace(P, traceId(1)).name("doomed").start(T0).input(chat("user", "secret " + MARKER)).build(),
        span(P, traceId(1), spanId(11)).start(T0 + 1).output(chat("assistant", "echo " + MARKER)).build(),
        trace(P, traceId(2)).name("kept").start(T0 + 10).input(chat("user", "kept-text")).build(),
        span(P, traceId(2), spanId(21)).start(T0 + 11).output(chat("assistant", "kept-answer")).build(),
        score(P, "doomed-score").traceOf(traceId(1)).name("judged").value(1.0).time(T0 + 2)
            .set(Schema.COMMENT, "because " + MARKER).build(),
        score(P, "kept-score").traceOf(traceId(2)).spanOf(spanId(21)).name("judged").value(0.0).time(T0 + 12)
            .set(Schema.COMMENT, "kept-comment").metadata("{\"kind\":\"length\"}").build());
    List<RowKey> keys = rows.stream().map(Row::key).toList();
    s.write(new WriteBatch(rows, s.fetch(keys).keySet(), new LogPosition(0, 1)));
    beforeDeletion.run();
    s.write(new WriteBatch(List.of(), Set.of(), List.of(new TraceDeletion(P, Set.of(traceId(1)))),
        new LogPosition(0, 2)));
  }

  private static void assertSurvivorsIntact(Storage s) {
    assertThat(s.trace(P, traceId(1), true)).isEmpty();
    TraceData kept = s.trace(P, traceId(2), true).orElseThrow();
    assertThat(kept.trace().string(Schema.INPUT)).contains("kept-text");
    assertThat(kept.spans()).singleElement()
        .satisfies(span -> assertThat(span.string(Schema.OUTPUT)).contains("kept-answer"));
    assertThat(kept.scores()).singleElement().satisfies(score -> {
      assertThat(score.string(Schema.COMMENT)).isEqualTo("kept-comment");
      assertThat(score.string(Schema.METADATA)).isEqualTo("{\"kind\":\"length\"}");
    });
  }

  /** Every payload block of every file under {@code blocks/}, decompressed, as one text. */
  private static String blockTexts(Path store) throws IOException {
    StringBuilder out = new StringBuilder();
    try (Stream<Path> files = Files.list(store.resolve("blocks"))) {
      for (Path blk : files.filter(f -> f.toString().endsWith(".blk")).sorted().toList()) {
        byte[] all = Files.readAllBytes(blk);
        ByteBuffer in = ByteBuffer.wrap(all).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        for (int at = 0; at < all.length; ) {
          int compressed = in.getInt(at);
          int raw = in.getInt(at + 4);
          byte[] bytes = new byte[raw];
          Zstd.decompressByteArray(bytes, 0, raw, all, at + PayloadStore.HEADER, compressed);
          out.append(new String(bytes, StandardCharsets.UTF_8));
          at += PayloadStore.HEADER + compressed;
        }
      }
    }
    return out.toString();
  }
}
