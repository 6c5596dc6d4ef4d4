package dev.sightline.server.http;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.StreamWriteConstraints;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;
import com.linecorp.armeria.common.HttpData;
import com.linecorp.armeria.common.HttpHeaderNames;
import com.linecorp.armeria.common.HttpResponse;
import com.linecorp.armeria.common.HttpStatus;
import com.linecorp.armeria.common.MediaType;
import com.linecorp.armeria.common.ResponseHeaders;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;

/**
 * JSON responses: bodies written straight to a generator, and the error shape of the API. A
 * non-finite number is written as {@code null} ({@link JsonNumbers}).
 */
public final class Json {
  /** Trees of any depth are written iteratively; only the nesting limit must allow them. */
  private static final JsonFactory FACTORY = JsonFactory.builder()
      .streamWriteConstraints(StreamWriteConstraints.builder().maxNestingDepth(1_000_000).build())
      .build();

  /** Writes one JSON document. */
  public interface Body {
    void write(JsonGenerator g) throws IOException;
  }

  public static HttpResponse ok(Body body) {
    return of(HttpStatus.OK, body);
  }

  /** As {@link #ok(Body)}, with times as ISO-8601 strings if {@code isoTimes} ({@link IsoTimes}). */
  public static HttpResponse ok(Body body, boolean isoTimes) {
    return isoTimes ? ok(g -> body.write(new IsoTimes(g))) : ok(body);
  }

  public static HttpResponse of(HttpStatus status, Body body) {
    return HttpResponse.of(ResponseHeaders.of(status, "content-type", MediaType.JSON_UTF_8),
        HttpData.wrap(bytes(body)));
  }

  /** {@code {"error": {"status": 400, "message": "..."}}}. */
  public static HttpResponse error(HttpStatus status, String message) {
    return of(status, g -> {
      g.writeStartObject();
      g.writeObjectFieldStart("error");
      g.writeNumberField("status", status.code());
      g.writeStringField("message", message);
      g.writeEndObject();
      g.writeEndObject();
    });
  }

  /** A {@code 429} error asking the client to retry after so many seconds. */
  public static HttpResponse retryLater(String message, long seconds) {
    return error(HttpStatus.TOO_MANY_REQUESTS, message)
        .mapHeaders(h -> h.toBuilder().set(HttpHeaderNames.RETRY_AFTER, Long.toString(seconds)).build());
  }

  /**
   * A generator of JSON lines into this stream, as {@link #bytes} writes JSON: top-level values
   * with nothing between them (the caller ends each line). Not thread-safe.
   */
  public static JsonGenerator lines(OutputStream out) throws IOException {
    JsonGenerator g = new JsonNumbers(FACTORY.createGenerator(out));
    g.setRootValueSeparator(null);
    return g;
  }

  public static byte[] bytes(Body body) {
    try (ByteArrayBuilder out = new ByteArrayBuilder(4096);
        JsonGenerator g = new JsonNumbers(FACTORY.createGenerator(out))) {
      body.write(g);
      g.flush();
      return out.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private Json() {}
}
