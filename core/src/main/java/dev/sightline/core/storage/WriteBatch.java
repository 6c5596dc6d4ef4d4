package dev.sightline.core.storage;

import dev.sightline.core.model.Row;
import dev.sightline.core.model.RowKey;
import java.util.List;
import java.util.Set;

/**
 * Merged rows to store, and the log position they bring the store to.
 *
 * @param rows rows of any table; at most one per key. Each replaces the stored row with its key.
 * @param replaced keys among {@code rows} that already have a stored row (the others are new), so
 *     a backend can skip looking for rows to replace
 * @param position the write-ahead log position this batch reaches
 */
public record WriteBatch(List<Row> rows, Set<RowKey> replaced, LogPosition position) {
  public WriteBatch {
    rows = List.copyOf(rows);
    replaced = Set.copyOf(replaced);
  }
}
