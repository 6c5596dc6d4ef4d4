package dev.sightline.storage.clickhouse;

import dev.sightline.core.model.Row;
import dev.sightline.core.model.RowKey;
import dev.sightline.core.model.Table;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * The stored rows that a batch merges into ({@code Storage.fetch}), read in one statement per table
 * that also gives each row's version, which {@link Versions} must pass, and its partition time,
 * kept until the batch is written ({@link #partitions}, {@link #forget}) so that the writer need not look the same
 * keys up again to keep replaced rows in their partitions. Reading the key columns of every granule
 * the batch's random trace ids touch is most of a lookup's cost, so it is done once. Thread-safe.
 */
final class MergeLookup {
  private final ClickHouseHttp http;
  private final Conditions where;
  private final Versions versions;
  private final Map<RowKey, Long> fetchedParts = new ConcurrentHashMap<>();

  MergeLookup(ClickHouseHttp http, Conditions where, Versions versions) {
    this.http = http;
    this.where = where;
    this.versions = versions;
  }

  /** The live stored rows of these keys; remembers their partition times for the next write. */
  Map<RowKey, Row> fetch(Collection<RowKey> keys) {
    Map<RowKey, Row> found = new HashMap<>();
    Map<Table, List<RowKey>> byTable = keys.stream().collect(Collectors.groupingBy(RowKey::table));
    byTable.forEach((table, tableKeys) -> {
      Layout layout = Layout.of(table);
      long[] newest = {0};
      // Tombstones too: a deleted key written again must get a version above its tombstone's, and
      // a row merged with what another server's clock versioned must replace it.
      http.stream("SELECT " + layout.modelColumns() + ", part_us, version, deleted" + where.from(table.sqlName())
          + "PREWHERE " + Keys.in(table, tableKeys), r -> {
            newest[0] = Math.max(newest[0], r.get("version").asLong());
            if (r.get("deleted").asInt() == 0) {
              Row row = layout.decode(r);
              found.put(row.key(), row);
              fetchedParts.put(row.key(), r.get("part_us").asLong());
            }
          });
      versions.observe(newest[0]);
    });
    return found;
  }

  /** The partition times of these keys that fetches since the last {@link #forget} found. */
  Map<RowKey, Long> partitions(Collection<RowKey> keys) {
    Map<RowKey, Long> parts = new HashMap<>();
    for (RowKey key : keys) {
      Long part = fetchedParts.get(key);
      if (part != null) {
        parts.put(key, part);
      }
    }
    return parts;
  }

  /** Forgets the partition times remembered, once their batch is written. */
  void forget() {
    fetchedParts.clear();
  }
}
