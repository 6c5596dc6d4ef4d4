package dev.sightline.server.query;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.sightline.core.codec.RowJson;
import dev.sightline.core.model.Row;
import dev.sightline.core.storage.TraceData;
import java.io.IOException;
import java.util.List;

/**
 * The {@code jsonl} format: one line per trace,
 * {@code {"trace": {...}, "spans": [...], "scores": [...]}}, every row as {@link RowJson} writes it
 * (times in epoch microseconds, trace rollups and {@code duration} included).
 */
final class TraceLines extends ExportLines {
  @Override
  void write(JsonGenerator g, TraceData trace) throws IOException {
    g.writeStartObject();
    g.writeFieldName("trace");
    RowJson.write(g, trace.trace());
    array(g, "spans", trace.spans());
    array(g, "scores", trace.scores());
    g.writeEndObject();
    endLine(g);
  }

  private static void array(JsonGenerator g, String name, List<Row> rows) throws IOException {
    g.writeArrayFieldStart(name);
    for (Row row : rows) {
      RowJson.write(g, row);
    }
    g.writeEndArray();
  }
}
