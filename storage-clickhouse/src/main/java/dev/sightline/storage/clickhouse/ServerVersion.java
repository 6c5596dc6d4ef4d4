package dev.sightline.storage.clickhouse;

/**
 * The ClickHouse server's version ({@code SELECT version()}), and the one switch of what newer
 * servers have that 18.16 lacks. Immutable.
 */
record ServerVersion(int major, int minor) {

  /**
   * Reads {@code 18.16.1} or {@code 24.3.2.23}.
   *
   * @throws IllegalArgumentException if it is not such a version
   */
  static ServerVersion parse(String text) {
    String[] parts = text.trim().split("\\.");
    try {
      return new ServerVersion(Integer.parseInt(parts[0]), parts.length > 1 ? Integer.parseInt(parts[1]) : 0);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("not a ClickHouse version: " + text);
    }
  }

  /**
   * Whether tables get a {@code bloom_filter} data-skipping index on their full-text words, which
   * {@code has(words, ...)} uses from 20.3 on (indexes were experimental before, and absent in 18.16).
   */
  boolean skipIndexes() {
    return major > 20 || major == 20 && minor >= 3;
  }

  @Override
  public String toString() {
    return major + "." + minor;
  }
}
