package dev.sightline.server.scoring;

import dev.sightline.core.codec.DecodedBatch;
import dev.sightline.core.codec.ItemError;
import dev.sightline.core.model.Row;
import dev.sightline.core.model.Schema;
import dev.sightline.core.model.Table;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Holds the scores of a decoded request to their project's score configs, whatever their source: a
 * score whose name has a config and does not fit it becomes a rejected item, like any other bad
 * item, and a score the config completes (a label from its value, or the reverse) is replaced by
 * its completed row. Scores without a config, traces and spans pass as they are. Stateless and
 * thread-safe.
 */
public final class ScoreFit {
  private ScoreFit() {}

  /**
   * Checks a batch decoded from a request of one row per valid item (the native format), so that
   * the rows and the rejected items' indices together number the items in order.
   *
   * @param configs the project's configs by score name
   * @return {@code batch} itself if every score fits as sent, else the batch with the misfits
   *     moved to its errors (message {@code body.value: score 'x' must be between 1 and 5}) and
   *     the completed rows in place of those sent
   */
  public static DecodedBatch apply(Map<String, ScoreConfig> configs, DecodedBatch batch) {
    if (configs.isEmpty()) {
      return batch;
    }
    Set<Integer> rejected = new HashSet<>();
    batch.errors().forEach(e -> rejected.add(e.index()));
    List<Row> rows = new ArrayList<>(batch.rows().size());
    List<ItemError> errors = new ArrayList<>(batch.errors());
    boolean changed = false;
    int index = 0;
    for (Row row : batch.rows()) {
      while (rejected.contains(index)) {
        index++;
      }
      ScoreConfig config = row.table() == Table.SCORES ? configs.get(row.string(Schema.NAME)) : null;
      if (config == null) {
        rows.add(row);
      } else {
        Row.Builder completed = row.toBuilder();
        String problem = config.fit(completed);
        if (problem != null) {
          errors.add(new ItemError(index, "body." + problem));
          changed = true;
        } else {
          Row fitted = completed.build();
          changed |= !fitted.equals(row);
          rows.add(fitted);
        }
      }
      index++;
    }
    if (!changed) {
      return batch;
    }
    errors.sort(Comparator.comparingInt(ItemError::index));
    return new DecodedBatch(rows, errors, batch.items());
  }
}
