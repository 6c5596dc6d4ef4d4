package dev.sightline.server.langfuse;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Langfuse's ids, which are any strings (its v2/v3 SDKs make UUIDs), as Sightline's hex ids. The
 * mapping is deterministic, so a create and its later updates, in any request, land on the same
 * row: an id already in Sightline's form is kept (lower-cased), a UUID's 32 hex digits are a trace
 * id as they are, and any other id is replaced by the first hex digits of its SHA-256. Stateless.
 */
final class LangfuseIds {
  private static final Pattern TRACE_HEX = Pattern.compile("[0-9a-fA-F]{32}");
  private static final Pattern SPAN_HEX = Pattern.compile("[0-9a-fA-F]{16}");
  private static final Pattern UUID = Pattern.compile(
      "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

  private LangfuseIds() {}

  /** A trace id of 32 lowercase hex digits for a Langfuse trace id. */
  static String traceId(String id) {
    if (TRACE_HEX.matcher(id).matches()) {
      return id.toLowerCase(Locale.ROOT);
    }
    if (UUID.matcher(id).matches()) {
      return id.replace("-", "").toLowerCase(Locale.ROOT);
    }
    return sha256(id).substring(0, 32);
  }

  /** A span id of 16 lowercase hex digits for a Langfuse observation id. */
  static String spanId(String id) {
    return SPAN_HEX.matcher(id).matches() ? id.toLowerCase(Locale.ROOT) : sha256(id).substring(0, 16);
  }

  /**
   * The Langfuse id to keep as the row's reference id: null when the Sightline id is the same
   * text, or when it is too long to be one (over 256 characters).
   */
  static String original(String id, String mapped) {
    return id.equalsIgnoreCase(mapped) || id.length() > 256 ? null : id;
  }

  private static String sha256(String id) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(id.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }
}
