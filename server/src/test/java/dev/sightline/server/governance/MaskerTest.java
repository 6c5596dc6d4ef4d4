package dev.sightline.server.governance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sightline.core.model.Row;
import dev.sightline.core.model.Schema;
import dev.sightline.core.model.Table;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class MaskerTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final Masker all = new Masker(new MaskingSettings(EnumSet.allOf(Detector.class), List.of(), List.of()));

  /** Each detector on values it must mask, and on look-alikes it must leave alone. */
  @ParameterizedTest(name = "{0}: {1}")
  @CsvSource(delimiter = '|', value = {
      "EMAIL       | write to ada.lovelace+ai@example.co.uk today | write to [EMAIL] today",
      "EMAIL       | user@localhost or @handle                      | user@localhost or @handle",
      "PHONE       | call +49 30 1234567 now                        | call [PHONE] now",
      "PHONE       | call (555) 123-4567 now                        | call [PHONE] now",
      "PHONE       | on 2026-11-22, 3 items, order 12345678         | on 2026-11-22, 3 items, order 12345678",
      "CREDIT_CARD | card 4111 1111 1111 1111 exp                   | card [CREDIT_CARD] exp",
      "CREDIT_CARD | card 4111-1111-1111-1112 fails Luhn            | card 4111-1111-1111-1112 fails Luhn",
      "IBAN        | pay DE89 3704 0044 0532 0130 00 please          | pay [IBAN] please",
      "IBAN        | ref DE89370400440532013001 wrong checksum      | ref DE89370400440532013001 wrong checksum",
      "IP_ADDRESS  | from 192.168.1.20 and 2001:db8::8a2e:370:7334 | from [IP_ADDRESS] and [IP_ADDRESS]",
      "IP_ADDRESS  | version 1.2.3 at 10:15:30 and 999.1.1.1        | version 1.2.3 at 10:15:30 and 999.1.1.1",
      "API_KEY     | key sk-proj-abcdefghijklmnopqrstuvwx1234       | key [API_KEY]",
      "API_KEY     | Authorization: Bearer abcdef0123456789abcdef   | Authorization: [API_KEY]",
      "API_KEY     | aws AKIAIOSFODNN7EXAMPLE and ghp_abcdefghijklmnopqrstuvwxyz0123456789 | aws [API_KEY] and [API_KEY]",
      "API_KEY     | the word sk-short and skeleton                 | the word sk-short and skeleton",
  })
  void detectorsMaskWhatTheyNameAndNothingElse(String kind, String text, String expected) {
    Map<String, Integer> found = new TreeMap<>();
    assertThat(all.maskText(text, found)).isEqualTo(expected);
    if (expected.equals(text)) {
      assertThat(found).isEmpty();
    } else {
      assertThat(found).containsOnlyKeys(kind);
    }
  }

  @Test
  void onlyTheDetectorsSwitchedOnMask() {
    Masker emailOnly = new Masker(new MaskingSettings(EnumSet.of(Detector.EMAIL), List.of(), List.of()));
    Map<String, Integer> found = new TreeMap<>();
    assertThat(emailOnly.maskText("ada@example.com +49 30 1234567", found)).isEqualTo("[EMAIL] +49 30 1234567");
    assertThat(found).containsExactly(Map.entry("EMAIL", 1));
  }

  @Test
  void rowsAreMaskedInEveryFreeTextFieldDroppedByPathAndCounted() throws Exception {
    Masker masker = new Masker(MaskingSettings.parse(JSON.readTree("{\"detectors\":{\"email\":true},"
        + "\"rules\":[{\"name\":\"ORDER_ID\",\"pattern\":\"ORD-\\\\d{6}\"}],"
        + "\"dropPaths\":[\"metadata.password\",\"input.user.ssn\"]}"), "masking"));
    Row span = Row.builder(Table.SPANS).set(Schema.PROJECT_ID, "p").set(Schema.TRACE_ID, "t").set(Schema.SPAN_ID, "s")
        .set(Schema.INPUT, "[{\"role\":\"user\",\"content\":\"I am ada@example.com, order ORD-123456\","
            + "\"user\":{\"ssn\":\"078-05-1120\",\"name\":\"Ada\"}}]")
        .set(Schema.OUTPUT, "\"mail bob@example.org\"")
        .set(Schema.METADATA, "{\"password\":\"hunter2\",\"channel\":\"web\"}")
        .set(Schema.ATTRIBUTES, "{\"region\":\"eu\"}")
        .set(Schema.STATUS_MESSAGE, "failed for carol@example.net")
        .set(Schema.NAME, "ada@example.com is a name, not masked").build();

    Row masked = masker.mask(span);

    assertThat(masked.string(Schema.INPUT)).isEqualTo(
        "[{\"role\":\"user\",\"content\":\"I am [EMAIL], order [ORDER_ID]\",\"user\":{\"name\":\"Ada\"}}]");
    assertThat(masked.string(Schema.OUTPUT)).isEqualTo("\"mail [EMAIL]\"");
    assertThat(masked.string(Schema.METADATA)).isEqualTo("{\"channel\":\"web\"}");
    assertThat(masked.string(Schema.STATUS_MESSAGE)).isEqualTo("failed for [EMAIL]");
    assertThat(masked.string(Schema.NAME)).isEqualTo(span.string(Schema.NAME));
    JsonNode attributes = JSON.readTree(masked.string(Schema.ATTRIBUTES));
    assertThat(attributes.path("region").asText()).isEqualTo("eu");
    assertThat(attributes.path("sightline.masked.input.EMAIL").asInt()).isEqualTo(1);
    assertThat(attributes.path("sightline.masked.input.ORDER_ID").asInt()).isEqualTo(1);
    assertThat(attributes.path("sightline.masked.input.DROPPED").asInt()).isEqualTo(1);
    assertThat(attributes.path("sightline.masked.output.EMAIL").asInt()).isEqualTo(1);
    assertThat(attributes.path("sightline.masked.metadata.DROPPED").asInt()).isEqualTo(1);
    assertThat(attributes.path("sightline.masked.statusMessage.EMAIL").asInt()).isEqualTo(1);

    Row clean = Row.builder(Table.SPANS).set(Schema.PROJECT_ID, "p").set(Schema.TRACE_ID, "t")
        .set(Schema.SPAN_ID, "s").set(Schema.INPUT, "{ \"q\" : \"nothing here\" }").build();
    assertThat(masker.mask(clean)).as("untouched, spacing and all").isSameAs(clean);
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "{\"detectors\":{\"ssn\":true}}                      | masking.detectors.ssn: unknown detector; there are apiKey, email, iban, creditCard, ipAddress, phone",
      "{\"detectors\":{\"email\":\"yes\"}}                 | masking.detectors.email: must be true or false",
      "{\"rules\":[{\"name\":\"X\",\"pattern\":\"(\"}]}     | masking.rules[0].pattern: not a valid regular expression: Unclosed group near index 1",
      "{\"rules\":[{\"name\":\"X\",\"pattern\":\"a*\"}]}    | masking.rules[0].pattern: matches the empty string, so it would mask nothing useful",
      "{\"rules\":[{\"name\":\"order id\",\"pattern\":\"x\"}]} | masking.rules[0].name: upper-case letters, digits and '_', up to 32, like ORDER_ID",
      "{\"dropPaths\":[\"password\"]}                      | masking.dropPaths[0]: must be a field (input, output, metadata, attributes, variables, error, statusMessage, comment) and at least one key, joined by dots, like metadata.password",
      "{\"colour\":1}                                      | masking.colour: unknown field; there are [detectors, dropPaths, rules]",
  })
  void badSettingsNameTheField(String settings, String message) throws Exception {
    JsonNode node = JSON.readTree(settings);
    assertThatThrownBy(() -> MaskingSettings.parse(node, "masking")).isInstanceOf(IllegalArgumentException.class)
        .hasMessage(message);
  }
}
