package dev.sightline.storage.duckdb;

import static dev.sightline.storage.tests.TestRows.T0;
import static dev.sightline.storage.tests.TestRows.chat;
import static dev.sightline.storage.tests.TestRows.span;
import static dev.sightline.storage.tests.TestRows.spanId;
import static dev.sightline.storage.tests.TestRows.trace;
import static dev.sightline.storage.tests.TestRows.traceId;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sightline.core.model.Row;
import dev.sightline.core.model.RowKey;
import dev.sightline.core.model.Schema;
import dev.sightline.core.storage.DiskReclaim;
import dev.sightline.core.storage.Filter;
import dev.sightline.core.storage.LogPosition;
import dev.sightline.core.storage.Sort;
import dev.sightline.core.storage.Storage;
import dev.sightline.core.storage.TraceDeletion;
import dev.sightline.core.storage.TraceQuery;
import dev.sightline.core.storage.WriteBatch;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The database rewrite after deletions: a deleted trace's column values (name, tags, session and
 * user ids, metadata) stay in DuckDB's file after the deletion and leave it when the rewrite runs;
 * the kept rows, the checkpoint and the marker survive it, a restart, and a crash at each step of
 * the swap (the store's files copied as a {@code kill -9} would leave them).
 */
class DatabaseRewriteTest {
  private static final String P = "proj";
  private static final String MARKER = "forget" + UUID.randomUUID().toString().replace("-", "");
  private static final String KEPT = "keep" + UUID.randomUUID().toString().replace("-", "");
  private static final List<String> STEPS = List.of("rewrite-copied", "rewrite-closed", "rewrite-swapped");

  @TempDir
  Path tmp;

  private static Map<String, String> options(long rewriteDelay) {
    return Map.of("memoryLimit", "256MB", "threads", "2", "minFreeDisk", "0", "compactionDelay", "3600",
        "rewriteDelay", Long.toString(rewriteDelay));
  }

  @Test
  void aDeletedTracesColumnValuesLeaveTheDiskWhenTheDatabaseIsRewritten() throws IOException, SQLException {
    Path dir = tmp.resolve("store");
    try (DuckDbStorage s = DuckDbStorage.open(dir, options(3600))) {
      writeTwoTracesThenDeleteTheFirst(s);
      s.compactNow(); // the payload files are not what keeps them
      assertThat(StoreFiles.holding(dir, MARKER)).as("deleted values stay in DuckDB's blocks").isNotEmpty()
          .allSatisfy(f -> assertThat(f.getFileName().toString()).startsWith(DuckDbStore.DATABASE));
      DiskReclaim before = s.diskReclaim();
      assertThat(before.rewritePendingSinceMicros()).isPositive();
      assertThat(before.lastRewriteMicros()).isNull();

      s.rewriteNow();

      assertThat(StoreFiles.holding(dir, MARKER)).isEmpty();
      assertThat(StoreFiles.indexHolding(dir, MARKER)).isEmpty();
      assertThat(StoreFiles.holding(dir, KEPT)).isNotEmpty();
      assertKeptIntact(s, 1);
      DiskReclaim after = s.diskReclaim();
      assertThat(after.rewritePendingSinceMicros()).isNull();
      assertThat(after.lastRewriteMicros()).isGreaterThanOrEqualTo(before.rewritePendingSinceMicros());
      assertThat(after.rewrittenBytes()).isEqualTo(Files.size(dir.resolve(DuckDbStore.DATABASE)));
      write(s, 3, trace(P, traceId(3)).name("after").start(T0 + 20).build());
    }
    try (DuckDbStorage s = DuckDbStorage.open(dir, options(3600))) {
      assertThat(s.appliedPosition()).isEqualTo(new LogPosition(0, 3));
      assertKeptIntact(s, 2);
      assertThat(s.diskReclaim().rewritePendingSinceMicros()).isNull();
    }
    assertThat(StoreFiles.holding(dir, MARKER)).isEmpty();
    try (Connection c = DriverManager.getConnection("jdbc:duckdb:" + dir.resolve(DuckDbStore.DATABASE));
        Statement st = c.createStatement();
        ResultSet rs = st.executeQuery("SELECT index_name FROM duckdb_indexes()")) {
      assertThat(rs.next() ? rs.getString(1) : null).as("the copy keeps the indexes").isEqualTo("scores_by_trace");
      assertThat(Migrations.current(c)).isEqualTo(Migrations.latest());
    }
  }

  @Test
  void aRewriteOwedBeforeARestartRunsAfterIt() throws Exception {
    Path dir = tmp.resolve("store");
    long since;
    try (DuckDbStorage s = DuckDbStorage.open(dir, options(3600))) {
      writeTwoTracesThenDeleteTheFirst(s);
      since = s.diskReclaim().rewritePendingSinceMicros();
    }
    try (DuckDbStorage s = DuckDbStorage.open(dir, options(3600))) {
      assertThat(s.diskReclaim().rewritePendingSinceMicros()).as("kept in the database").isEqualTo(since);
    }
    try (DuckDbStorage s = DuckDbStorage.open(dir, options(0))) {
      long deadline = System.nanoTime() + 30_000_000_000L;
      while (s.diskReclaim().rewritePendingSinceMicros() != null && System.nanoTime() < deadline) {
        Thread.sleep(20);
      }
      assertThat(s.diskReclaim().lastRewriteMicros()).isNotNull();
      assertThat(StoreFiles.holding(dir, MARKER)).isEmpty();
      assertKeptIntact(s, 1);
    }
  }

  @Test
  void aCrashAtAnyStepOfTheSwapLosesNothingAndDuplicatesNothing() throws IOException {
    Path live = tmp.resolve("live");
    Map<String, Path> images = new LinkedHashMap<>();
    BatchWriter.Steps copyAtRewrite = StoreFiles.imagesAt("rewrite-", live, tmp, images);
    try (DuckDbStorage s = DuckDbStorage.open(live, options(3600), copyAtRewrite)) {
      writeTwoTracesThenDeleteTheFirst(s);
      s.rewriteNow();
    }
    assertThat(images).containsOnlyKeys(STEPS);
    Path torn = tmp.resolve("image-torn");
    DuckDbCrashPointsTest.copyTree(images.get("rewrite-copied"), torn);
    Path copy = DatabaseRewrite.copyOf(torn.resolve(DuckDbStore.DATABASE));
    Files.write(copy, java.util.Arrays.copyOf(Files.readAllBytes(copy), (int) Files.size(copy) / 2));
    Files.writeString(DatabaseRewrite.walOf(copy), "torn");
    images.put("torn copy", torn);

    for (Map.Entry<String, Path> image : images.entrySet()) {
      boolean swapped = image.getKey().equals("rewrite-swapped");
      try (DuckDbStorage s = DuckDbStorage.open(image.getValue(), options(3600))) {
        assertThat(s.appliedPosition()).as(image.getKey()).isEqualTo(new LogPosition(0, 2));
        assertThat(DatabaseRewrite.copyOf(image.getValue().resolve(DuckDbStore.DATABASE))).doesNotExist();
        assertKeptIntact(s, 1);
        assertThat(s.diskReclaim().rewritePendingSinceMicros()).as(image.getKey()).matches(p -> (p == null) == swapped);
        s.rewriteNow(); // what the rewriter does after the restart
        write(s, 3, trace(P, traceId(3)).name("after").start(T0 + 20).build());
      }
      try (DuckDbStorage s = DuckDbStorage.open(image.getValue(), options(3600))) {
        assertKeptIntact(s, 2);
      }
      assertThat(StoreFiles.holding(image.getValue(), MARKER)).as(image.getKey()).isEmpty();
    }
  }

  @Test
  void queriesKeepAnsweringWhileTheDatabaseIsSwapped() throws Exception {
    try (DuckDbStorage s = DuckDbStorage.open(tmp.resolve("store"), options(3600))) {
      writeTwoTracesThenDeleteTheFirst(s);
      AtomicBoolean done = new AtomicBoolean();
      AtomicInteger answered = new AtomicInteger();
      AtomicReference<Throwable> failure = new AtomicReference<>();
      Thread reader = new Thread(() -> {
        while (!done.get()) {
          try {
            assertKeptIntact(s, 1);
            answered.incrementAndGet();
          } catch (Throwable e) {
            failure.compareAndSet(null, e);
          }
        }
      });
      reader.start();
      for (int i = 0; i < 5; i++) {
        s.rewriteNow();
      }
      done.set(true);
      reader.join();
      assertThat(failure.get()).isNull();
      assertThat(answered.get()).isPositive();
    }
  }

  @Test
  void aBadRewriteDelayFailsNamingTheOption() {
    for (String bad : List.of("-1", "soon")) {
      Map<String, String> options = new HashMap<>(options(0));
      options.put("rewriteDelay", bad);
      assertThatThrownBy(() -> DuckDbStorage.open(tmp.resolve("store-" + bad), options))
          .hasMessageContaining("rewriteDelay");
    }
  }

  private static void writeTwoTracesThenDeleteTheFirst(Storage s) {
    write(s, 1,
        trace(P, traceId(1)).name("doomed " + MARKER).session("s-" + MARKER).tags(MARKER)
            .set(Schema.USER_ID, "u-" + MARKER).metadata("{\"note\":\"" + MARKER + "\"}").start(T0).build(),
        span(P, traceId(1), spanId(11)).name("step " + MARKER).start(T0 + 1).build(),
        trace(P, traceId(2)).name("kept " + KEPT).tags(KEPT).start(T0 + 10).input(chat("user", "hello")).build(),
        span(P, traceId(2), spanId(21)).name("step " + KEPT).start(T0 + 11).build());
    s.write(new WriteBatch(List.of(), Set.of(), List.of(new TraceDeletion(P, Set.of(traceId(1)))),
        new LogPosition(0, 2)));
  }

  private static void write(Storage s, long offset, Row... rows) {
    List<RowKey> keys = List.of(rows).stream().map(Row::key).toList();
    s.write(new WriteBatch(List.of(rows), s.fetch(keys).keySet(), new LogPosition(0, offset)));
  }

  /** The kept trace reads whole, and the listing holds {@code traces} traces, none twice. */
  private static void assertKeptIntact(Storage s, int traces) {
    assertThat(s.trace(P, traceId(1), true)).isEmpty();
    var kept = s.trace(P, traceId(2), true).orElseThrow();
    assertThat(kept.trace().string(Schema.NAME)).isEqualTo("kept " + KEPT);
    assertThat(kept.trace().string(Schema.INPUT)).contains("hello");
    assertThat(kept.spans()).singleElement()
        .satisfies(span -> assertThat(span.string(Schema.NAME)).isEqualTo("step " + KEPT));
    assertThat(s.traces(new TraceQuery(P, Filter.builder().build(), Sort.START_TIME, false, 10, null)).items())
        .hasSize(traces).doesNotHaveDuplicates();
  }
}
