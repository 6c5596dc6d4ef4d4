package dev.sightline.server.governance;

import java.math.BigInteger;
import java.util.Locale;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * A kind of personal or secret value that masking finds by itself. Each has a pattern and, where
 * a pattern alone would catch too much, a check of the candidate (Luhn for card numbers, mod 97
 * for IBANs, the address grammar for IPv6, the digit count for phone numbers). Declared in the
 * order masking applies them: keys first, so that the digits inside a key are not taken for a
 * phone number. Immutable.
 */
enum Detector {
  /** Provider API keys (OpenAI, Anthropic, AWS, GitHub, Slack, Google, Sightline), JWTs and bearer tokens. */
  API_KEY("apiKey", "(?:Bearer\\s+[A-Za-z0-9._~+/-]{16,}=*"
      + "|\\bsk-(?:proj-|ant-)?[A-Za-z0-9_-]{20,}"
      + "|\\bAKIA[0-9A-Z]{16}\\b"
      + "|\\bgh[pousr]_[A-Za-z0-9]{36,}"
      + "|\\bgithub_pat_[A-Za-z0-9_]{22,}"
      + "|\\bxox[abprs]-[A-Za-z0-9-]{10,}"
      + "|\\bAIza[0-9A-Za-z_-]{35}"
      + "|\\bsl_[0-9a-f]{48}\\b"
      + "|\\beyJ[A-Za-z0-9_-]{8,}\\.eyJ[A-Za-z0-9_-]{8,}\\.[A-Za-z0-9_-]{8,})",
      s -> s.contains("Bearer") || s.contains("sk-") || s.contains("AKIA") || s.indexOf('_') >= 0
          || s.contains("xox") || s.contains("AIza") || s.contains("eyJ"),
      s -> true),
  // The lookbehind starts a match only where a run of name characters starts, so a long run
  // without '@' costs one pass, not one per character.
  EMAIL("email", "(?<![A-Za-z0-9._%+-])[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\\.[A-Za-z0-9-]+)*\\.[A-Za-z]{2,}",
      s -> s.indexOf('@') >= 0, s -> true),
  IBAN("iban", "\\b[A-Z]{2}\\d{2}(?: ?[A-Z0-9]){11,30}\\b", Detector::hasDigit, Detector::ibanChecksum),
  CREDIT_CARD("creditCard", "(?<![\\d.])\\d(?:[ -]?\\d){12,18}(?![\\d.])", Detector::hasDigit, Detector::luhn),
  IP_ADDRESS("ipAddress", "(?<![\\w.:])(?:(?:25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)(?:\\.(?:25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)){3}"
      + "|(?:[0-9A-Fa-f]{0,4}:){2,7}[0-9A-Fa-f]{0,4})(?![\\w.:])",
      s -> s.indexOf(':') >= 0 || s.indexOf('.') >= 0 && hasDigit(s), Detector::ipAddress),
  /** Phone numbers of 9 to 15 digits, with a country code or separators; not dates or plain counts. */
  PHONE("phone", "(?<![\\w+])(?:\\+\\d{1,3}[ .-]?)?(?:\\(\\d{1,4}\\)[ .-]?)?\\d{2,4}(?:[ .-]?\\d{2,5}){1,4}(?!\\w)",
      Detector::hasDigit, Detector::phone);

  private static final Pattern ISO_DATE = Pattern.compile("\\d{4}-\\d{2}-\\d{2}");
  private static final Pattern HEX_GROUP = Pattern.compile("[0-9A-Fa-f]{1,4}");

  private final String setting;
  private final Pattern pattern;
  /** A cheap test that rules out most texts without a match, before the pattern runs. */
  private final Predicate<String> worthScanning;
  private final Predicate<String> check;

  Detector(String setting, String regex, Predicate<String> worthScanning, Predicate<String> check) {
    this.setting = setting;
    this.pattern = Pattern.compile(regex);
    this.worthScanning = worthScanning;
    this.check = check;
  }

  /** Whether the text may hold a match: false means it holds none. */
  boolean worthScanning(String text) {
    return worthScanning.test(text);
  }

  static boolean hasDigit(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c >= '0' && c <= '9') {
        return true;
      }
    }
    return false;
  }

  /** Its name in the settings ({@code creditCard}). */
  String setting() {
    return setting;
  }

  /** What a masked value becomes: {@code [CREDIT_CARD]}. */
  String replacement() {
    return "[" + name() + "]";
  }

  Pattern pattern() {
    return pattern;
  }

  /** Whether a match of the pattern is really such a value. */
  boolean accepts(String candidate) {
    return check.test(candidate);
  }

  static Detector ofSetting(String setting) {
    for (Detector d : values()) {
      if (d.setting.equals(setting)) {
        return d;
      }
    }
    return null;
  }

  static boolean luhn(String candidate) {
    String digits = candidate.replaceAll("[ -]", "");
    if (digits.length() < 13 || digits.length() > 19) {
      return false;
    }
    int sum = 0;
    for (int i = 0; i < digits.length(); i++) {
      int d = digits.charAt(digits.length() - 1 - i) - '0';
      sum += i % 2 == 1 ? (d * 2 > 9 ? d * 2 - 9 : d * 2) : d;
    }
    return sum % 10 == 0;
  }

  static boolean ibanChecksum(String candidate) {
    String iban = candidate.replace(" ", "").toUpperCase(Locale.ROOT);
    if (iban.length() < 15 || iban.length() > 34) {
      return false;
    }
    StringBuilder digits = new StringBuilder();
    for (char ch : (iban.substring(4) + iban.substring(0, 4)).toCharArray()) {
      digits.append(Character.isDigit(ch) ? String.valueOf(ch) : String.valueOf(ch - 'A' + 10));
    }
    return new BigInteger(digits.toString()).mod(BigInteger.valueOf(97)).intValue() == 1;
  }

  /** IPv4 as matched; IPv6 in full or with one {@code ::}, at most eight groups of 1–4 hex digits. */
  static boolean ipAddress(String candidate) {
    if (candidate.indexOf(':') < 0) {
      return true;
    }
    int gap = candidate.indexOf("::");
    if (gap >= 0 && candidate.indexOf("::", gap + 1) >= 0) {
      return false;
    }
    String[] parts = (gap < 0 ? candidate : candidate.replace("::", ":x:")).split(":", -1);
    int groups = 0;
    for (int i = 0; i < parts.length; i++) {
      boolean edge = i == 0 || i == parts.length - 1;
      if (parts[i].equals("x") || gap >= 0 && edge && parts[i].isEmpty()) {
        continue; // the "::", and the empty edge of "::1" or "fe80::"
      }
      if (!HEX_GROUP.matcher(parts[i]).matches()) {
        return false;
      }
      groups++;
    }
    return gap < 0 ? groups == 8 : groups >= 1 && groups <= 7 && candidate.length() > 2;
  }

  static boolean phone(String candidate) {
    long digits = candidate.chars().filter(Character::isDigit).count();
    boolean formatted = candidate.startsWith("+") || candidate.chars().anyMatch(c -> c == ' ' || c == '-' || c == '.' || c == '(');
    return digits >= 9 && digits <= 15 && formatted && !ISO_DATE.matcher(candidate).lookingAt();
  }
}
