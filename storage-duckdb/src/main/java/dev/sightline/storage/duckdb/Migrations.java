package dev.sightline.storage.duckdb;

import dev.sightline.core.model.Column;
import dev.sightline.core.model.Schema;
import dev.sightline.core.model.Table;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.StringJoiner;

/**
 * Creates and upgrades the DuckDB schema. {@code schema_version} records every applied version;
 * on open, the versions above the recorded one run in order, each in its own transaction.
 *
 * <p>The big tables have no PRIMARY KEY on purpose: DuckDB's constraint checks reject deleting and
 * re-inserting a key in one transaction, which is exactly how a batch replaces rows; uniqueness is
 * the writer's job. The one index is a plain (non-unique) ART index on the scores' trace id
 * (version 7): scores are read by trace, and their trace ids are in no useful order.
 */
final class Migrations {
  /** Version n is {@code STEPS.get(n - 1)}. */
  private static final List<Step> STEPS =
      List.of(Migrations::createTables, Migrations::addPayloads, Migrations::addStart,
          Migrations::addSequences, Migrations::narrowRows, Migrations::addPayloadPurge,
          Migrations::indexScoresByTrace, Migrations::addRewritePending, Migrations::narrowScores,
          Migrations::packVerdicts);

  private Migrations() {}

  /** The schema version this code writes. */
  static int latest() {
    return STEPS.size();
  }

  /** Brings the database to {@link #latest()}; returns the version it found. */
  static int apply(Connection connection) throws SQLException {
    return apply(connection, latest());
  }

  /** Brings the database to a version (tests build stores of older versions with it). */
  static int apply(Connection connection, int target) throws SQLException {
    try (Statement s = connection.createStatement()) {
      s.execute("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL, "
          + "applied_at TIMESTAMP NOT NULL DEFAULT current_timestamp)");
    }
    int found = current(connection);
    if (found > latest()) {
      throw new IllegalStateException("the DuckDB store has schema version " + found
          + ", newer than this server's " + latest() + ": upgrade the server");
    }
    boolean autoCommit = connection.getAutoCommit();
    connection.setAutoCommit(false);
    try (Statement s = connection.createStatement()) {
      for (int version = found + 1; version <= target; version++) {
        STEPS.get(version - 1).apply(s);
        s.execute("INSERT INTO schema_version (version) VALUES (" + version + ")");
        connection.commit();
      }
    } catch (SQLException | RuntimeException e) {
      connection.rollback();
      throw e;
    } finally {
      connection.setAutoCommit(autoCommit);
    }
    return found;
  }

  static int current(Connection connection) throws SQLException {
    try (Statement s = connection.createStatement();
        ResultSet rs = s.executeQuery("SELECT coalesce(max(version), 0) FROM schema_version")) {
      rs.next();
      return rs.getInt(1);
    }
  }

  /**
   * Version 1: one table per {@link Table}, generated from its columns, plus the hidden
   * {@link RowMapping#BATCH_COLUMN}; and the single-row {@code checkpoint} holding the write-ahead
   * log position (segment, byte offset) and the number of the last applied batch.
   */
  private static void createTables(Statement s) throws SQLException {
    for (Table table : Table.all()) {
      StringJoiner columns = new StringJoiner(", ");
      for (Column c : table.columns()) {
        columns.add(c.sqlName() + " " + RowMapping.plainType(c));
      }
      s.execute("CREATE TABLE " + table.sqlName() + " (" + columns + ", " + RowMapping.BATCH_COLUMN
          + " BIGINT NOT NULL)");
    }
    s.execute("CREATE TABLE checkpoint (segment BIGINT NOT NULL, log_offset BIGINT NOT NULL, "
        + "batch BIGINT NOT NULL)");
    s.execute("INSERT INTO checkpoint VALUES (0, 0, 0)");
  }

  /**
   * Version 2: the hidden payload reference columns ({@link RowMapping#PAYLOAD}); rows stored before
   * keep their texts in the table's own columns.
   */
  private static void addPayloads(Statement s) throws SQLException {
    for (Table table : Table.all()) {
      s.execute("ALTER TABLE " + table.sqlName() + " ADD COLUMN " + RowMapping.PAYLOAD + " BIGINT");
      s.execute("ALTER TABLE " + table.sqlName() + " ADD COLUMN " + RowMapping.PAYLOAD_LENGTH + " INTEGER");
    }
  }

  /** Version 3: the hidden sort column {@link RowMapping#START}, filled in for the stored rows. */
  private static void addStart(Statement s) throws SQLException {
    for (Table table : Table.all()) {
      s.execute("ALTER TABLE " + table.sqlName() + " ADD COLUMN " + RowMapping.START + " BIGINT");
      s.execute("UPDATE " + table.sqlName() + " r SET " + RowMapping.START + " = coalesce("
          + FilterSql.start(table) + ", 0)");
    }
  }

