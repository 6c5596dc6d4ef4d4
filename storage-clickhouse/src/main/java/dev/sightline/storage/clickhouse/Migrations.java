package dev.sightline.storage.clickhouse;

import java.util.List;

/**
 * Brings a database to {@link SchemaDdl#VERSION}: creates what is missing ({@code IF NOT EXISTS},
 * so servers opening together agree), reads the recorded version, refuses a newer one, and records
 * this one. Later versions add their steps here, run in order when the recorded version is below
 * theirs (see {@link SchemaDdl#VERSION} for what a step may do). Stateless.
 */
final class Migrations {
  private Migrations() {}

  static void apply(ClickHouseHttp http, SchemaDdl ddl) {
    for (String statement : ddl.statements()) {
      http.execute(statement);
    }
    long recorded = http.query("SELECT max(version) AS v FROM " + ddl.table("schema_version")).get(0).get("v").asLong();
    if (recorded > SchemaDdl.VERSION) {
      throw new IllegalStateException("ClickHouse database has schema version " + recorded
          + ", newer than this server's " + SchemaDdl.VERSION + ": upgrade the server");
    }
    if (recorded < SchemaDdl.VERSION) {
      RowBinary row = new RowBinary();
      row.uint32(SchemaDdl.VERSION);
      row.int64(System.currentTimeMillis() * 1000);
      http.insert(ddl.table("schema_version"), List.of("version", "applied_us"), row);
    }
  }
}
