package dev.sightline.server.testing;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpHeaders;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/** One HTTP answer, read whole. */
public record ApiResponse(int status, HttpHeaders headers, byte[] body) {

  public String text() {
    return new String(body, StandardCharsets.UTF_8);
  }

  /** The body as JSON; fails the test if it is not JSON. */
  public JsonNode json() {
    try {
      return Batch.JSON.readTree(body);
    } catch (IOException e) {
      throw new UncheckedIOException("not JSON (HTTP " + status + "): " + text(), e);
    }
  }

  public Optional<String> header(String name) {
    return headers.firstValue(name);
  }

  /** The message of an error answer {@code {"error":{"status":..,"message":..}}}. */
  public String errorMessage() {
    JsonNode error = json().path("error");
    if (!error.isObject() || error.path("status").asInt() != status) {
      throw new AssertionError("not an error answer of status " + status + ": " + text());
    }
    return error.path("message").asText();
  }

  @Override
  public String toString() {
    String t = text();
    return "HTTP " + status + " " + (t.length() > 2000 ? t.substring(0, 2000) + "..." : t);
  }
}
