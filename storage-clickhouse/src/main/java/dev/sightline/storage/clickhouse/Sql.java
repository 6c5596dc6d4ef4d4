package dev.sightline.storage.clickhouse;

import java.util.Collection;
import java.util.stream.Collectors;

/** SQL literals for ClickHouse. Stateless. */
final class Sql {
  private Sql() {}

  /** A string literal: backslashes and quotes escaped, every other byte as is. */
  static String str(String s) {
    return "'" + s.replace("\\", "\\\\").replace("'", "\\'") + "'";
  }

  /** An array literal of strings, typed even when empty. */
  static String strArray(Collection<String> values) {
    return values.isEmpty() ? "CAST([] AS Array(String))"
        : values.stream().map(Sql::str).collect(Collectors.joining(", ", "[", "]"));
  }

  /** A list for {@code IN (...)}; never empty (callers check). */
  static String strList(Collection<String> values) {
    return values.stream().map(Sql::str).collect(Collectors.joining(", ", "(", ")"));
  }

  /**
   * A Float64 equal to {@code d} to the last bit: from its bits, because ClickHouse 18.16 parses
   * decimal float literals only approximately. Whole numbers within 2^53 are written plainly.
   */
  static String dbl(double d) {
    if (d == Math.rint(d) && Math.abs(d) < 0x1p53) {
      return "toFloat64(" + (long) d + ")";
    }
    return "reinterpretAsFloat64(reinterpretAsString(toUInt64(" + Long.toUnsignedString(Double.doubleToRawLongBits(d)) + ")))";
  }
}
