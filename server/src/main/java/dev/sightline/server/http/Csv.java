package dev.sightline.server.http;

import static java.nio.charset.StandardCharsets.UTF_8;

import com.linecorp.armeria.common.HttpData;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.common.MediaType;
import com.linecorp.armeria.common.ResponseHeaders;
import java.util.List;

/**
 * {@code text/csv} answers (RFC 4180): a header line, then one line per record, each ended by CRLF.
 * A field is quoted when it holds a comma, a quote (doubled inside) or a line break, or is empty;
 * a null is an empty unquoted field, so {@code ""} (the empty string) and null stay apart.
 * Stateless.
 */
public final class Csv {
  private static final MediaType CSV = MediaType.parse("text/csv; charset=utf-8");

  private Csv() {}

  /**
   * An answer with these records.
   *
   * @param header the column names
   * @param records per line, one value per column (null: none), already made text by {@link #text},
   *     {@link #time} or {@link #number}, or by {@code String.valueOf} for whole numbers
   */
  public static HttpResponse ok(List<String> header, List<List<String>> records) {
    StringBuilder out = new StringBuilder(64 * (records.size() + 1));
    line(out, header);
    for (List<String> record : records) {
      line(out, record);
    }
    return HttpResponse.of(ResponseHeaders.of(HttpStatus.OK, "content-type", CSV),
        HttpData.wrap(out.toString().getBytes(UTF_8)));
  }

  /**
   * Untrusted text, with a leading apostrophe if it starts with {@code = + - @}, a tab or a
   * carriage return: a spreadsheet that opens the file would otherwise run it as a formula.
   */
  public static String text(String value) {
    if (value == null || value.isEmpty()) {
      return value;
    }
    return "=+-@\t\r".indexOf(value.charAt(0)) >= 0 ? "'" + value : value;
  }

  /** A time: epoch microseconds, or ISO-8601 UTC as {@link IsoTimes} writes it in JSON. */
  public static String time(long micros, boolean iso) {
    return iso ? IsoTimes.format(micros) : Long.toString(micros);
  }

  /** A decimal as JSON answers write it ({@link JsonNumbers}); null if null or not finite. */
  public static String number(Double value) {
    return value == null || !Double.isFinite(value) ? null : JsonNumbers.text(value);
  }

  private static void line(StringBuilder out, List<String> fields) {
    for (int i = 0; i < fields.size(); i++) {
      if (i > 0) {
        out.append(',');
      }
      String f = fields.get(i);
      if (f == null) {
        continue;
      }
      boolean quote = f.isEmpty() || f.indexOf(',') >= 0 || f.indexOf('"') >= 0 || f.indexOf('\n') >= 0
          || f.indexOf('\r') >= 0;
      out.append(quote ? '"' + f.replace("\"", "\"\"") + '"' : f);
    }
    out.append("\r\n");
  }
}
