package dev.sightline.server.evaluation;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.sightline.server.governance.PiiScan;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/** The checks of the text kinds, each built from its config (errors name the field). */
final class TextChecks {
  /** The PII kinds scanned when {@code config.kinds} is absent. */
  static final List<String> DEFAULT_PII = List.of("apiKey", "email", "iban", "creditCard", "phone");
  /** How many findings a comment names before "...". */
  private static final int SHOWN = 5;

  private TextChecks() {}

  /** {@code json-valid}: the text is one JSON value. */
  static LocalJudge.TextCheck jsonValid(Config config) {
    return text -> {
      try {
        JsonText.parse(text);
        return Verdict.pass("valid JSON");
      } catch (JsonProcessingException e) {
        return Verdict.fail("not JSON: " + JsonText.reason(e));
      }
    };
  }

  /** {@code regex}: a match of {@code config.pattern} is found, if {@code config.mustMatch}, else none is. */
  static LocalJudge.TextCheck regex(Config config) {
    String source = config.text("pattern");
    Pattern pattern;
    try {
      pattern = Pattern.compile(source);
    } catch (PatternSyntaxException e) {
      throw Config.error("pattern", "not a valid regular expression: " + e.getDescription());
    }
    boolean mustMatch = config.bool("mustMatch", true);
    return text -> {
      Matcher m = pattern.matcher(BoundedText.of(text));
      boolean found;
      try {
        found = m.find();
      } catch (BoundedText.TooSlow e) {
        throw new EvaluationException("the pattern took too long on this text (it backtracks too much)");
      }
      String comment = found ? "matches at character " + m.start() : "no match of " + source;
      return Verdict.of(found == mustMatch, comment);
    };
  }

  /** {@code contains}: {@code config.values} found in the text, per {@code config.mode}. */
  static LocalJudge.TextCheck contains(Config config) {
    List<String> values = config.strings("values");
    String mode = config.choice("mode", List.of("any", "all", "none"));
    boolean caseSensitive = config.bool("caseSensitive", false);
    List<String> needles = caseSensitive ? values : values.stream().map(v -> v.toLowerCase(Locale.ROOT)).toList();
    return text -> {
      String haystack = caseSensitive ? text : text.toLowerCase(Locale.ROOT);
      List<String> found = new ArrayList<>();
      List<String> missing = new ArrayList<>();
      for (int i = 0; i < values.size(); i++) {
        (haystack.contains(needles.get(i)) ? found : missing).add(values.get(i));
      }
      return switch (mode) {
        case "all" -> Verdict.of(missing.isEmpty(), missing.isEmpty() ? "contains all " + values.size()
            : "missing " + quoted(missing));
        case "none" -> Verdict.of(found.isEmpty(), found.isEmpty() ? "contains none" : "contains " + quoted(found));
        default -> Verdict.of(!found.isEmpty(), found.isEmpty() ? "contains none of " + quoted(values)
            : "contains " + quoted(found));
      };
    };
  }

  /** {@code length}: the count of characters (Unicode code points) is within {@code config.min}-{@code config.max}. */
  static LocalJudge.TextCheck length(Config config) {
    Integer min = config.integer("min", 0, Integer.MAX_VALUE, null);
    Integer max = config.integer("max", 0, Integer.MAX_VALUE, null);
    if (min == null && max == null) {
      throw Config.error("min", "give min, max or both");
    }
    if (min != null && max != null && min > max) {
      throw Config.error("max", "must be at least min (" + min + ")");
    }
    return text -> {
      int n = text.codePointCount(0, text.length());
      if (min != null && n < min) {
        return Verdict.fail(n + " characters, fewer than " + min);
      }
      if (max != null && n > max) {
        return Verdict.fail(n + " characters, more than " + max);
      }
      return Verdict.pass(n + " characters");
    };
  }

  /** {@code word-list}: counts the whole-word, case-insensitive matches of {@code config.words}. */
  static LocalJudge.TextCheck wordList(Config config) {
    List<String> words = config.strings("words");
    StringBuilder alternatives = new StringBuilder();
    for (String w : words) {
      alternatives.append(alternatives.length() == 0 ? "" : "|").append(Pattern.quote(w));
    }
    // Word edges by letters and digits, not \b, so that words ending in punctuation still match.
    Pattern pattern = Pattern.compile("(?<![\\p{L}\\p{N}_])(?:" + alternatives + ")(?![\\p{L}\\p{N}_])",
        Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);
    return text -> {
      Matcher m = pattern.matcher(text);
      int n = 0;
      Set<String> found = new LinkedHashSet<>();
      while (m.find()) {
        n++;
        found.add(m.group().toLowerCase(Locale.ROOT));
      }
      return count(n, n == 0 ? "no listed word" : "found " + quoted(new ArrayList<>(found)), Map.of());
    };
  }

  /** {@code pii}: counts personal and secret values of {@code config.kinds} (default {@link #DEFAULT_PII}). */
  static LocalJudge.TextCheck pii(Config config) {
    List<String> kinds = config.has("kinds") ? config.strings("kinds") : DEFAULT_PII;
    PiiScan scan;
    try {
      scan = PiiScan.of(new LinkedHashSet<>(kinds));
    } catch (IllegalArgumentException e) {
      throw Config.error("kinds", e.getMessage());
    }
    return text -> {
      Map<String, Integer> counts = scan.count(text);
      int total = counts.values().stream().mapToInt(Integer::intValue).sum();
      List<String> parts = new ArrayList<>();
      counts.forEach((kind, n) -> parts.add(kind + ": " + n));
      return count(total, total == 0 ? "none found" : String.join(", ", parts), new LinkedHashMap<>(counts));
    };
  }

  /** Value {@code n}, label {@code none} or {@code found}. */
  private static Verdict count(int n, String comment, Map<String, Object> details) {
    return new Verdict((double) n, n == 0 ? "none" : "found", comment, details);
  }

  /** The first few values, quoted, then how many more. */
  static String quoted(List<String> values) {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < Math.min(SHOWN, values.size()); i++) {
      out.append(i == 0 ? "" : ", ").append('"').append(values.get(i)).append('"');
    }
    return values.size() > SHOWN ? out + " and " + (values.size() - SHOWN) + " more" : out.toString();
  }
}
