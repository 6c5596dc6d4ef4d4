package dev.sightline.bench;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.UUID;
import org.duckdb.DuckDBAppender;
import org.duckdb.DuckDBConnection;

/**
 * What DuckDB alone charges to load evaluator score rows in four table layouts, without the
 * store around it (no payload blocks, index or write-ahead log): per transaction, the scores of
 * {@code --spans} spans, half of them generations judged by three evaluators (1.5 rows per span),
 * appended and committed as the loader does, into a file database with the scores' index by trace
 * id. Layouts: {@code text-ids} (schema version 8: ids as hex text, comment and metadata in
 * columns), {@code binary-ids} (ids binary, texts in columns), {@code texts-out} (ids as text,
 * comment and metadata elsewhere), {@code v9} (both: the layout of schema version 9, with its NULL
 * {@code extras}). Prints the process CPU and wall time per span of the second half of the
 * transactions (the first half warms up), one line per layout and round, layouts alternating.
 *
 * <p>{@code --transactions 160 --spans 5000 --rounds 2}.
 */
public final class ScoreLayoutCost {
  private static final List<String> LAYOUTS = List.of("text-ids", "binary-ids", "texts-out", "v9");
  private static final String[] NAMES = {"length", "contains", "pii"};
  private static final String[] COMMENTS = {"1234 characters, at most 4000", "none of 2 found", "none found"};
  private static final String[] METADATA = {
      "{\"evaluatorVersion\":1,\"kind\":\"length\",\"error\":false,\"length\":1234}",
      "{\"evaluatorVersion\":1,\"kind\":\"contains\",\"error\":false}",
      "{\"evaluatorVersion\":1,\"kind\":\"pii\",\"error\":false,\"emails\":0,\"phones\":0,\"cards\":0,"
          + "\"ibans\":0,\"keys\":0}"};

  private ScoreLayoutCost() {}

  public static void main(String[] argv) throws Exception {
    Args args = new Args(argv);
    int transactions = (int) args.getLong("transactions", 160);
    int spans = (int) args.getLong("spans", 5000);
    int rounds = (int) args.getLong("rounds", 2);
    for (int round = 1; round <= rounds; round++) {
      for (String layout : LAYOUTS) {
        run(layout, transactions, spans, round);
      }
    }
  }

  private static void run(String layout, int transactions, int spans, int round) throws Exception {
    boolean binaryIds = layout.equals("binary-ids") || layout.equals("v9");
    boolean textsIn = layout.equals("text-ids") || layout.equals("binary-ids");
    Path dir = Files.createTempDirectory("sightline-score-layout");
    try (DuckDBConnection c = (DuckDBConnection) DriverManager.getConnection("jdbc:duckdb:" + dir.resolve("db"));
        Statement s = c.createStatement()) {
      s.execute("SET memory_limit = '256MB'"); // as the store sets it
      s.execute("CREATE TABLE scores (project_id VARCHAR, score_id VARCHAR, trace_id "
          + (binaryIds ? "UUID" : "VARCHAR") + ", span_id " + (binaryIds ? "BIGINT" : "VARCHAR")
          + ", session_id VARCHAR, name VARCHAR, value DOUBLE, label VARCHAR, "
          + (textsIn ? "comment VARCHAR, " : "") + "source VARCHAR, author VARCHAR, time BIGINT, "
          + (textsIn ? "metadata VARCHAR" : "extras VARCHAR") + ", _batch BIGINT, _payload BIGINT,"
          + " _payload_length INTEGER, _start BIGINT, _seq BIGINT, _payload_at INTEGER)");
      s.execute("CREATE INDEX scores_by_trace ON scores (trace_id)");
      c.setAutoCommit(false);
      long span = 0;
      long cpu0 = 0;
      long wall0 = 0;
      for (int t = 0; t < transactions; t++) {
        if (t == transactions / 2) {
          cpu0 = cpu();
          wall0 = System.nanoTime();
        }
        s.execute("SELECT 1"); // begins the transaction, which the appender joins
        try (DuckDBAppender a = c.createAppender(DuckDBConnection.DEFAULT_SCHEMA, "scores")) {
          for (int i = 0; i < spans / 2; i++, span++) {
            for (int k = 0; k < NAMES.length; k++) {
              append(a, span, k, t, binaryIds, textsIn);
            }
          }
        }
        c.commit();
      }
      long measured = (long) (transactions - transactions / 2) * spans;
      System.out.printf("round %d, %s: %.2f us CPU, %.2f us wall per span%n", round, layout,
          (cpu() - cpu0) / 1e3 / measured, (System.nanoTime() - wall0) / 1e3 / measured);
    }
  }

  /** One score row of evaluator {@code k} on generation {@code span}, as the layout stores it. */
  private static void append(DuckDBAppender a, long span, int k, long batch, boolean binaryIds, boolean textsIn)
      throws SQLException {
    long trace = span / 5 * 7919;
    long time = 1_795_000_000_000_000L + span;
    a.beginRow();
    a.append("bench");
    a.append(hex(span * 3 + k) + hex(span * 31 + k));
    if (binaryIds) {
      a.append(new UUID(trace, 77));
      a.append(span);
    } else {
      a.append(hex(trace) + hex(77));
      a.append(hex(span));
    }
    a.appendNull();
    a.append(NAMES[k]);
    a.append(1.0);
    a.append("pass");
    if (textsIn) {
      a.append(COMMENTS[k]);
    }
    a.append("evaluator");
    a.appendNull();
    a.append(time);
    if (textsIn) {
      a.append(METADATA[k]);
    } else {
      a.appendNull(); // extras: none for a score stored since version 9
    }
    a.append(batch);
    if (textsIn) { // no payload record
      a.appendNull();
      a.appendNull();
    } else {
      a.append(span * 64);
      a.append(150);
    }
    a.append(time);
    a.appendNull();
    if (textsIn) {
      a.appendNull();
    } else {
      a.append((int) (span & 0xffff));
    }
    a.endRow();
  }

  /** 16 lowercase hex digits. */
  private static String hex(long v) {
    String h = Long.toHexString(v);
    return "0".repeat(16 - h.length()) + h;
  }

  private static long cpu() {
    return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
  }
}
