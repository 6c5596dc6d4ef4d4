package dev.sightline.core.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class JsonErrorsTest {
  private final NativeDecoder decoder = new NativeDecoder();

  /** Bodies Jackson refuses, each with what the sender must read instead of the parser's internals. */
  @ParameterizedTest
  @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
      "{                                   | malformed JSON: the body ends before the JSON value is complete (line 1, column 2)",
      "`{\"batch\":[{\"a\":}]}`            | malformed JSON: unexpected '}': expected a value (line 1, column 16)",
      "`{\"batch\":[1 2]}`                 | malformed JSON: unexpected '2': expected ',' or ']' after an array element (line 1, column 13)",
      "`{\"batch\":[{\"a\" 1}]}`           | malformed JSON: unexpected '1': expected a colon to separate field name and value (line 1, column 16)",
      "`{\"batch\":[{a:1}]}`               | malformed JSON: unexpected 'a': expected a field name in double quotes (line 1, column 12)",
      "`{\"batch\":[tru]}`                 | malformed JSON: unrecognized token 'tru': expected a string, number, array, object, true, false or null (line 1, column 11)",
      "`{\"batch\":[\"a\u0001\"]}`         | malformed JSON: control character U+0001 in a string: it must be escaped (\\u0001) (line 1, column 13)",
  })
  void wordsParserErrorsWithoutItsInternals(String body, String message) {
    IngestException e = catchThrowableOfType(
        () -> decoder.decode(body.getBytes(StandardCharsets.UTF_8), "p1", 0), IngestException.class);

    assertThat(e.status()).isEqualTo(400);
    assertThat(e.getMessage()).isEqualTo(message)
        .doesNotContain("REDACTED", "Source:", "StreamReadFeature", "start marker");
  }
}
