package dev.sightline.core.storage;

import dev.sightline.core.model.Row;
import java.util.List;

/** A trace row, its spans and its scores. */
public record TraceData(Row trace, List<Row> spans, List<Row> scores) {
  public TraceData {
    spans = List.copyOf(spans);
    scores = List.copyOf(scores);
  }
}
