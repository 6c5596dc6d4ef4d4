package dev.sightline.core.storage;

import dev.sightline.core.model.Row;
import dev.sightline.core.model.RowKey;
import java.util.List;
import java.util.Set;

/**
 * Merged rows to store, traces to delete, and the log position they bring the store to. A backend
 * applies the deletions first, then the rows, all in one atomic step with the position.
 *
 * @param rows rows of any table; at most one per key. Each replaces the stored row with its key.
 * @param replaced keys among {@code rows} that already have a stored row (the others are new), so
 *     a backend can skip looking for rows to replace
 * @param deletions traces deleted before the rows are stored; none of {@code rows} belongs to them
 * @param position the write-ahead log position this batch reaches
 * @param verdicts evaluator verdicts on span rows of {@code rows} that are new (not {@code
 *     replaced}), at most one entry per span; each stands for the score rows {@link
 *     SpanVerdicts#scoreRows} gives, none of whose keys is among {@code rows}. Only a store that
 *     {@link StorageWriter#packsVerdicts packs verdicts} is given any.
 */
public record WriteBatch(List<Row> rows, Set<RowKey> replaced, List<TraceDeletion> deletions, LogPosition position,
    List<SpanVerdicts> verdicts) {
  public WriteBatch {
    rows = List.copyOf(rows);
    replaced = Set.copyOf(replaced);
    deletions = List.copyOf(deletions);
    verdicts = List.copyOf(verdicts);
  }

  /** A batch without verdicts. */
  public WriteBatch(List<Row> rows, Set<RowKey> replaced, List<TraceDeletion> deletions, LogPosition position) {
    this(rows, replaced, deletions, position, List.of());
  }

  /** A batch that deletes nothing, without verdicts. */
  public WriteBatch(List<Row> rows, Set<RowKey> replaced, LogPosition position) {
    this(rows, replaced, List.of(), position);
  }
}
