package dev.sightline.core.model;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * One stored trace, span or score: a value per column of its {@link Table}, absent values null.
 * Immutable and thread-safe; use {@link #builder(Table)} or {@link #toBuilder()} to make another.
 */
public final class Row {
  private final Table table;
  private final Object[] values;
  /** Computed on first use; a race computes an equal value, so no synchronisation is needed. */
  private RowKey key;

  private Row(Table table, Object[] values) {
    this.table = table;
    this.values = values;
  }

  public static Builder builder(Table table) {
    return new Builder(table, new Object[table.columns().size()]);
  }

  public Table table() {
    return table;
  }

  /** The value of this column (see {@link ColumnType} for its Java type), or null if absent. */
  public Object get(Column column) {
    return values[table.slot(column)];
  }

  /** The value at a position of {@link Table#columns()}, or null. */
  public Object get(int slot) {
    return values[slot];
  }

  /** Null-tolerant typed reads, for columns the caller knows the type of. */
  public String string(Column column) {
    return (String) get(column);
  }

  public Long longValue(Column column) {
    return (Long) get(column);
  }

  public Double doubleValue(Column column) {
    return (Double) get(column);
  }

  @SuppressWarnings("unchecked")
  public List<String> list(Column column) {
    return (List<String>) get(column);
  }

  /** The identity of this row. */
  public RowKey key() {
    RowKey k = key;
    if (k == null) {
      k = RowKey.of(this);
      key = k;
    }
    return k;
  }

  public Builder toBuilder() {
    return new Builder(table, values.clone());
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Row && ((Row) o).table == table && Arrays.equals(((Row) o).values, values);
  }

  @Override
  public int hashCode() {
    return Objects.hash(table, Arrays.hashCode(values));
  }

  @Override
  public String toString() {
    StringBuilder out = new StringBuilder(table.itemType()).append('{');
    for (int i = 0; i < values.length; i++) {
      if (values[i] != null) {
        out.append(table.columns().get(i).name()).append('=').append(values[i]).append(", ");
      }
    }
    return out.append('}').toString();
  }

  /** Collects values for a new row. Not thread-safe. */
  public static final class Builder {
    private final Table table;
    private final Object[] values;

    private Builder(Table table, Object[] values) {
      this.table = table;
      this.values = values;
    }

    public Table table() {
      return table;
    }

    /**
     * Sets a column; null clears it. The value must have the Java type of the column's
     * {@link ColumnType}.
     */
    public Builder set(Column column, Object value) {
      values[table.slot(column)] = value;
      return this;
    }

    public Object get(Column column) {
      return values[table.slot(column)];
    }

    public Row build() {
      return new Row(table, values.clone());
    }
  }
}
