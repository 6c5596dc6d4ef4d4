package dev.sightline.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** No JSON answer carries Infinity or NaN, whatever a sum came to. */
class FiniteNumbersTest {
  @Test
  void nonFiniteNumbersAreWrittenAsNull() {
    byte[] json = Json.bytes(g -> {
      g.writeStartObject();
      g.writeNumberField("cost", Double.POSITIVE_INFINITY);
      g.writeNumberField("low", Double.NEGATIVE_INFINITY);
      g.writeNumberField("nan", Double.NaN);
      g.writeNumberField("f", Float.POSITIVE_INFINITY);
      g.writeFieldName("boxed");
      g.writeNumber((Double) Double.NaN);
      g.writeNumberField("fine", 3.4e9);
      g.writeEndObject();
    });
    assertThat(new String(json, StandardCharsets.UTF_8))
        .isEqualTo("{\"cost\":null,\"low\":null,\"nan\":null,\"f\":null,\"boxed\":null,\"fine\":3.4E9}");
  }
}
