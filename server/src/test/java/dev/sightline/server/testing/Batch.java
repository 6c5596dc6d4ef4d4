package dev.sightline.server.testing;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds the body of a native ingestion request, {@code {"batch":[{"type":..,"body":{..}}]}}, and
 * the ids and times that go into it. Bodies are given as alternating names and values
 * ({@code "traceId", id, "name", "chat"}); values may be strings, numbers, booleans, null, maps and
 * lists (see {@link #obj} and {@link #arr}). Not thread-safe.
 */
public final class Batch {
  static final ObjectMapper JSON = new ObjectMapper();
  private static final SecureRandom RANDOM = new SecureRandom();

  private final ArrayNode items = JSON.createArrayNode();

  public static Batch of() {
    return new Batch();
  }

  public Batch trace(Object... body) {
    return item("trace", obj(body));
  }

  public Batch span(Object... body) {
    return item("span", obj(body));
  }

  public Batch score(Object... body) {
    return item("score", obj(body));
  }

  /** Adds an item of any type with any body (also invalid ones: a string, a number ...). */
  public Batch item(String type, Object body) {
    ObjectNode item = items.addObject();
    item.put("type", type);
    item.set("body", JSON.valueToTree(body));
    return this;
  }

  /** Adds a raw item, e.g. one without a type. */
  public Batch rawItem(Object item) {
    items.add(JSON.<com.fasterxml.jackson.databind.JsonNode>valueToTree(item));
    return this;
  }

  /** Adds every item of another batch. */
  public Batch addAll(Batch other) {
    items.addAll(other.items);
    return this;
  }

  public int size() {
    return items.size();
  }

  public String json() {
    ObjectNode root = JSON.createObjectNode();
    root.set("batch", items);
    try {
      return JSON.writeValueAsString(root);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  public byte[] bytes() {
    return json().getBytes(StandardCharsets.UTF_8);
  }

  /** The body gzip-compressed, for {@code Content-Encoding: gzip}. */
  public byte[] gzipped() {
    return gzip(bytes());
  }

  public static byte[] gzip(byte[] plain) {
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    try (java.util.zip.GZIPOutputStream z = new java.util.zip.GZIPOutputStream(out)) {
      z.write(plain);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  @Override
  public String toString() {
    return json();
  }

  /** An ordered map from alternating names and values. */
  public static Map<String, Object> obj(Object... kv) {
    if (kv.length % 2 != 0) {
      throw new IllegalArgumentException("names and values must alternate: " + Arrays.toString(kv));
    }
    Map<String, Object> m = new LinkedHashMap<>();
    for (int i = 0; i < kv.length; i += 2) {
      m.put((String) kv[i], kv[i + 1]);
    }
    return m;
  }

  public static List<Object> arr(Object... values) {
    return new ArrayList<>(Arrays.asList(values));
  }

  /** A chat message {@code {"role":..,"content":..}}. */
  public static Map<String, Object> message(String role, String content) {
    return obj("role", role, "content", content);
  }

  /** A random trace id: 32 lower-case hex characters. */
  public static String traceId() {
    return hex(16);
  }

  /** A random span id: 16 lower-case hex characters. */
  public static String spanId() {
    return hex(8);
  }

  /** A random string that is unique enough to tell test data apart (12 hex characters). */
  public static String unique() {
    return hex(6);
  }

  /** Now, in epoch microseconds. */
  public static long nowMicros() {
    return System.currentTimeMillis() * 1000;
  }

  private static String hex(int bytes) {
    byte[] b = new byte[bytes];
    RANDOM.nextBytes(b);
    b[0] |= 1; // never all zero
    return HexFormat.of().formatHex(b);
  }
}
