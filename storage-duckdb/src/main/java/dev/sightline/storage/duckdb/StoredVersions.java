package dev.sightline.storage.duckdb;

import dev.sightline.core.model.Column;
import dev.sightline.core.model.Row;
import dev.sightline.core.model.RowKey;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The stored versions of the rows the loader last fetched, with where their payloads and index
 * documents are, so that the next batch can keep both for a row whose texts it does not change.
 * The common case is a trace row rewritten for its rollups whenever spans of it arrive: without
 * this, every such rewrite would compress and store its input and output again (garbage in the
 * payload blocks) and index its words again (a tombstoned document). Entries live from a fetch to
 * the next batch, which clears them. Thread-safe.
 */
final class StoredVersions {
  /** A stored row version: its row, sequence number and payload reference (block, offset, length). */
  record Version(Row row, long seq, long block, int at, int length) {}

  private final Map<RowKey, Version> versions = new ConcurrentHashMap<>();

  void remember(Version version) {
    versions.put(version.row().key(), version);
  }

  /**
   * The stored version a new version of the row can take the payload and document of: one
   * fetched since the last batch, with compressed payloads, whose texts equal the new row's; or
   * null.
   */
  Version reusableFor(Row next) {
    Version v = versions.get(next.key());
    if (v == null || v.at() < 0) {
      return null;
    }
    for (Column c : Payloads.columns(next.table())) {
      if (!Objects.equals(v.row().get(c), next.get(c))) {
        return null;
      }
    }
    return v;
  }

  void clear() {
    versions.clear();
  }
}
