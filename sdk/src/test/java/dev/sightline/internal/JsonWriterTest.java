package dev.sightline.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class JsonWriterTest {
  record Point(int x, String label) {}

  enum Color { RED }

  private static String write(Object value) {
    JsonWriter w = new JsonWriter(8);
    w.value(value);
    return new String(w.array(), 0, w.size(), StandardCharsets.UTF_8);
  }

  @Test
  void writesEveryKindOfValue() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("s", "a\"b\\c\n\t\u0001é€😀");
    m.put("n", 42);
    m.put("d", 1.5);
    m.put("nan", Double.NaN);
    m.put("b", true);
    m.put("null", null);
    m.put("list", List.of(1, "two"));
    m.put("arr", new int[] {1, 2});
    m.put("rec", new Point(3, "p"));
    m.put("opt", Optional.of("x"));
    m.put("enum", Color.RED);
    m.put("time", Instant.parse("2026-01-01T00:00:00Z"));
    m.put("min", Long.MIN_VALUE);
    assertThat(write(m)).isEqualTo("{\"s\":\"a\\\"b\\\\c\\n\\t\\u0001é€😀\",\"n\":42,\"d\":1.5,\"nan\":null,"
        + "\"b\":true,\"null\":null,\"list\":[1,\"two\"],\"arr\":[1,2],\"rec\":{\"x\":3,\"label\":\"p\"},"
        + "\"opt\":\"x\",\"enum\":\"RED\",\"time\":\"2026-01-01T00:00:00Z\",\"min\":-9223372036854775808}");
  }

  @Test
  void cutsCyclesAndLoneSurrogatesAndStaysValidJson() throws Exception {
    List<Object> cyclic = new ArrayList<>();
    cyclic.add(cyclic);
    String text = write(Map.of("c", cyclic, "lone", "x\uD800y"));
    new ObjectMapper().readTree(text); // parses
    assertThat(text).contains("x?y").contains("nested too deep");
  }

  @Test
  void rollbackDropsAHalfWrittenItem() throws Exception {
    JsonWriter w = new JsonWriter(8);
    w.beginArray();
    w.mark();
    w.beginObject().name("a");
    w.rollback();
    w.value(1);
    w.mark();
    w.value(2);
    w.rollback();
    w.value(3);
    w.endArray();
    assertThat(new String(w.array(), 0, w.size(), StandardCharsets.UTF_8)).isEqualTo("[1,3]");
  }
}
