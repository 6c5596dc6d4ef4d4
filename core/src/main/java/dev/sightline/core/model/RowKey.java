package dev.sightline.core.model;

import java.util.List;

/**
 * The identity of a row: its table and the values of its key columns (project first), e.g.
 * {@code spans[p1, 4bf9…, 00f0…]}. Immutable.
 */
public record RowKey(Table table, List<String> parts) {

  public RowKey {
    parts = List.copyOf(parts);
  }

  static RowKey of(Row row) {
    List<Column> keys = row.table().keyColumns();
    String[] parts = new String[keys.size()];
    for (int i = 0; i < parts.length; i++) {
      parts[i] = row.string(keys.get(i));
    }
    return new RowKey(row.table(), List.of(parts));
  }

  public String projectId() {
    return parts.get(0);
  }

  @Override
  public String toString() {
    return table + parts.toString();
  }
}
