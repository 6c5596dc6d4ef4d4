package dev.sightline.server.query;

import com.fasterxml.jackson.core.JsonGenerator;
import com.linecorp.armeria.common.HttpResponse;
import dev.sightline.core.storage.MetricPoint;
import dev.sightline.server.http.Csv;
import dev.sightline.server.http.Json;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * The body of a {@code /api/metrics} answer, as JSON or CSV: each point's fields are named once,
 * here, in the order both formats write them. Times and durations are microseconds. Stateless.
 */
final class MetricsAnswer {
  /**
   * A field of a point; its value is a Long (null: none), Double (null: none) or String. The
   * bucket start is the one time, written by name as ISO-8601 when asked.
   */
  private record Field(String name, Function<MetricPoint, Object> value) {}

  private static final String BUCKET_START = "bucketStart";
  private static final String GROUP = "group";
  private static final List<Field> FIELDS = List.of(new Field(BUCKET_START, MetricPoint::bucketStart),
      new Field(GROUP, MetricPoint::group), new Field("count", MetricPoint::count),
      new Field("errors", MetricPoint::errors), new Field("successes", MetricPoint::successes),
      new Field("successRate", MetricPoint::successRate), new Field("avg", MetricPoint::avg),
      new Field("p50", MetricPoint::p50), new Field("p95", MetricPoint::p95), new Field("p99", MetricPoint::p99),
      new Field("ttftP50", MetricPoint::ttftP50), new Field("ttftP95", MetricPoint::ttftP95),
      new Field("ttftP99", MetricPoint::ttftP99), new Field("inputTokens", MetricPoint::inputTokens),
      new Field("outputTokens", MetricPoint::outputTokens), new Field("totalTokens", MetricPoint::totalTokens),
      new Field("cost", MetricPoint::cost));

  private MetricsAnswer() {}

  /** {@code {"from": ..., "to": ..., "points": [{field: value, ...}, ...]}}. */
  static HttpResponse json(long from, long to, List<MetricPoint> points, boolean iso) {
    return Json.ok(g -> {
      g.writeStartObject();
      g.writeNumberField("from", from);
      g.writeNumberField("to", to);
      g.writeArrayFieldStart("points");
      for (MetricPoint m : points) {
        g.writeStartObject();
        for (Field f : FIELDS) {
          g.writeFieldName(f.name());
          write(g, f.value().apply(m));
        }
        g.writeEndObject();
      }
      g.writeEndArray();
      g.writeEndObject();
    }, iso);
  }

  /** A header line of the field names, then a line per point ({@link Csv}). */
  static HttpResponse csv(List<MetricPoint> points, boolean iso) {
    List<List<String>> records = new ArrayList<>(points.size());
    for (MetricPoint m : points) {
      List<String> record = new ArrayList<>(FIELDS.size());
      for (Field f : FIELDS) {
        Object v = f.value().apply(m);
        record.add(f.name().equals(BUCKET_START) ? Csv.time(m.bucketStart(), iso)
            : f.name().equals(GROUP) ? Csv.text((String) v)
            : v instanceof Double ? Csv.number((Double) v) : v == null ? null : v.toString());
      }
      records.add(record);
    }
    return Csv.ok(FIELDS.stream().map(Field::name).toList(), records);
  }

  private static void write(JsonGenerator g, Object v) throws IOException {
    if (v == null) {
      g.writeNull();
    } else if (v instanceof Long) {
      g.writeNumber((long) (Long) v);
    } else if (v instanceof Double) {
      g.writeNumber((double) (Double) v);
    } else {
      g.writeString((String) v);
    }
  }
}
