package dev.sightline.storage.clickhouse;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sightline.core.model.Column;
import dev.sightline.core.model.RowKey;
import dev.sightline.core.model.Table;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.stream.Collectors;

/** Row keys in SQL and back. Stateless. */
final class Keys {
  private Keys() {}

  /** The table's key columns, comma-separated, project first. */
  static String columns(Table table) {
    return table.keyColumns().stream().map(Column::sqlName).collect(Collectors.joining(", "));
  }

  /**
   * Most keys one {@link #in} condition holds: a span key's tuple takes about five syntax-tree
   * elements, and the store raises ClickHouse's limit of them ({@code max_ast_elements}, 50,000 by
   * default) to 1,000,000, so that the largest batch the loader makes is one statement (each one
   * reads the key columns of every part its keys touch) while a statement stays a few megabytes.
   */
  static final int MAX_IN = 60_000;

  /** The keys in lists of at most {@link #MAX_IN}, one statement's worth each. */
  static List<List<RowKey>> chunks(Collection<RowKey> keys) {
    List<RowKey> all = List.copyOf(keys);
    List<List<RowKey>> out = new ArrayList<>();
    for (int from = 0; from < all.size(); from += MAX_IN) {
      out.add(all.subList(from, Math.min(all.size(), from + MAX_IN)));
    }
    return out;
  }

  /** {@code (key columns) IN ((...), ...)}; the keys must not be empty, nor more than {@link #MAX_IN}. */
  static String in(Table table, Collection<RowKey> keys) {
    String tuples = keys.stream().map(k -> k.parts().stream().map(Sql::str).collect(Collectors.joining(", ", "(", ")")))
        .collect(Collectors.joining(", "));
    return "(" + columns(table) + ") IN (" + tuples + ")";
  }

  /** The key of a selected row that has the table's key columns. */
  static RowKey of(Table table, JsonNode row) {
    List<String> parts = new ArrayList<>();
    table.keyColumns().forEach(c -> parts.add(row.get(c.sqlName()).asText()));
    return new RowKey(table, parts);
  }
}
