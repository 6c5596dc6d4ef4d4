package dev.sightline.server.http;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.util.JsonGeneratorDelegate;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.MathContext;

/**
 * A generator that writes doubles and floats as a client wants to read them:
 * <ul>
 *   <li>without binary noise: rounded to 15 significant digits, the precision a double holds, so a
 *       sum of costs reads {@code 0.0001925}, not {@code 1.9250000000000002E-4}; in plain notation
 *       unless the exponent passes ±20;
 *   <li>a non-finite value (NaN, ±Infinity) as {@code null}: JSON has no such numbers, and Jackson
 *       would write the strings {@code "NaN"} and {@code "Infinity"}, which a client reading a
 *       number cannot take. The input bounds keep every sum finite; this is the last guard.
 * </ul>
 * Not thread-safe, like the generator it wraps.
 */
final class JsonNumbers extends JsonGeneratorDelegate {
  private static final MathContext SIGNIFICANT = new MathContext(15);

  JsonNumbers(JsonGenerator g) {
    super(g, false);
  }

  @Override
  public void writeNumber(double v) throws IOException {
    if (!Double.isFinite(v)) {
      super.writeNull();
    } else if (v == 0) {
      super.writeNumber(0);
    } else {
      super.writeNumber(text(v));
    }
  }

  /** A finite double as this generator writes it: 15 significant digits, plain unless the exponent passes ±20. */
  static String text(double v) {
    if (v == 0) {
      return "0";
    }
    // The JDK's decimal of a normal double is within half an ulp of it, less than half a unit in the
    // 15th digit: when it has at most 15 digits it is the rounding, read without the exact binary
    // expansion (tens of digits for a small cost) that the general path rounds. Subnormals have
    // fewer bits, so their half ulp may be more.
    BigDecimal shortest = Math.abs(v) >= Double.MIN_NORMAL ? new BigDecimal(Double.toString(v)) : null;
    BigDecimal rounded = (shortest != null && shortest.precision() <= 15 ? shortest
        : new BigDecimal(v).round(SIGNIFICANT)).stripTrailingZeros();
    int exponent = rounded.precision() - rounded.scale() - 1;
    return Math.abs(exponent) <= 20 ? rounded.toPlainString() : rounded.toString();
  }

  /**
   * Passed on as it is: {@link JsonGeneratorDelegate} does not, and the default turns it into a
   * {@code String} that the generator encodes char by char, which made raw payloads the largest
   * cost of writing an export (BENCHMARKS.md, issue 13).
   */
  @Override
  public void writeRawValue(SerializableString text) throws IOException {
    delegate.writeRawValue(text);
  }

  @Override
  public void writeNumber(float v) throws IOException {
    // Through its shortest decimal, so that 0.1f is written 0.1 rather than 0.100000001490116.
    writeNumber(Float.isFinite(v) ? Double.parseDouble(Float.toString(v)) : Double.NaN);
  }
}
