package dev.sightline.storage.duckdb;

import static dev.sightline.storage.tests.TestRows.chat;
import static dev.sightline.storage.tests.TestRows.span;
import static dev.sightline.storage.tests.TestRows.spanId;
import static dev.sightline.storage.tests.TestRows.trace;
import static dev.sightline.storage.tests.TestRows.traceId;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sightline.core.model.EvaluatorScores;
import dev.sightline.core.model.EvaluatorVerdict;
import dev.sightline.core.model.Row;
import dev.sightline.core.storage.Filter;
import dev.sightline.core.storage.LogPosition;
import dev.sightline.core.storage.Page;
import dev.sightline.core.storage.SpanVerdicts;
import dev.sightline.core.storage.Storage;
import dev.sightline.core.storage.StorageProvider;
import dev.sightline.core.storage.TraceQuery;
import dev.sightline.core.storage.WriteBatch;
import dev.sightline.storage.tests.TestRows;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the contract cannot see: files on disk, migrations, and the search index catching up. */
class DuckDbLifecycleTest {
  private static final String P = "proj";

  @TempDir
  Path dataDir;

  @Test
  void theProviderIsFoundByNameAndKeepsItsFilesUnderDuckdb() {
    StorageProvider provider = ServiceLoader.load(StorageProvider.class).stream()
        .map(ServiceLoader.Provider::get).filter(p -> p.name().equals("duckdb")).findFirst().orElseThrow();
    provider.open(dataDir, Map.of()).close();
    assertThat(dataDir.resolve("duckdb/sightline.duckdb")).isRegularFile();
    assertThat(dataDir.resolve("duckdb/index")).isDirectory();
    assertThat(dataDir.resolve("duckdb/blocks")).isDirectory();
  }

  @Test
  void reopeningKeepsRowsAndTheCheckpoint() {
    Row t = trace(P, traceId(1)).name("kept").start(10L).build();
    try (Storage s = open()) {
      s.write(new WriteBatch(List.of(t), Set.of(), new LogPosition(7, 4242)));
    }
    try (Storage s = open()) {
      assertThat(s.appliedPosition()).isEqualTo(new LogPosition(7, 4242));
      assertThat(s.fetch(List.of(t.key()))).containsEntry(t.key(), t);
    }
  }

  @Test
  void traceReadsAfterReopeningFindTheScoresOfTheirProjects() {
    // Project P has a score row, project Q a score packed into its span's row: a store knows which
    // projects have scores from its tables at open, not only from the batches it wrote.
    Row span = span(P, traceId(1), spanId(1)).start(10L).build();
    Row score = TestRows.score(P, "s-1").traceOf(traceId(1)).spanOf(spanId(1)).name("thumbs").value(1.0)
        .source("feedback").time(20L).build();
    Row judged = span("q", traceId(2), spanId(1)).type("generation").times(10L, 30L).build();
    EvaluatorVerdict verdict = new EvaluatorVerdict("pii", 1, 0.0, "none", "no email",
        EvaluatorScores.METADATA_PREFIX + "1,\"kind\":\"pii\"}");
    try (Storage s = open()) {
      s.write(new WriteBatch(List.of(span, TestRows.rollUp(trace(P, traceId(1)).start(10L).build(), List.of(span)),
          score, judged, TestRows.rollUp(trace("q", traceId(2)).start(10L).build(), List.of(judged))), Set.of(),
          List.of(), new LogPosition(1, 1), List.of(new SpanVerdicts(judged, List.of(verdict)))));
    }
    try (Storage s = open()) {
      assertThat(s.trace(P, traceId(1)).orElseThrow().scores()).containsExactly(score);
      assertThat(s.trace("q", traceId(2)).orElseThrow().scores()).containsExactly(EvaluatorScores.row(judged, verdict));
      assertThat(s.scoresOfTraces("q", List.of(traceId(2)))).containsExactly(EvaluatorScores.row(judged, verdict));
      assertThat(s.trace("other", traceId(1))).isEmpty();
    }
  }

  @Test
  void theSchemaVersionIsRecorded() throws SQLException {
    open().close();
    try (Connection c = DriverManager.getConnection("jdbc:duckdb:" + dataDir.resolve("duckdb/sightline.duckdb"));
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT max(version), count(*) FROM schema_version")) {
      rs.next();
      assertThat(rs.getInt(1)).isEqualTo(Migrations.latest());
      assertThat(rs.getInt(2)).isEqualTo(Migrations.latest());
    }
    // Reopening applies nothing twice.
    open().close();
  }

