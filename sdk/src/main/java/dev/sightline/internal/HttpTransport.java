package dev.sightline.internal;

import java.io.IOException;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.Deflater;
import java.util.zip.GZIPOutputStream;

/**
 * Posts batches to {@code /api/ingest} with {@code java.net.http} and reads the answer into an
 * {@link Outcome}. Bodies are gzipped at the fastest level: on a loopback or LAN link the CPU the
 * application shares with us is worth more than the last bytes. Used by the exporter thread only.
 */
final class HttpTransport implements Transport {
  private static final Pattern ACCEPTED = Pattern.compile("\"accepted\"\\s*:\\s*(\\d+)");
  private static final Pattern REJECTED = Pattern.compile("\"rejected\"\\s*:\\s*(\\d+)");
  private static final Pattern MESSAGE = Pattern.compile("\"(?:message|error)\"\\s*:\\s*\"((?:[^\"\\\\]|\\\\.)*)\"");

  private final Config config;
  private final HttpClient client;
  private final Buffer compressed = new Buffer();

  HttpTransport(Config config) {
    this.config = config;
    this.client = HttpClient.newBuilder()
        .version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(config.connectTimeout())
        .build();
  }

  @Override
  public Outcome post(byte[] json, int length, int items, Duration timeout) {
    HttpRequest.Builder request = HttpRequest.newBuilder(config.ingestUri())
        .timeout(timeout)
        .header("Authorization", "Bearer " + config.apiKey())
        .header("Content-Type", "application/json")
        .header("User-Agent", "sightline-java");
    if (config.compression()) {
      gzip(json, length);
      request.header("Content-Encoding", "gzip")
          .POST(HttpRequest.BodyPublishers.ofByteArray(compressed.bytes, 0, compressed.size));
    } else {
      request.POST(HttpRequest.BodyPublishers.ofByteArray(json, 0, length));
    }
    HttpResponse<String> response;
    try {
      response = client.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    } catch (IOException e) {
      return Outcome.retry(-1, unreachable(config.ingestUri(), e));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Outcome.retry(-1, "interrupted");
    }
    Outcome outcome = interpret(response.statusCode(), response.body(), items,
        response.headers().firstValue("Retry-After").orElse(null));
    return outcome.kind() == Outcome.Kind.OK ? outcome : outcome.from(config.ingestUri());
  }

  /** What went wrong reaching the server, naming where: a ConnectException carries no message. */
  static String unreachable(URI uri, IOException e) {
    String cause = e instanceof ConnectException && e.getMessage() == null ? "connection refused"
        : e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
    return "cannot reach " + uri.getHost() + ":" + uri.getPort() + " (" + uri + "): " + cause;
  }

  static Outcome interpret(int status, String body, int items, String retryAfter) {
    String message = find(MESSAGE, body);
    if (status >= 200 && status < 300) {
      String accepted = find(ACCEPTED, body);
      String rejected = find(REJECTED, body);
      int refused = rejected == null ? 0 : Integer.parseInt(rejected);
      int taken = accepted == null ? items - refused : Integer.parseInt(accepted);
      return new Outcome(Outcome.Kind.OK, taken, refused, -1, message);
    }
    if (status == 429 || status >= 500) {
      return Outcome.retry(retryAfterMillis(retryAfter), "HTTP " + status + (message == null ? "" : ": " + message));
    }
    String hint = status == 401 ? " (check the API key, SIGHTLINE_API_KEY)" : "";
    return new Outcome(Outcome.Kind.REJECTED, 0, items, -1,
        "HTTP " + status + (message == null ? "" : ": " + message) + hint);
  }

  /** Retry-After in seconds or as an HTTP date; -1 if absent or unreadable. */
  static long retryAfterMillis(String value) {
    if (value == null || value.isBlank()) {
      return -1;
    }
    String v = value.trim();
    try {
      return Math.max(0, Long.parseLong(v) * 1000);
    } catch (NumberFormatException e) {
      try {
        ZonedDateTime at = ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME);
        return Math.max(0, at.toInstant().toEpochMilli() - System.currentTimeMillis());
      } catch (DateTimeParseException e2) {
        return -1;
      }
    }
  }

  private static String find(Pattern p, String body) {
    if (body == null) {
      return null;
    }
    Matcher m = p.matcher(body);
    return m.find() ? m.group(1) : null;
  }

  private void gzip(byte[] json, int length) {
    compressed.size = 0;
    try (GZIPOutputStream out = new FastGzip(compressed)) {
      out.write(json, 0, length);
    } catch (IOException e) {
      throw new AssertionError("writes to memory do not fail", e);
    }
  }

  /** GZIP at the fastest level; closing it releases the native deflater. */
  private static final class FastGzip extends GZIPOutputStream {
    FastGzip(OutputStream out) throws IOException {
      super(out, 64 * 1024);
      def.setLevel(Deflater.BEST_SPEED);
    }
  }

  /** A reusable output buffer, so the compressed body is not reallocated for every batch. */
  private static final class Buffer extends OutputStream {
    byte[] bytes = new byte[64 * 1024];
    int size;

    @Override
    public void write(int b) {
      ensure(1);
      bytes[size++] = (byte) b;
    }

    @Override
    public void write(byte[] b, int off, int len) {
      ensure(len);
      System.arraycopy(b, off, bytes, size, len);
      size += len;
    }

    private void ensure(int more) {
      if (size + more > bytes.length) {
        bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, size + more));
      }
    }
  }
}
