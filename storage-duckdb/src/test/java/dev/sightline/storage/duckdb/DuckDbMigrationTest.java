package dev.sightline.storage.duckdb;

import static dev.sightline.storage.tests.TestRows.chat;
import static dev.sightline.storage.tests.TestRows.fullScore;
import static dev.sightline.storage.tests.TestRows.score;
import static dev.sightline.storage.tests.TestRows.spanId;
import static dev.sightline.storage.tests.TestRows.traceId;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sightline.core.model.Row;
import dev.sightline.core.model.Column;
import dev.sightline.core.model.Schema;
import dev.sightline.core.model.Table;
import dev.sightline.core.storage.Filter;
import dev.sightline.core.storage.ScoreQuery;
import dev.sightline.core.storage.Storage;
import dev.sightline.core.storage.TraceData;
import dev.sightline.core.storage.TraceQuery;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Stores of older schema versions open in the current layout with every value as it was: one of
 * version 4 (ids as text, every field a column, the texts of rows from before payload blocks in
 * their columns) with its texts searchable through the rebuilt index; one of version 8 (scores'
 * trace and span ids as text) with its scores found by trace, span and key.
 */
class DuckDbMigrationTest {
  private static final String P = "proj";

  @TempDir
  Path dir;

  @Test
  void aVersion4StoreKeepsEveryValue() throws Exception {
    Path db = dir.resolve("duckdb/sightline.duckdb");
    Files.createDirectories(db.getParent());
    String parent = spanId(1);
    try (Connection c = DriverManager.getConnection("jdbc:duckdb:" + db)) {
      Migrations.apply(c, 4);
      try (Statement s = c.createStatement()) {
        s.execute("UPDATE checkpoint SET batch = 1, next_seq = 3");
        s.execute("INSERT INTO traces (project_id, trace_id, name, start_time, input, status_message,"
            + " conversation_id, span_count, _batch, _start, _seq) VALUES ('" + P + "', '" + traceId(1)
            + "', 'legacy', 1000, '" + chat("user", "ancient question") + "', 'it went fine', 'conv-1', 1, 1,"
            + " 1000, 1)");
      }
      try (PreparedStatement p = c.prepareStatement("INSERT INTO spans (project_id, trace_id, span_id,"
          + " parent_span_id, type, name, start_time, output, provider, cache_read_tokens, run_evaluation,"
          + " model_parameters, _batch, _start, _seq) VALUES (?, ?, ?, ?, 'generation', 'answer', 1001, ?,"
          + " 'openai', 42, true, ?, 1, 1001, 2)")) {
        p.setString(1, P);
        p.setString(2, traceId(1));
        p.setString(3, "ffffffffffffffff");
        p.setString(4, parent);
        p.setString(5, chat("assistant", "venerable answer"));
        p.setString(6, "{\"temperature\":0.2}");
        p.executeUpdate();
      }
    }
    try (Storage s = new DuckDbStorageProvider().open(dir, Map.of("minFreeDisk", "0"))) {
      TraceData trace = s.trace(P, traceId(1)).orElseThrow();
      Row t = trace.trace();
      assertThat(t.string(Schema.NAME)).isEqualTo("legacy");
      assertThat(t.string(Schema.INPUT)).isEqualTo(chat("user", "ancient question"));
      assertThat(t.string(Schema.STATUS_MESSAGE)).isEqualTo("it went fine");
      assertThat(t.string(Schema.CONVERSATION_ID)).isEqualTo("conv-1");
      assertThat(trace.spans()).hasSize(1);
      Row span = trace.spans().get(0);
      assertThat(span.string(Schema.SPAN_ID)).isEqualTo("ffffffffffffffff");
      assertThat(span.string(Schema.PARENT_SPAN_ID)).isEqualTo(parent);
      assertThat(span.string(Schema.OUTPUT)).isEqualTo(chat("assistant", "venerable answer"));
      assertThat(span.string(Schema.PROVIDER)).isEqualTo("openai");
      assertThat(span.longValue(Schema.CACHE_READ_TOKENS)).isEqualTo(42L);
      assertThat(span.get(Schema.RUN_EVALUATION)).isEqualTo(true);
      assertThat(span.string(Schema.MODEL_PARAMETERS)).isEqualTo("{\"temperature\":0.2}");
      assertThat(s.fetch(List.of(span.key()))).containsEntry(span.key(), span);
      for (String word : List.of("ancient", "venerable")) {
        assertThat(s.traces(new TraceQuery(P, Filter.builder().q(word).build(), null, false, 10, null))
            .items()).extracting(r -> r.string(Schema.TRACE_ID)).as(word).containsExactly(traceId(1));
      }
    }
  }

  @Test
  void aVersion8StoreKeepsItsScores() throws Exception {
    Path db = dir.resolve("duckdb/sightline.duckdb");
    Files.createDirectories(db.getParent());
    Row ofSpan = fullScore(P, "score-1", traceId(1), spanId(1), 1000);
    Row ofTrace = score(P, "score-2").traceOf(traceId(2)).name("thumbs").value(0.0).source("feedback")
        .time(2000L).build();
    try (Connection c = DriverManager.getConnection("jdbc:duckdb:" + db)) {
      Migrations.apply(c, 8);
      c.createStatement().execute("UPDATE checkpoint SET batch = 1");
      List<Column> columns = Table.SCORES.columns();
      try (PreparedStatement p = c.prepareStatement("INSERT INTO scores (" + String.join(", ",
          columns.stream().map(Column::sqlName).toList()) + ", _batch, _start) VALUES ("
          + String.join(", ", Collections.nCopies(columns.size() + 2, "?")) + ")")) {
        for (Row row : List.of(ofSpan, ofTrace)) {
          int i = 1;
          for (Column column : columns) {
            p.setObject(i++, row.get(column));
          }
          p.setLong(i++, 1);
          p.setLong(i, row.longValue(Schema.TIME));
          p.executeUpdate();
        }
      }
    }
    try (Storage s = new DuckDbStorageProvider().open(dir, Map.of("minFreeDisk", "0"))) {
      assertThat(s.scoresOfTraces(P, List.of(traceId(1), traceId(2), "not-a-trace-id")))
          .containsExactly(ofSpan, ofTrace);
      assertThat(s.scores(new ScoreQuery(P, null, spanId(1), null, null, null, null, null, 10, null)).items())
          .containsExactly(ofSpan);
      assertThat(s.scores(new ScoreQuery(P, traceId(2), null, null, null, null, null, null, 10, null)).items())
          .containsExactly(ofTrace);
      assertThat(s.scores(new ScoreQuery(P, "not-a-trace-id", null, null, null, null, null, null, 10, null))
          .items()).isEmpty();
      assertThat(s.fetch(List.of(ofSpan.key()))).containsEntry(ofSpan.key(), ofSpan);
    }
    try (Connection c = DriverManager.getConnection("jdbc:duckdb:" + db);
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT (SELECT count(*) FROM duckdb_indexes() WHERE index_name ="
            + " 'scores_by_trace'), (SELECT data_type FROM duckdb_columns() WHERE table_name = 'scores'"
            + " AND column_name = 'trace_id')")) {
      assertThat(Migrations.current(c)).isEqualTo(Migrations.latest());
      rs.next();
      assertThat(rs.getInt(1)).as("the index by trace comes back").isEqualTo(1);
      assertThat(rs.getString(2)).isEqualTo("UUID");
    }
  }
}