  @Test
  void aDeletedSearchIndexIsRebuiltFromDuckDb() throws IOException {
    try (Storage s = open()) {
      write(s, 1, "alpha", new LogPosition(0, 1));
      write(s, 2, "beta", new LogPosition(0, 2));
      // Replaces span 1 of trace 1: its old word must not come back with the rebuild.
      write(s, 1, "gamma", new LogPosition(0, 3));
    }
    deleteTree(dataDir.resolve("duckdb/index"));
    try (Storage s = open()) {
      assertThat(search(s, "alpha")).isEmpty();
      assertThat(search(s, "gamma")).containsExactly(traceId(1));
      assertThat(search(s, "beta")).containsExactly(traceId(2));
      assertThat(s.trace(P, traceId(1))).isPresent();
    }
  }

  @Test
  void aReplacedSpanIsFoundByItsNewTextOnlyAcrossMerges() {
    try (Storage s = open()) {
      for (int i = 1; i <= 40; i++) {
        write(s, i, "first" + i, new LogPosition(0, i));
      }
      for (int i = 1; i <= 40; i++) {
        write(s, i, "second" + i, new LogPosition(0, 40 + i));
      }
    }
    try (Storage s = open()) {
      for (int i = 1; i <= 40; i++) {
        assertThat(search(s, "first" + i)).as("first%d", i).isEmpty();
        assertThat(search(s, "second" + i)).as("second%d", i).containsExactly(traceId(i));
      }
    }
  }

  @Test
  void aRowRewrittenWithTheSameTextsKeepsItsPayloadAndDocument() throws IOException {
    Path blocks = dataDir.resolve("duckdb/blocks/000001.blk");
    Row t = trace(P, traceId(1)).name("first").start(1000L).input(chat("user", "alpha")).build();
    try (Storage s = open()) {
      s.write(new WriteBatch(List.of(t), Set.of(), new LogPosition(0, 1)));
      long size = Files.size(blocks);
      for (int i = 2; i <= 5; i++) {
        // A rollup or name change: same input and output, so no new payload and no new document.
        Row renamed = t.toBuilder().set(dev.sightline.core.model.Schema.NAME, "name" + i).build();
        s.write(new WriteBatch(List.of(renamed), s.fetch(List.of(t.key())).keySet(), new LogPosition(0, i)));
      }
      assertThat(Files.size(blocks)).isEqualTo(size);
      assertThat(search(s, "alpha")).containsExactly(traceId(1));
      Row changed = t.toBuilder().set(dev.sightline.core.model.Schema.INPUT, chat("user", "beta")).build();
      s.write(new WriteBatch(List.of(changed), s.fetch(List.of(t.key())).keySet(), new LogPosition(0, 6)));
      assertThat(Files.size(blocks)).isGreaterThan(size);
      assertThat(search(s, "alpha")).isEmpty();
      assertThat(search(s, "beta")).containsExactly(traceId(1));
      assertThat(s.fetch(List.of(t.key()))).containsEntry(t.key(), changed);
    }
  }

  private Storage open() {
    return new DuckDbStorageProvider().open(dataDir, Map.of("memoryLimit", "256MB", "threads", "2"));
  }

  /** Writes trace n with one span whose input is the word, replacing what is stored. */
  private static void write(Storage s, int n, String word, LogPosition position) {
    Row t = trace(P, traceId(n)).start(n * 1000L).build();
    Row sp = span(P, traceId(n), spanId(n)).start(n * 1000L).input(chat("user", word)).build();
    s.write(new WriteBatch(List.of(t, sp), s.fetch(List.of(t.key(), sp.key())).keySet(), position));
  }

  private static List<String> search(Storage s, String q) {
    Page<Row> page = s.traces(new TraceQuery(P, Filter.builder().q(q).build(), null, false, 100, null));
    return page.items().stream().map(r -> r.string(dev.sightline.core.model.Schema.TRACE_ID)).toList();
  }

  private static void copyTree(Path from, Path to) throws IOException {
    Files.createDirectories(to);
    try (Stream<Path> files = Files.list(from)) {
      for (Path f : files.toList()) {
        Files.copy(f, to.resolve(f.getFileName()));
      }
    }
  }

  private static void deleteTree(Path dir) throws IOException {
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path f : files.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(f);
      }
    }
  }
}
