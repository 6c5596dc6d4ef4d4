package dev.sightline.storage.duckdb;

import dev.sightline.core.storage.Cursor;
import dev.sightline.core.storage.Page;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Keyset pagination in SQL, as every listing of the SPI pages: order by a DOUBLE sort value, then
 * by an id, both in the same direction; a {@link Cursor} holds the last (value, id) returned and
 * the next page starts strictly after it. Stateless and thread-safe.
 */
final class Paging {
  private Paging() {}

  /**
   * Appends the cursor condition (after a WHERE clause), the order and a limit one above the page
   * size, which tells whether there is a next page.
   *
   * @param value a DOUBLE expression, the sort value
   * @param id the tie-breaker
   * @param where {@code " AND "} inside a WHERE clause, {@code " HAVING "} after a GROUP BY
   */
  static void orderAndLimit(SqlBuilder sql, String where, String value, KeysetId id, boolean ascending,
      int limit, Cursor after) {
    String direction = ascending ? " ASC" : " DESC";
    List<String> columns = id.columns();
    if (after != null) {
      String beyond = ascending ? " > " : " < ";
      // A whole number goes as a BIGINT: compared with a DOUBLE, a BIGINT column would be cast,
      // and DuckDB could no longer skip row groups by its min/max.
      double v = after.value();
      Object bound = v == Math.rint(v) && Math.abs(v) < 0x1p53 ? (Object) (long) v : (Object) v;
      String ids = columns.size() == 1 ? columns.get(0) : "(" + String.join(", ", columns) + ")";
      String params = columns.size() == 1 ? "?" : "(" + String.join(", ", Collections.nCopies(columns.size(), "?")) + ")";
      sql.sql(where + "(" + value + beyond + "? OR (" + value + " = ? AND " + ids + beyond + params + "))",
          bound, bound);
      sql.sql("", id.bind(after.id()));
    }
    StringBuilder order = new StringBuilder(" ORDER BY " + value + direction);
    for (String c : columns) {
      order.append(", ").append(c).append(direction);
    }
    sql.sql(order + " LIMIT " + (limit + 1));
  }

  /**
   * Reads the items of one page and its next cursor; the value and the id's columns are the
   * result's last columns.
   */
  static <T> Page<T> read(ResultSet rs, int limit, KeysetId id, ItemReader<T> reader) throws SQLException {
    List<T> items = new ArrayList<>();
    Cursor last = null;
    int columns = rs.getMetaData().getColumnCount();
    int valueIndex = columns - id.columns().size();
    while (rs.next()) {
      if (items.size() == limit) {
        return new Page<>(items, last.encode());
      }
      items.add(reader.read(rs));
      last = new Cursor(rs.getDouble(valueIndex), id.read(rs, valueIndex + 1));
    }
    return new Page<>(items, null);
  }

  /** Reads one item from the current result row. */
  @FunctionalInterface
  interface ItemReader<T> {
    T read(ResultSet rs) throws SQLException;
  }
}
