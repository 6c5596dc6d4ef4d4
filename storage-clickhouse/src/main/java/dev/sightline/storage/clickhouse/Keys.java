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

  /** {@code (key columns) IN ((...), ...)}; the keys must not be empty. */
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
