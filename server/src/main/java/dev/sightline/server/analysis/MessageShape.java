package dev.sightline.server.analysis;

import java.util.List;
import java.util.regex.Pattern;

/**
 * Turns an error message into its pattern: the parts that differ between occurrences of one error
 * (ids, numbers, quoted values, paths, addresses) are replaced by placeholders, so messages that
 * differ only in those group together. The rules apply in this order, each to what the previous
 * left: URLs {@code <url>}, e-mail addresses {@code <email>}, quoted values {@code "<str>"},
 * UUIDs {@code <id>}, ISO-8601 times {@code <time>}, hex ids (8+ hex digits with a digit, or
 * {@code 0x…}) and long tokens of letters and digits (16+ characters with both) {@code <id>},
 * paths {@code <path>}, numbers {@code <num>}; then runs of spaces become one and the ends are
 * trimmed. Only the first {@value #MAX_INPUT} characters are read and the pattern is cut to
 * {@value #MAX_PATTERN}. Thread-safe.
 */
final class MessageShape {
  static final int MAX_INPUT = 2000;
  static final int MAX_PATTERN = 500;

  private record Rule(Pattern pattern, String replacement) {}

  private static final List<Rule> RULES = List.of(
      new Rule(Pattern.compile("\\b[A-Za-z][A-Za-z0-9+.-]{1,15}://[^\\s\"'<>]+"), "<url>"),
      new Rule(Pattern.compile("[A-Za-z0-9._%+-]{1,64}@[A-Za-z0-9-]{1,63}(?:\\.[A-Za-z0-9-]{1,63})+"), "<email>"),
      new Rule(Pattern.compile("\"[^\"\\n]{0,500}\"|(?<![\\w])'[^'\\n]{0,500}'(?![\\w])|`[^`\\n]{0,500}`"),
          "\"<str>\""),
      new Rule(Pattern.compile("\\b[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}\\b"), "<id>"),
      new Rule(Pattern.compile("\\b\\d{4}-\\d{2}-\\d{2}[T ]\\d{2}:\\d{2}(?::\\d{2}(?:\\.\\d{1,9})?)?(?:Z|[+-]\\d{2}:?\\d{2})?"),
          "<time>"),
      new Rule(Pattern.compile("\\b0x[0-9a-fA-F]+\\b|\\b(?=[0-9a-fA-F]*\\d)[0-9a-fA-F]{8,}\\b"
          + "|\\b(?=[\\w-]*\\d)(?=[\\w-]*[A-Za-z])[A-Za-z0-9][\\w-]{15,}\\b"), "<id>"),
      new Rule(Pattern.compile("(?<![\\w<>/.])(?:/[\\w.@%+~-]+)+/?|\\b[A-Za-z]:\\\\[\\w\\\\.-]+"), "<path>"),
      new Rule(Pattern.compile("(?<![A-Za-z_<])[-+]?\\d+(?:[.,]\\d+)*"), "<num>"),
      new Rule(Pattern.compile("\\s+"), " "));

  private MessageShape() {}

  /** The pattern of a message (see the class comment); never null. */
  static String of(String message) {
    String s = message.length() > MAX_INPUT ? message.substring(0, MAX_INPUT) : message;
    for (Rule rule : RULES) {
      s = rule.pattern().matcher(s).replaceAll(rule.replacement());
    }
    s = s.strip();
    return s.length() > MAX_PATTERN ? s.substring(0, MAX_PATTERN) : s;
  }
}
