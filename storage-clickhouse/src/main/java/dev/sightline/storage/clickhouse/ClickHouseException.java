package dev.sightline.storage.clickhouse;

/** ClickHouse refused a statement: its HTTP status and message, and the statement (cut to 500 chars). */
final class ClickHouseException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  ClickHouseException(int status, String message, String sql) {
    super("ClickHouse answered " + status + ": " + message + " (to: "
        + (sql.length() > 500 ? sql.substring(0, 500) + "…" : sql) + ")");
  }
}
