package dev.sightline.core.model;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * What the server's evaluators write into a score row, which a storage backend may rely on to keep
 * such rows in a smaller form: the id, the source, and the version at the start of the metadata.
 * Stateless and thread-safe.
 */
public final class EvaluatorScores {
  /** The {@link Schema#SOURCE} of scores that evaluators give. */
  public static final String SOURCE = "evaluator";
  /** The metadata of an evaluator's score starts with this, then the version and a comma. */
  public static final String METADATA_PREFIX = "{\"evaluatorVersion\":";

  private static final HexFormat HEX = HexFormat.of();
  private static final ThreadLocal<MessageDigest> SHA_256 = ThreadLocal.withInitial(() -> {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
  });

  private EvaluatorScores() {}

  /**
   * The score id of an evaluator version's judgement of a span (or of a trace, with a null span):
   * the first 16 bytes, as 32 lowercase hex digits, of the SHA-256 of the UTF-8 text
   * {@code evaluator + "\n" + version + "\n" + traceId + "\n" + (spanId or "")}. Judging the
   * same thing again with the same version gives the same id.
   */
  public static String id(String evaluator, int version, String traceId, String spanId) {
    MessageDigest sha = SHA_256.get();
    byte[] text = (evaluator + '\n' + version + '\n' + traceId + '\n' + (spanId == null ? "" : spanId))
        .getBytes(StandardCharsets.UTF_8);
    return HEX.formatHex(sha.digest(text), 0, 16);
  }

  /**
   * The score row an evaluator's verdict on a span stands for: the span's project, trace and span,
   * the derived {@link #id}, name the evaluator's, source {@value #SOURCE}, time the span's {@link
   * #time}, and the verdict's value, label, comment and metadata.
   */
  public static Row row(Row span, EvaluatorVerdict verdict) {
    String trace = span.string(Schema.TRACE_ID);
    String spanId = span.string(Schema.SPAN_ID);
    return Row.builder(Table.SCORES)
        .set(Schema.PROJECT_ID, span.get(Schema.PROJECT_ID))
        .set(Schema.SCORE_ID, id(verdict.evaluator(), verdict.version(), trace, spanId))
        .set(Schema.TRACE_ID, trace)
        .set(Schema.SPAN_ID, spanId)
        .set(Schema.NAME, verdict.evaluator())
        .set(Schema.SOURCE, SOURCE)
        .set(Schema.TIME, time(span))
        .set(Schema.VALUE, verdict.value())
        .set(Schema.LABEL, verdict.label())
        .set(Schema.COMMENT, verdict.comment())
        .set(Schema.METADATA, verdict.metadata())
        .build();
  }

  /**
   * When a verdict on a span is dated (epoch microseconds): the span's end, else its start; null
   * if it has neither.
   */
  public static Long time(Row span) {
    Long end = span.longValue(Schema.END_TIME);
    return end != null ? end : span.longValue(Schema.START_TIME);
  }

  /**
   * The evaluator version that an evaluator score's metadata starts with ({@link
   * #METADATA_PREFIX}), or -1 if it does not start that way.
   */
  public static int version(String metadata) {
    if (metadata == null || !metadata.startsWith(METADATA_PREFIX)) {
      return -1;
    }
    int at = METADATA_PREFIX.length();
    int end = at;
    while (end < metadata.length() && end - at < 9 && Character.isDigit(metadata.charAt(end))) {
      end++;
    }
    if (end == at || end >= metadata.length() || metadata.charAt(end) != ',') {
      return -1;
    }
    return Integer.parseInt(metadata, at, end, 10);
  }
}
