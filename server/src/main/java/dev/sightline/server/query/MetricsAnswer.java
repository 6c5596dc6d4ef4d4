package dev.sightline.server.query;

import static java.nio.charset.StandardCharsets.UTF_8;

import com.fasterxml.jackson.core.JsonGenerator;
import com.linecorp.armeria.common.HttpResponse;
import dev.sightline.core.storage.MetricPoint;
import dev.sightline.core.storage.ScorePoint;
import dev.sightline.server.http.Csv;
import dev.sightline.server.http.Json;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The body of a {@code /api/metrics} answer, as JSON or CSV, for points of traces and spans
 * ({@link #TRACES}) or of scores ({@link #SCORES}): each point's fields are named once, here, in the
 * order both formats write them. Times and durations are microseconds. Immutable.
 *
 * @param <P> the point type
 */
final class MetricsAnswer<P> {
  /**
   * A field of a point; its value is a Long (null: none), Double (null: none), String, or a map of
   * label counts (a JSON object; in CSV, that object's JSON text). The bucket start, the first
   * field, is the one time, written as ISO-8601 when asked.
   */
  private record Field<P>(String name, Function<P, Object> value) {}

  private static final String GROUP = "group";

  static final MetricsAnswer<MetricPoint> TRACES = new MetricsAnswer<>(List.of(
      new Field<>("bucketStart", MetricPoint::bucketStart), new Field<>(GROUP, MetricPoint::group),
      new Field<>("count", MetricPoint::count), new Field<>("errors", MetricPoint::errors),
      new Field<>("successes", MetricPoint::successes), new Field<>("successRate", MetricPoint::successRate),
      new Field<>("avg", MetricPoint::avg), new Field<>("p50", MetricPoint::p50), new Field<>("p95", MetricPoint::p95),
      new Field<>("p99", MetricPoint::p99), new Field<>("ttftP50", MetricPoint::ttftP50),
      new Field<>("ttftP95", MetricPoint::ttftP95), new Field<>("ttftP99", MetricPoint::ttftP99),
      new Field<>("inputTokens", MetricPoint::inputTokens), new Field<>("outputTokens", MetricPoint::outputTokens),
      new Field<>("totalTokens", MetricPoint::totalTokens), new Field<>("cost", MetricPoint::cost)));

  static final MetricsAnswer<ScorePoint> SCORES = new MetricsAnswer<>(List.of(
      new Field<>("bucketStart", ScorePoint::bucketStart), new Field<>(GROUP, ScorePoint::group),
      new Field<>("count", ScorePoint::count), new Field<>("valued", ScorePoint::valued),
      new Field<>("avg", ScorePoint::avg), new Field<>("min", ScorePoint::min), new Field<>("max", ScorePoint::max),
      new Field<>("p50", ScorePoint::p50), new Field<>("p90", ScorePoint::p90),
      new Field<>("labels", ScorePoint::labels)));

  private final List<Field<P>> fields;

  private MetricsAnswer(List<Field<P>> fields) {
    this.fields = fields;
  }

  /** {@code {"from": ..., "to": ..., "points": [{field: value, ...}, ...]}}. */
  HttpResponse json(long from, long to, List<P> points, boolean iso) {
    return Json.ok(g -> {
      g.writeStartObject();
      g.writeNumberField("from", from);
      g.writeNumberField("to", to);
      g.writeArrayFieldStart("points");
      for (P m : points) {
        g.writeStartObject();
        for (Field<P> f : fields) {
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
  HttpResponse csv(List<P> points, boolean iso) {
    List<List<String>> records = new ArrayList<>(points.size());
    for (P m : points) {
      List<String> record = new ArrayList<>(fields.size());
      for (Field<P> f : fields) {
        Object v = f.value().apply(m);
        record.add(f == fields.get(0) ? Csv.time((Long) v, iso)
            : f.name().equals(GROUP) ? Csv.text((String) v)
            : v instanceof Double ? Csv.number((Double) v)
            : v instanceof Map ? new String(Json.bytes(g -> write(g, v)), UTF_8)
            : v == null ? null : v.toString());
      }
      records.add(record);
    }
    return Csv.ok(fields.stream().map(Field::name).toList(), records);
  }

  private static void write(JsonGenerator g, Object v) throws IOException {
    if (v == null) {
      g.writeNull();
    } else if (v instanceof Long) {
      g.writeNumber((long) (Long) v);
    } else if (v instanceof Double) {
      g.writeNumber((double) (Double) v);
    } else if (v instanceof Map) {
      g.writeStartObject();
      for (Map.Entry<?, ?> e : ((Map<?, ?>) v).entrySet()) {
        g.writeNumberField((String) e.getKey(), (Long) e.getValue());
      }
      g.writeEndObject();
    } else {
      g.writeString((String) v);
    }
  }
}
