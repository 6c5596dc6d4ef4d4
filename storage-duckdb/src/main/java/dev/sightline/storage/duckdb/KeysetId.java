package dev.sightline.storage.duckdb;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.UUID;

/**
 * The tie-breaker of a listing's keyset order and the id in its cursors: the columns rows are
 * ordered by after the sort value, how a cursor's id binds against them, and how a result row's id
 * reads back as the cursor's text. The text is the one every backend uses (a trace's id; a span's
 * trace id and span id together; a score's, a session's or a user's id), and the columns order
 * rows as that text does. Immutable.
 */
final class KeysetId {
  private final List<String> columns;
  private final Kind kind;

  private enum Kind { TRACE, SPAN, TEXT }

  private KeysetId(List<String> columns, Kind kind) {
    this.columns = columns;
    this.kind = kind;
  }

  /** A trace row's id ({@code r.trace_id}, a UUID). */
  static KeysetId trace() {
    return new KeysetId(List.of("r.trace_id"), Kind.TRACE);
  }

  /** A span's trace id and span id ({@code r.trace_id}, {@code r.span_id}), as 48 hex digits. */
  static KeysetId span() {
    return new KeysetId(List.of("r.trace_id", "r.span_id"), Kind.SPAN);
  }

  /** A VARCHAR expression, as is. */
  static KeysetId text(String expression) {
    return new KeysetId(List.of(expression), Kind.TEXT);
  }

  List<String> columns() {
    return columns;
  }

  /** The values a cursor's id binds to, one per column. */
  Object[] bind(String cursorId) {
    switch (kind) {
      case TRACE:
        return new Object[] {Ids.trace(cursorId)};
      case SPAN:
        return new Object[] {Ids.trace(cursorId.substring(0, 32)), Ids.span(cursorId.substring(32))};
      default:
        return new Object[] {cursorId};
    }
  }

  /** The id of the result row, read from its columns starting at a 1-based index. */
  String read(ResultSet rs, int index) throws SQLException {
    switch (kind) {
      case TRACE:
        return Ids.trace((UUID) rs.getObject(index));
      case SPAN:
        return Ids.trace((UUID) rs.getObject(index)) + Ids.span(rs.getLong(index + 1));
      default:
        return rs.getString(index);
    }
  }
}
