package dev.sightline.core.codec;

import dev.sightline.core.model.Row;
import java.util.List;

/**
 * The result of decoding a request: the rows of the valid items (in request order) and an error for
 * each invalid one.
 *
 * @param items how many items the request had
 */
public record DecodedBatch(List<Row> rows, List<ItemError> errors, int items) {
  public DecodedBatch {
    rows = List.copyOf(rows);
    errors = List.copyOf(errors);
  }
}
