package dev.sightline.storage.clickhouse;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sightline.core.storage.Sums;
import java.math.BigInteger;

/**
 * SQL of the aggregates that metrics and groups share, with the exact definitions of the contract:
 * token sums in {@code Decimal128} (exact past 2^63 − 1, saturated in Java as {@link Sums} says),
 * percentiles interpolated between the closest ranks of the sorted values. Stateless.
 */
final class Aggregates {
  private static final BigInteger MAX = BigInteger.valueOf(Sums.SATURATED);

  private Aggregates() {}

  /** {@code input_sum}, {@code output_sum}, {@code total_sum}: exact token sums as text. */
  static String tokenSums() {
    return exactSum("input_tokens") + " AS input_sum, " + exactSum("output_tokens") + " AS output_sum, "
        + exactSum("total_tokens") + " AS total_sum";
  }

  /** The exact sum of a nullable Int64 column, as text ("0" if every value is null). */
  static String exactSum(String column) {
    return "toString(sum(toDecimal128(ifNull(" + column + ", 0), 0)))";
  }

  /** A sum from {@link #exactSum}, saturated at 2^63 − 1. */
  static long saturated(JsonNode row, String field) {
    BigInteger sum = new BigInteger(row.get(field).asText());
    return sum.min(MAX).longValueExact();
  }

  /**
   * The percentile {@code p} of a sorted array expression: with n values, r = (n - 1) * p,
   * lo = floor(r), hi = ceil(r), f = r - lo, {@code a[lo] * (1 - f) + a[hi] * f} in Float64, the
   * same operations as the reference's, so the same double; NULL for an empty array.
   */
  static String percentile(String sortedArray, double p) {
    String r = "((length(" + sortedArray + ") - 1) * " + Sql.dbl(p) + ")";
    String lo = "floor(" + r + ")";
    String f = "(" + r + " - " + lo + ")";
    return "if(empty(" + sortedArray + "), NULL, toFloat64(" + sortedArray + "[toUInt64(" + lo + ") + 1]) * (1 - " + f
        + ") + toFloat64(" + sortedArray + "[toUInt64(ceil(" + r + ")) + 1]) * " + f + ")";
  }
}
