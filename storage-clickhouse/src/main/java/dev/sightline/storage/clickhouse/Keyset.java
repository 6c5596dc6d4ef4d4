package dev.sightline.storage.clickhouse;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sightline.core.storage.Cursor;
import dev.sightline.core.storage.Page;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Keyset paging of a query that selects {@code sort_v} and {@code sort_id}: the query wrapped so
 * that the cursor condition applies to them (also when they are aggregates), sorted on both and
 * cut; and pages made of its rows. Immutable.
 */
record Keyset(boolean doubleSort, boolean ascending) {

  /** The query's rows after the cursor (null: from the first), sorted, at most {@code n}. */
  String sql(String query, Cursor after, int n) {
    String dir = ascending ? " ASC" : " DESC";
    StringBuilder q = new StringBuilder("SELECT * FROM (").append(query).append(")");
    if (after != null) {
      String v = doubleSort ? Sql.dbl(after.value()) : Long.toString((long) after.value());
      String op = ascending ? " > " : " < ";
      q.append(" WHERE (sort_v").append(op).append(v).append(" OR (sort_v = ").append(v)
          .append(" AND sort_id").append(op).append(Sql.str(after.id())).append("))");
    }
    return q.append(" ORDER BY sort_v").append(dir).append(", sort_id").append(dir).append(" LIMIT ").append(n)
        .toString();
  }

  /** The cursor just after a row. */
  static Cursor after(JsonNode row) {
    return new Cursor(Double.parseDouble(row.get("sort_v").asText()), row.get("sort_id").asText());
  }

  /**
   * A page of the first {@code limit} of these sorted rows, with a cursor when there are more
   * (the rows were read {@code limit + 1} at a time or more).
   */
  static <T> Page<T> page(List<JsonNode> rows, int limit, Function<JsonNode, T> item) {
    String next = null;
    if (rows.size() > limit) {
      rows = rows.subList(0, limit);
      next = after(rows.get(limit - 1)).encode();
    }
    List<T> items = new ArrayList<>(rows.size());
    rows.forEach(r -> items.add(item.apply(r)));
    return new Page<>(items, next);
  }
}
