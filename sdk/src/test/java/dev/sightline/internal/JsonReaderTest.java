package dev.sightline.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The SDK's reader of the server's JSON answers (prompt versions, dataset items). */
class JsonReaderTest {

  @Test
  void readsValuesEscapesAndNesting() {
    Object v = JsonReader.parse(" {\"a\": [1, -2.5e1, true, false, null, \"x\\\"\\\\\\n\\u00e9\"], \"b\": {},"
        + " \"big\": 12345678901234567890} ");
    assertThat(v).isEqualTo(Map.of("a", Arrays.asList(1L, -25.0, true, false, null, "x\"\\\né"), "b", Map.of(),
        "big", 12345678901234567890.0));
    assertThat(JsonReader.parse("[]")).isEqualTo(List.of());
  }

  @Test
  void refusesWhatIsNotJson() {
    for (String bad : List.of("{\"a\" 1}", "[1,]", "\"open", "1 2")) {
      assertThatThrownBy(() -> JsonReader.parse(bad)).as(bad).isInstanceOf(IllegalArgumentException.class);
    }
  }
}
