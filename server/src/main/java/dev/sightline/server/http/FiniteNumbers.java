package dev.sightline.server.http;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.JsonGeneratorDelegate;
import java.io.IOException;

/**
 * A generator that writes a non-finite double or float (NaN, ±Infinity) as JSON {@code null}:
 * JSON has no such numbers, and Jackson would write them as the strings {@code "NaN"} and
 * {@code "Infinity"}, which a client reading a number cannot take. The input bounds keep every sum
 * finite; this is the last guard, so that no answer can carry one whatever is stored. Not
 * thread-safe, like the generator it wraps.
 */
final class FiniteNumbers extends JsonGeneratorDelegate {

  FiniteNumbers(JsonGenerator g) {
    super(g, false);
  }

  @Override
  public void writeNumber(double v) throws IOException {
    if (Double.isFinite(v)) {
      super.writeNumber(v);
    } else {
      super.writeNull();
    }
  }

  @Override
  public void writeNumber(float v) throws IOException {
    if (Float.isFinite(v)) {
      super.writeNumber(v);
    } else {
      super.writeNull();
    }
  }
}
