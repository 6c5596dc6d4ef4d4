package dev.sightline.internal;

import java.lang.reflect.Array;
import java.lang.reflect.RecordComponent;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.temporal.TemporalAccessor;
import java.util.Map;
import java.util.Optional;

/**
 * How any value the recording API accepts is written as JSON: strings, numbers (non-finite ones as
 * null), booleans, maps (keys by {@code String.valueOf}), iterables, arrays, optionals, enums,
 * records (by component), times (ISO-8601) and anything else as its {@code toString()}. Nesting is
 * cut at {@link #MAX_DEPTH} so a cyclic value cannot recurse forever. Runs the value's own code
 * (iterators, accessors, {@code toString}), so only on the exporter thread, never under a lock.
 */
final class JsonValues {
  /** The server rejects documents nested deeper than 64; leave room for the envelope. */
  static final int MAX_DEPTH = 48;

  static void write(JsonWriter out, Object v) {
    if (v == null || v instanceof String) {
      out.value((String) v);
    } else if (v instanceof Boolean) {
      out.value(((Boolean) v).booleanValue());
    } else if (v instanceof Integer || v instanceof Long || v instanceof Short || v instanceof Byte) {
      out.value(((Number) v).longValue());
    } else if (v instanceof Double || v instanceof Float) {
      out.value(((Number) v).doubleValue());
    } else if (out.depth() >= MAX_DEPTH) {
      out.value("[nested too deep]");
    } else {
      writeOther(out, v);
    }
  }

  private static void writeOther(JsonWriter out, Object v) {
    if (v instanceof Map) {
      out.beginObject();
      for (Map.Entry<?, ?> e : ((Map<?, ?>) v).entrySet()) {
        out.name(String.valueOf(e.getKey()));
        write(out, e.getValue());
      }
      out.endObject();
    } else if (v instanceof Iterable) {
      out.beginArray();
      for (Object item : (Iterable<?>) v) {
        write(out, item);
      }
      out.endArray();
    } else if (v.getClass().isArray()) {
      out.beginArray();
      for (int i = 0, n = Array.getLength(v); i < n; i++) {
        write(out, Array.get(v, i));
      }
      out.endArray();
    } else if (v instanceof BigDecimal || v instanceof BigInteger) {
      out.number(v instanceof BigDecimal ? ((BigDecimal) v).toPlainString() : v.toString());
    } else if (v instanceof Number) {
      out.value(((Number) v).doubleValue());
    } else if (v instanceof Optional) {
      write(out, ((Optional<?>) v).orElse(null));
    } else if (v instanceof Enum) {
      out.value(((Enum<?>) v).name());
    } else if (v instanceof TemporalAccessor || v instanceof CharSequence || v instanceof Character) {
      out.value(v.toString());
    } else if (v.getClass().isRecord()) {
      writeRecord(out, v);
    } else {
      out.value(String.valueOf(v));
    }
  }

  private static void writeRecord(JsonWriter out, Object record) {
    out.beginObject();
    for (RecordComponent c : record.getClass().getRecordComponents()) {
      Object component;
      try {
        var accessor = c.getAccessor();
        accessor.setAccessible(true);
        component = accessor.invoke(record);
      } catch (ReflectiveOperationException | RuntimeException e) {
        component = null;
      }
      if (component != null) {
        out.name(c.getName());
        write(out, component);
      }
    }
    out.endObject();
  }

  private JsonValues() {}
}