  /**
   * Version 4: the write path of compressed payload blocks and the bitmap full-text index. Every
   * table gets the row version's {@link RowMapping#SEQ sequence number} (numbered here for the rows
   * stored so far, traces first) and the payload's {@link RowMapping#PAYLOAD_AT offset in its block}
   * (NULL for the rows stored so far: their payloads stay in {@link LegacyPayloads}); the
   * checkpoint gets the next sequence number and where the committed payload blocks end.
   */
  private static void addSequences(Statement s) throws SQLException {
    for (Table table : Table.all()) {
      s.execute("ALTER TABLE " + table.sqlName() + " ADD COLUMN " + RowMapping.SEQ + " BIGINT");
      s.execute("ALTER TABLE " + table.sqlName() + " ADD COLUMN " + RowMapping.PAYLOAD_AT + " INTEGER");
    }
    s.execute("UPDATE traces SET " + RowMapping.SEQ + " = rowid + 1");
    s.execute("UPDATE spans SET " + RowMapping.SEQ + " = rowid + 1 + (SELECT coalesce(max(" + RowMapping.SEQ
        + "), 0) FROM traces)");
    s.execute("ALTER TABLE checkpoint ADD COLUMN next_seq BIGINT");
    s.execute("ALTER TABLE checkpoint ADD COLUMN payload_file INTEGER");
    s.execute("ALTER TABLE checkpoint ADD COLUMN payload_end BIGINT");
    s.execute("UPDATE checkpoint SET payload_file = 1, payload_end = 0, next_seq = 1 + greatest("
        + "(SELECT coalesce(max(" + RowMapping.SEQ + "), 0) FROM traces), (SELECT coalesce(max("
        + RowMapping.SEQ + "), 0) FROM spans))");
  }

  /**
   * Version 5: narrower trace and span tables, which DuckDB loads several times faster. Trace ids
   * become UUIDs and span ids flipped BIGINTs ({@link Ids}); the payload columns (texts of rows
   * stored before payload blocks) and the rarely set fields go into the JSON column {@link Extras}.
   * Each table is copied into its new form, then replaces the old one.
   */
  private static void narrowRows(Statement s) throws SQLException {
    for (Table table : List.of(Table.TRACES, Table.SPANS)) {
      copyToCurrentLayout(s, table, "_v5", RowMapping.SEQ);
    }
  }

  /**
   * Copies a table as migration 1 created it (with the hidden columns of migrations 1 to 4) into
   * its current layout, in the given order, and puts the copy in its place (which drops the old
   * table's indexes): ids become binary, and the payload columns and the rarely set fields go
   * into {@link Extras}.
   */
  private static void copyToCurrentLayout(Statement s, Table table, String suffix, String order)
      throws SQLException {
    String next = table.sqlName() + suffix;
    s.execute("CREATE TABLE " + next + " (" + RowMapping.columnDefinitions(table) + ", "
        + RowMapping.hiddenDefinitions(true) + ")");
    StringJoiner select = new StringJoiner(", ");
    for (Column c : RowMapping.stored(table)) {
      select.add(RowMapping.fromPlain(table, c));
    }
    StringJoiner extras = new StringJoiner(", ", "json_object(", ")");
    StringJoiner none = new StringJoiner(" AND ");
    for (Column c : table.columns()) {
      if (Extras.holds(table, c) || Payloads.columns(table).contains(c)) {
        extras.add("'" + c.name() + "', " + c.sqlName());
        none.add(c.sqlName() + " IS NULL");
      }
    }
    select.add("CASE WHEN " + none + " THEN NULL ELSE " + extras + " END");
    s.execute("INSERT INTO " + next + " SELECT " + select + ", " + RowMapping.hiddenColumns() + " FROM "
        + table.sqlName() + " ORDER BY " + order);
    s.execute("DROP TABLE " + table.sqlName());
    s.execute("ALTER TABLE " + next + " RENAME TO " + table.sqlName());
  }

  @FunctionalInterface
  private interface Step {
    void apply(Statement statement) throws SQLException;
  }

  /**
   * Version 6: {@code payload_purge}, the payload files that hold texts of deleted traces, written
   * in the deletion's transaction so that {@link PayloadCompaction} rewrites them even after a
   * crash; a file leaves it in the transaction that moves its last live record.
   */
  private static void addPayloadPurge(Statement s) throws SQLException {
    s.execute("CREATE TABLE payload_purge (file INTEGER NOT NULL)");
  }

  /**
   * Version 7: an index of the scores by trace id. Evaluators give a score or more per span, and
   * a trace's scores (a trace read, a page of the trace list) were looked for among all of them:
   * measured on 2 M scores, 36-40 ms for the scores of 50 traces without it, 4-5 ms with it.
   */
  private static void indexScoresByTrace(Statement s) throws SQLException {
    s.execute("CREATE INDEX scores_by_trace ON scores (" + Schema.TRACE_ID.sqlName() + ")");
  }

  /**
   * Version 8: the one-row {@code rewrite} table, whose {@code pending_since} (epoch microseconds,
   * NULL when none is due) is set in the transaction of the first deletion since the last
   * {@link DatabaseRewrite}, so that a restart does not forget the rewrite the deletion owes.
   */
  private static void addRewritePending(Statement s) throws SQLException {
    s.execute("CREATE TABLE rewrite (pending_since BIGINT)");
    s.execute("INSERT INTO rewrite VALUES (NULL)");
  }

  /**
   * Version 9: narrower score rows, which DuckDB alone loads about twice as fast, the store as a
   * whole with a fifth to a half less CPU (BENCHMARKS.md, issue 14: evaluators write a score or
   * more per judged span). Trace and span ids become binary as in
   * the trace and span tables ({@link Ids}), and the comment and metadata go to the payload blocks
   * ({@link Payloads}); those of the rows stored so far go into {@link Extras}. The table is copied
   * in load order and gets its index by trace id back.
   */
  private static void narrowScores(Statement s) throws SQLException {
    copyToCurrentLayout(s, Table.SCORES, "_v9", "rowid");
    indexScoresByTrace(s);
  }

  /**
   * Version 10: evaluator scores packed into the row of the span they judge ({@link Verdicts}): the
   * spans' hidden {@value Verdicts#COLUMN} column, and the views that read them as score rows.
   */
  private static void packVerdicts(Statement s) throws SQLException {
    s.execute("ALTER TABLE spans ADD COLUMN " + Verdicts.COLUMN + " VARCHAR");
    Verdicts.createViews(s);
  }
}
