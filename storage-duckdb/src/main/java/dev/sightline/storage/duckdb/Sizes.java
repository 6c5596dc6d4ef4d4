package dev.sightline.storage.duckdb;

import java.util.Locale;

/** Byte sizes written as options: {@code 256MB}, {@code 1GB}, {@code 4096} (bytes). Stateless. */
final class Sizes {
  private Sizes() {}

  /**
   * @param option the option's name, for the message
   * @throws IllegalArgumentException naming the option if the text is not a size
   */
  static long parseBytes(String option, String text) {
    String t = text.trim().toUpperCase(Locale.ROOT);
    long unit = 1;
    for (String[] u : new String[][] {{"KB", "1024"}, {"MB", "1048576"}, {"GB", "1073741824"}, {"B", "1"}}) {
      if (t.endsWith(u[0])) {
        unit = Long.parseLong(u[1]);
        t = t.substring(0, t.length() - u[0].length()).trim();
        break;
      }
    }
    try {
      long n = Long.parseLong(t);
      if (n < 0) {
        throw new NumberFormatException();
      }
      return Math.multiplyExact(n, unit);
    } catch (NumberFormatException | ArithmeticException e) {
      throw new IllegalArgumentException(option + ": must be a size such as 256MB, not '" + text + "'");
    }
  }
}
