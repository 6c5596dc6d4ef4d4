package dev.sightline.storage.duckdb;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sightline.core.model.EvaluatorVerdict;
import dev.sightline.core.model.Row;
import dev.sightline.core.model.Schema;
import dev.sightline.core.model.Table;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** A payload record reads back as written, and holds each text's UTF-8 exactly as the JDK makes it. */
class PayloadsTest {

  @Test
  void roundTripsEveryKindOfText() {
    Random random = new Random(5);
    String alphabet = "aZ9 \"\\\n\té€ÉßİΣ中\ud83d\ude00\ud800x";
    for (int i = 0; i < 2000; i++) {
      Row.Builder row = Row.builder(Table.SPANS);
      for (var c : Payloads.columns(Table.SPANS)) {
        if (random.nextInt(4) > 0) {
          StringBuilder text = new StringBuilder();
          for (int n = random.nextInt(i % 50 == 0 ? 5000 : 40); n > 0; n--) {
            text.append(alphabet.charAt(random.nextInt(alphabet.length())));
          }
          row.set(c, text.toString());
        }
      }
      Row written = row.build();
      List<EvaluatorVerdict> packed = new ArrayList<>();
      for (int k = random.nextInt(4); k > 0; k--) {
        packed.add(new EvaluatorVerdict("e" + k, k, null, null, random.nextBoolean() ? null : "c" + k + "é\u2713",
            "{\"evaluatorVersion\":" + k + ",\"kind\":\"x\"}"));
      }
      byte[] out = new byte[Payloads.maxEncodedLength(written, packed) + 7];
      int end = Payloads.encode(written, packed, out, 7);
      assertThat(end).isLessThanOrEqualTo(out.length);
      Row.Builder read = Row.builder(Table.SPANS);
      Payloads.decode(out, 7, read); // a record that starts inside a block
      assertSameTexts(written, read.build(), i);
      for (int k = 0; k < packed.size(); k++) {
        Row.Builder score = Row.builder(Table.SCORES);
        Payloads.decode(out, Payloads.packedAt(out, 7, k), score);
        Row expected = Row.builder(Table.SCORES).set(Schema.COMMENT, packed.get(k).comment())
            .set(Schema.METADATA, packed.get(k).metadata()).build();
        assertSameTexts(expected, score.build(), i);
      }
    }
  }

  private static void assertSameTexts(Row written, Row read, int i) {
    for (var c : Payloads.columns(written.table())) {
      String value = written.string(c);
      String expected = value == null ? null : new String(value.getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8);
      assertThat(read.get(c)).as("%s of row %d", c, i).isEqualTo(expected);
    }
  }

  @Test
  void aRowWithoutTextsHasOneByteAColumn() {
    Row row = Row.builder(Table.TRACES).set(Schema.NAME, "n").build();
    byte[] out = new byte[Payloads.maxEncodedLength(row, List.of())];
    assertThat(Payloads.encode(row, List.of(), out, 0)).isEqualTo(Payloads.columns(Table.TRACES).size());
  }
}
