package dev.sightline.core.model;

/**
 * How a column's value is represented in a {@link Row} and on the wire.
 *
 * <p>In memory: {@code STRING} is a {@link String}; {@code LONG} and {@code TIMESTAMP} are
 * {@link Long} (timestamps in epoch microseconds); {@code DOUBLE} is a {@link Double};
 * {@code BOOLEAN} a {@link Boolean}; {@code JSON} is compact JSON text (a {@link String}, any JSON
 * value); {@code STRING_LIST} an unmodifiable {@code List<String>}.
 */
public enum ColumnType {
  STRING,
  LONG,
  DOUBLE,
  BOOLEAN,
  TIMESTAMP,
  JSON,
  STRING_LIST
}
