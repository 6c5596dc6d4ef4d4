package dev.sightline.core.codec;

import dev.sightline.core.model.Column;
import dev.sightline.core.model.Row;
import dev.sightline.core.model.Schema;
import dev.sightline.core.model.Table;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Whole-item checks and the defaults an item gets on arrival, shared by every ingestion format.
 * Defaults that depend on earlier events (a trace's name from its feature, a span's type) are the
 * merger's, not these. Stateless and thread-safe.
 */
public final class ItemRules {

  /**
   * Completes a decoded item (its project set, its fields already checked by {@link FieldRules}).
   *
   * @param receivedAt when the request arrived, epoch microseconds: a score's default time, so
   *     that replaying the write-ahead log reproduces the same row
   * @return a problem naming the field as the native protocol calls it ({@code traceId: required}),
   *     or null if the item is acceptable
   */
  public static String complete(Row.Builder row, long receivedAt) {
    Table table = row.table();
    if (table == Table.SCORES) {
      String problem = completeScore(row, receivedAt);
      if (problem != null) {
        return problem;
      }
    }
    for (Column key : table.keyColumns()) {
      if (key != Schema.PROJECT_ID && row.get(key) == null) {
        return key.name() + ": required";
      }
    }
    if (table == Table.SPANS && row.get(Schema.SPAN_ID).equals(row.get(Schema.PARENT_SPAN_ID))) {
      return "parentSpanId: must differ from spanId";
    }
    if (table != Table.SCORES) {
      Long start = (Long) row.get(Schema.START_TIME);
      Long end = (Long) row.get(Schema.END_TIME);
      if (start != null && end != null && end < start) {
        return "endTime: before startTime";
      }
    }
    return null;
  }

  private static String completeScore(Row.Builder row, long receivedAt) {
    if (row.get(Schema.NAME) == null) {
      return "name: required";
    }
    if (row.get(Schema.VALUE) == null && row.get(Schema.LABEL) == null) {
      return "value: a score needs a value or a label";
    }
    if (row.get(Schema.TRACE_ID) == null && row.get(Schema.SESSION_ID) == null) {
      return "traceId: a score belongs to a trace (traceId) or a session (sessionId)";
    }
    if (row.get(Schema.SPAN_ID) != null && row.get(Schema.TRACE_ID) == null) {
      return "traceId: required with spanId";
    }
    if (row.get(Schema.SCORE_ID) == null) {
      // Content-derived, so that a client retrying a request without ids does not double-count.
      row.set(Schema.SCORE_ID, contentId(row));
    }
    if (row.get(Schema.SOURCE) == null) {
      row.set(Schema.SOURCE, "api");
    }
    if (row.get(Schema.TIME) == null) {
      row.set(Schema.TIME, receivedAt);
    }
    return null;
  }

  private static String contentId(Row.Builder row) {
    StringBuilder content = new StringBuilder();
    for (Column c : row.table().columns()) {
      content.append(c.name()).append('=').append(row.get(c)).append('\n');
    }
    try {
      byte[] hash = MessageDigest.getInstance("SHA-256")
          .digest(content.toString().getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(hash, 0, 16);
    } catch (NoSuchAlgorithmException e) {
      throw new AssertionError("every JDK has SHA-256", e);
    }
  }

  private ItemRules() {}
}
