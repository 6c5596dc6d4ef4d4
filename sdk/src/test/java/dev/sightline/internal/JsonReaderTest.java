package dev.sightline.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The SDK's reader of the server's JSON answers. */
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
    assertThatThrownBy(() -> JsonReader.parse("{\"a\" 1}")).hasMessage("not JSON at character 5: ':' expected");
    assertThatThrownBy(() -> JsonReader.parse("[1,]")).hasMessageContaining("value expected");
    assertThatThrownBy(() -> JsonReader.parse("\"open")).hasMessageContaining("unterminated string");
    assertThatThrownBy(() -> JsonReader.parse("1 2")).hasMessageContaining("end of document expected");
    assertThatThrownBy(() -> JsonReader.parse("[".repeat(100))).hasMessageContaining("nested deeper than 64");
  }
}
