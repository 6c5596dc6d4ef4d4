package dev.sightline.storage.clickhouse;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * Brings a database to {@link SchemaDdl#VERSION}: creates what is missing ({@code IF NOT EXISTS},
 * so servers opening together agree), reads the recorded version, refuses a newer one, and records
 * this one. Later versions add their steps here, run in order when the recorded version is below
 * theirs (see {@link SchemaDdl#VERSION} for what a step may do): version 2 fills the postings of a
 * version-1 store. Stateless.
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
    if (recorded == 1) {
      backfillPostings(http, ddl);
    }
    if (recorded < SchemaDdl.VERSION) {
      RowBinary row = new RowBinary();
      row.uint32(SchemaDdl.VERSION);
      row.int64(System.currentTimeMillis() * 1000);
      http.insert(ddl.table("schema_version"), List.of("version", "applied_us"), row);
    }
  }

  /**
   * Version 2: the postings of the rows stored before it, from their {@code words}, each on the day
   * of its row's start (a span starts no earlier than its trace, as {@link Postings} requires), one
   * partition day of the rows at a time so that grouping the hashes stays small. A second server
   * running it at the same time only adds postings that are already there, which searches allow.
   */
  private static void backfillPostings(ClickHouseHttp http, SchemaDdl ddl) {
    long day = 86_400_000_000L;
    for (String table : List.of("traces", "spans")) {
      for (JsonNode d : http.query("SELECT DISTINCT intDiv(part_us, " + day + ") AS d FROM " + ddl.table(table))) {
        long from = d.get("d").asLong() * day;
        http.execute("INSERT INTO " + ddl.table(SchemaDdl.POSTINGS) + " (" + String.join(", ", Postings.COLUMNS)
            + ") SELECT project_id, word, day, groupUniqArray(h) AS traces, length(traces) FROM (SELECT project_id, arrayJoin(words) AS word,"
            + " toUInt16(greatest(0, least(65535, intDiv(ifNull(start_us, part_us), " + day + ")))) AS day,"
            + " murmurHash3_32(trace_id) AS h FROM " + ddl.table(table) + " FINAL WHERE part_us >= " + from
            + " AND part_us < " + (from + day) + " AND deleted = 0 AND notEmpty(words)) GROUP BY project_id, word, day");
      }
    }
  }
}
