package dev.sightline.storage.duckdb;

import dev.sightline.core.model.EvaluatorScores;
import dev.sightline.core.model.EvaluatorVerdict;
import dev.sightline.core.model.Row;
import dev.sightline.core.model.RowKey;
import dev.sightline.core.model.Schema;
import dev.sightline.core.model.Table;
import dev.sightline.core.storage.SpanVerdicts;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.duckdb.DuckDBConnection;

/**
 * Which span rows of a batch get packed verdicts ({@link Verdicts}), and which stored spans must
 * have theirs unpacked first because the batch writes an evaluator score row of them. Not
 * thread-safe: one per batch, on the loader thread.
 */
final class VerdictPacking {
  /** A span of a project, ids as hex. */
  record SpanRef(String projectId, String traceId, String spanId) {
    static SpanRef of(Row row) {
      return new SpanRef(row.string(Schema.PROJECT_ID), row.string(Schema.TRACE_ID), row.string(Schema.SPAN_ID));
    }
  }

  /** A span's packed verdicts: its {@value Verdicts#COLUMN} text, and the verdicts (for their payload fields). */
  record Packed(String text, List<EvaluatorVerdict> verdicts) {}

  private final Map<Integer, Packed> bySpanPosition = new HashMap<>();
  private final Set<SpanRef> stored = new LinkedHashSet<>();

  /**
   * Works out the packing of a batch: its rows, the keys it replaces, and its verdicts (on new
   * spans of the batch, {@link dev.sightline.core.storage.WriteBatch#verdicts}).
   */
  VerdictPacking(List<Row> rows, Set<RowKey> replaced, List<SpanVerdicts> verdicts) {
    Map<RowKey, List<EvaluatorVerdict>> bySpan = new HashMap<>();
    verdicts.forEach(v -> bySpan.put(v.span().key(), v.verdicts()));
    Set<SpanRef> inBatch = null;
    for (int i = 0; i < rows.size(); i++) {
      Row row = rows.get(i);
      if (row.table() == Table.SPANS) {
        List<EvaluatorVerdict> packed = bySpan.isEmpty() ? null : bySpan.get(row.key());
        if (packed != null) {
          bySpanPosition.put(i, new Packed(Verdicts.encode(packed), packed));
        }
      } else if (row.table() == Table.SCORES && row.get(Schema.SPAN_ID) != null && row.get(Schema.TRACE_ID) != null
          && EvaluatorScores.SOURCE.equals(row.get(Schema.SOURCE))) {
        // a span of the batch has nothing packed yet, or has it unpacked as its old row is deleted
        inBatch = inBatch != null ? inBatch : spansOf(rows);
        SpanRef span = SpanRef.of(row);
        if (!inBatch.contains(span)) {
          stored.add(span);
        }
      }
    }
  }

  private static Set<SpanRef> spansOf(List<Row> rows) {
    Set<SpanRef> spans = new HashSet<>();
    for (Row row : rows) {
      if (row.table() == Table.SPANS) {
        spans.add(SpanRef.of(row));
      }
    }
    return spans;
  }

  /** The packed verdicts of the span row at this position of the batch, or null. */
  Packed packedOf(int position) {
    return bySpanPosition.get(position);
  }

  /**
   * Unpacks, inside the batch's transaction, the packed scores of the stored spans that the batch
   * writes another evaluator score of: their rows are read by the sequence numbers the index has
   * for their traces (up to date: the previous batch is published), their {@value Verdicts#COLUMN}
   * set to NULL, and their scores returned as rows.
   */
  List<Row> unpackStored(DuckDBConnection connection, TextSearch locator, PayloadStore payloads)
      throws SQLException {
    List<Row> out = new ArrayList<>();
    Map<String, Set<String>> tracesByProject = new LinkedHashMap<>();
    for (SpanRef s : stored) {
      tracesByProject.computeIfAbsent(s.projectId(), k -> new LinkedHashSet<>()).add(s.traceId());
    }
    for (Map.Entry<String, Set<String>> project : tracesByProject.entrySet()) {
      List<Long> seqs = new ArrayList<>();
      project.getValue().forEach(trace -> seqs.addAll(locator.locate(project.getKey(), trace)));
      if (seqs.isEmpty()) {
        continue;
      }
      SqlBuilder select = new SqlBuilder().sql("SELECT r." + RowMapping.SEQ + ", r.trace_id, r.span_id,"
          + " coalesce(r.end_time, r.start_time), r." + Verdicts.COLUMN + ", " + payloadReference("r")
          + " FROM spans r WHERE r.project_id = ?"
          + " AND r." + Verdicts.COLUMN + " IS NOT NULL", project.getKey()).seqs("r", seqs);
      List<Long> emptied = new ArrayList<>();
      try (PreparedStatement s = connection.prepareStatement(select.text())) {
        select.bind(s, connection);
        try (ResultSet rs = s.executeQuery()) {
          while (rs.next()) {
            SpanRef span = new SpanRef(project.getKey(), Ids.trace((UUID) rs.getObject(2)), Ids.span(rs.getLong(3)));
            if (stored.contains(span)) {
              emptied.add(rs.getLong(1));
              out.addAll(unpack(span, rs.getLong(4), rs, 5, payloads));
            }
          }
        }
      }
      if (!emptied.isEmpty()) {
        SqlBuilder update = new SqlBuilder().sql("UPDATE spans r SET " + Verdicts.COLUMN + " = NULL WHERE true")
            .seqs("r", emptied);
        try (PreparedStatement s = connection.prepareStatement(update.text())) {
          update.bind(s, connection);
          s.executeUpdate();
        }
      }
    }
    return out;
  }

  /** A span row's payload reference, in the order {@link #unpack} reads it after the packed text. */
  static String payloadReference(String alias) {
    return alias + "." + RowMapping.PAYLOAD + ", " + alias + "." + RowMapping.PAYLOAD_AT + ", " + alias + "."
        + RowMapping.PAYLOAD_LENGTH;
  }

  /**
   * The scores packed in a stored span row, read from its {@value Verdicts#COLUMN} text at column
   * {@code index} of the result and its payload reference ({@link #payloadReference}) after it.
   */
  static List<Row> unpack(SpanRef span, long time, ResultSet rs, int index, PayloadStore payloads)
      throws SQLException {
    byte[] record = payloads.read(rs.getLong(index + 1), rs.getInt(index + 2), rs.getInt(index + 3));
    return Verdicts.unpack(span.projectId(), span.traceId(), span.spanId(), time, rs.getString(index), record, 0);
  }
}
