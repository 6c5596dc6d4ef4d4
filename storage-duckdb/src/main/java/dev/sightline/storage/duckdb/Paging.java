package dev.sightline.storage.duckdb;

import dev.sightline.server.storage.Cursor;
import dev.sightline.server.storage.Page;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
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
   * @param id a VARCHAR expression, the tie-breaker
   * @param where {@code " AND "} inside a WHERE clause, {@code " HAVING "} after a GROUP BY
   */
  static void orderAndLimit(SqlBuilder sql, String where, String value, String id, boolean ascending,
      int limit, Cursor after) {
    String direction = ascending ? " ASC" : " DESC";
    if (after != null) {
      String beyond = ascending ? " > ?" : " < ?";
      // A whole number goes as a BIGINT: compared with a DOUBLE, a BIGINT column would be cast,
      // and DuckDB could no longer skip row groups by its min/max.
      double v = after.value();
      Object bound = v == Math.rint(v) && Math.abs(v) < 0x1p53 ? (Object) (long) v : (Object) v;
      sql.sql(where + "(" + value + beyond + " OR (" + value + " = ? AND " + id + beyond + "))",
          bound, bound, after.id());
    }
    sql.sql(" ORDER BY " + value + direction + ", " + id + direction + " LIMIT " + (limit + 1));
  }

  /** Reads the items of one page and its next cursor; value and id are the last two columns. */
  static <T> Page<T> read(ResultSet rs, int limit, ItemReader<T> reader) throws SQLException {
    List<T> items = new ArrayList<>();
    Cursor last = null;
    int columns = rs.getMetaData().getColumnCount();
    while (rs.next()) {
      if (items.size() == limit) {
        return new Page<>(items, last.encode());
      }
      items.add(reader.read(rs));
      last = new Cursor(rs.getDouble(columns - 1), rs.getString(columns));
    }
    return new Page<>(items, null);
  }

  /** Reads one item from the current result row. */
  @FunctionalInterface
  interface ItemReader<T> {
    T read(ResultSet rs) throws SQLException;
  }
}
