package dev.sightline.core.codec;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.core.io.JsonEOFException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A request body that is not JSON, described in Sightline's words: the parser's own messages
 * carry its internals (feature names, a redacted source, character codes) that mean nothing to
 * the sender. Every JSON decoder of request bodies answers through here, so they word it alike.
 */
public final class JsonErrors {
  private static final Pattern UNEXPECTED =
      Pattern.compile("^Unexpected character \\((?:'(.*)' )?\\(code (\\d+)[^)]*\\)\\):?\\s*(.*)$", Pattern.DOTALL);
  private static final Pattern CONTROL = Pattern.compile("^Illegal unquoted character \\(\\(CTRL-CHAR, code (\\d+)\\)\\).*", Pattern.DOTALL);
  /** Parser detail that names its internals rather than the input: a start marker, a source. */
  private static final Pattern INTERNALS = Pattern.compile("\\s*(\\(start marker at \\[.*|\\[Source:.*)$", Pattern.DOTALL);

  /**
   * The 400 (or, for a document nested too deeply, a 400 naming the limit) for a body the parser
   * refused.
   *
   * @param maxDepth the nesting limit the decoder's parser enforces
   */
  public static IngestException malformed(JsonProcessingException e, int maxDepth) {
    if (e instanceof StreamConstraintsException) {
      return new IngestException(400, "body: nesting deeper than " + maxDepth + " levels or too large a value");
    }
    return new IngestException(400, "malformed JSON: " + describe(e) + at(e.getLocation()));
  }

  /** Where in the body, as " (line L, column C)", or nothing when the parser does not know. */
  public static String at(JsonLocation location) {
    return location == null ? ""
        : " (line " + location.getLineNr() + ", column " + location.getColumnNr() + ")";
  }

  static String describe(JsonProcessingException e) {
    if (e instanceof JsonEOFException) {
      return "the body ends before the JSON value is complete";
    }
    String message = e.getOriginalMessage() == null ? "" : e.getOriginalMessage();
    Matcher control = CONTROL.matcher(message);
    if (control.matches()) {
      return String.format("control character U+%04X in a string: it must be escaped (\\u%04x)",
          Integer.parseInt(control.group(1)), Integer.parseInt(control.group(1)));
    }
    Matcher unexpected = UNEXPECTED.matcher(message);
    if (unexpected.matches()) {
      String seen = unexpected.group(1) != null ? "'" + unexpected.group(1) + "'"
          : String.format("U+%04X", Integer.parseInt(unexpected.group(2)));
      String rest = INTERNALS.matcher(unexpected.group(3)).replaceFirst("");
      return "unexpected " + seen + (rest.isEmpty() ? "" : ": " + ourWords(lowerFirst(rest)));
    }
    String plain = INTERNALS.matcher(message).replaceFirst("").strip();
    return plain.isEmpty() ? "not valid JSON" : ourWords(lowerFirst(plain));
  }

  /** The parser's phrases that name its own types, said as the API's documentation says them. */
  private static String ourWords(String s) {
    return s.replace("was expecting (JSON String, Number, Array, Object or token 'null', 'true' or 'false')",
            "expected a string, number, array, object, true, false or null")
        .replace("was expecting comma to separate Array entries", "expected ',' or ']' after an array element")
        .replace("was expecting comma to separate Object entries", "expected ',' or '}' after an object member")
        .replace("was expecting double-quote to start field name", "expected a field name in double quotes")
        .replace("was expecting ", "expected ");
  }

  private static String lowerFirst(String s) {
    return s.isEmpty() ? s : Character.toLowerCase(s.charAt(0)) + s.substring(1);
  }

  private JsonErrors() {}
}
