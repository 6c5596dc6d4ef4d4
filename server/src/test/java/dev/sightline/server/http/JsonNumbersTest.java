package dev.sightline.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.io.SerializedString;
import java.math.BigDecimal;
import java.math.MathContext;
import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** No JSON answer carries Infinity, NaN or binary noise, whatever a sum came to. */
class JsonNumbersTest {
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
        .isEqualTo("{\"cost\":null,\"low\":null,\"nan\":null,\"f\":null,\"boxed\":null,\"fine\":3400000000}");
  }

  @Test
  void sumsAreWrittenWithoutBinaryNoise() {
    byte[] json = Json.bytes(g -> {
      g.writeStartArray();
      g.writeNumber(0.00011 + 0.0000825); // 1.9250000000000002E-4 in binary
      g.writeNumber(0.1 + 0.2);
      g.writeNumber(0.92);
      g.writeNumber(-1.5);
      g.writeNumber(0.0);
      g.writeNumber(1e-25);
      g.writeNumber(12345678.9);
      g.writeNumber(0.1f);
      g.writeEndArray();
    });
    assertThat(new String(json, StandardCharsets.UTF_8))
        .isEqualTo("[0.0001925,0.3,0.92,-1.5,0,1E-25,12345678.9,0.1]");
  }

  @Test
  void theShortcutGivesTheRoundingOfTheExactValue() {
    SplittableRandom random = new SplittableRandom(7);
    for (int i = 0; i < 200_000; i++) {
      // Costs and rates as they come (few digits), sums of them (binary noise) and any bits at all.
      double v = switch (i % 3) {
        case 0 -> Math.round(random.nextDouble() * 1e6) / Math.pow(10, random.nextInt(12));
        case 1 -> random.nextDouble() * 0.01 + random.nextDouble() * 0.003;
        default -> Double.longBitsToDouble(random.nextLong());
      };
      if (!Double.isFinite(v) || v == 0) {
        continue;
      }
      BigDecimal exact = new BigDecimal(v).round(new MathContext(15)).stripTrailingZeros();
      int exponent = exact.precision() - exact.scale() - 1;
      assertThat(JsonNumbers.text(v)).as("%s", v)
          .isEqualTo(Math.abs(exponent) <= 20 ? exact.toPlainString() : exact.toString());
    }
  }

  @Test
  void rawValuesReachTheGeneratorAsBytes() {
    // Bytes that differ from the text show which of the two the generator wrote.
    SerializedString raw = new SerializedString("{}") {
      {
        _unquotedUTF8Ref = "[1]".getBytes(StandardCharsets.UTF_8);
      }
    };
    byte[] plain = Json.bytes(g -> g.writeRawValue(raw));
    byte[] withTimes = Json.bytes(g -> new IsoTimes(g).writeRawValue(raw));
    assertThat(new String(plain, StandardCharsets.UTF_8)).isEqualTo("[1]");
    assertThat(new String(withTimes, StandardCharsets.UTF_8)).isEqualTo("[1]");
  }
}
