package dev.sightline.server.http;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.util.JsonGeneratorDelegate;
import dev.sightline.core.model.ColumnType;
import dev.sightline.core.model.Table;
import java.io.IOException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.HashSet;
import java.util.Set;

/**
 * A generator that writes the API's times as ISO-8601 strings instead of epoch microseconds, for
 * an answer asked for with {@code ?time=iso}: {@code 2026-11-22T10:15:30.123456Z}, always UTC and
 * always six fraction digits, so that the strings sort as the times do. A time is recognised by
 * its field name, which is unambiguous in the API: every timestamp column of the model, and the
 * times of group and metrics answers. Not thread-safe, like the generator it wraps.
 */
final class IsoTimes extends JsonGeneratorDelegate {
  private static final DateTimeFormatter ISO = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSS'Z'")
      .withZone(ZoneOffset.UTC);
  /** The names of every time field an answer has. */
  static final Set<String> FIELDS = timeFields();

  private String field;

  IsoTimes(JsonGenerator g) {
    super(g, false);
  }

  /**
   * Passed on as it is: {@link JsonGeneratorDelegate} does not, and the default turns it into a
   * {@code String} that the generator encodes char by char, which made raw payloads the largest
   * cost of writing an export (BENCHMARKS.md, issue 13).
   */
  @Override
  public void writeRawValue(SerializableString text) throws IOException {
    delegate.writeRawValue(text);
  }

  @Override
  public void writeFieldName(String name) throws IOException {
    field = name;
    super.writeFieldName(name);
  }

  @Override
  public void writeFieldName(SerializableString name) throws IOException {
    field = name.getValue();
    super.writeFieldName(name);
  }

  @Override
  public void writeNumber(long v) throws IOException {
    if (field != null && FIELDS.contains(field) && getOutputContext().inObject()) {
      super.writeString(format(v));
    } else {
      super.writeNumber(v);
    }
  }

  /** Epoch microseconds as the ISO-8601 string this class writes. */
  static String format(long micros) {
    return ISO.format(Instant.EPOCH.plus(micros, ChronoUnit.MICROS));
  }

  private static Set<String> timeFields() {
    Set<String> names = new HashSet<>(Set.of("from", "to", "bucketStart", "firstTime", "lastTime"));
    Table.all().stream().flatMap(t -> t.columns().stream())
        .filter(c -> c.type() == ColumnType.TIMESTAMP).forEach(c -> names.add(c.name()));
    return Set.copyOf(names);
  }
}
