package dev.sightline.server.evaluation;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sightline.core.model.Column;
import dev.sightline.core.model.Row;
import dev.sightline.core.model.Schema;
import dev.sightline.core.model.Table;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The score rows evaluations give: {@code name} the evaluator's, {@code source} {@code evaluator},
 * {@code comment} the reason, {@code metadata} the evaluator version, kind and details. The id is
 * a hash of (evaluator, version, trace, span), so judging the same thing again with the same
 * version replaces its score: one score per evaluator version and span, however often a crash
 * makes it run.
 */
final class ScoreRows {
  private static final ObjectMapper JSON = new ObjectMapper();
  static final String ERROR = "error";

  private ScoreRows() {}

  /** A verdict as a score row. */
  static Row verdict(Subject s, String evaluator, int version, String kind, long time, Verdict v) {
    Map<String, Object> meta = new LinkedHashMap<>();
    meta.put("evaluatorVersion", version);
    meta.put("kind", kind);
    meta.put("error", false); // metadata merges key by key: a success replacing an error must say so
    meta.putAll(v.details());
    return row(s, evaluator, version, time).set(Schema.VALUE, v.value())
        .set(Schema.LABEL, fit(Schema.LABEL, v.label()))
        .set(Schema.COMMENT, fit(Schema.COMMENT, v.comment()))
        .set(Schema.METADATA, json(meta))
        .build();
  }

  /**
   * An evaluation that could not run, as a score without a value: label {@code error}, the message
   * as comment, {@code "error": true} in its metadata.
   *
   * @param kind null when there is no such evaluator
   */
  static Row error(Subject s, String evaluator, int version, String kind, long time, String message) {
    Map<String, Object> meta = new LinkedHashMap<>();
    meta.put("evaluatorVersion", version);
    if (kind != null) {
      meta.put("kind", kind);
    }
    meta.put("error", true);
    return row(s, evaluator, version, time).set(Schema.LABEL, ERROR)
        .set(Schema.COMMENT, fit(Schema.COMMENT, message))
        .set(Schema.METADATA, json(meta))
        .build();
  }

  /** The score id of an evaluator version's judgement of a span (or of a trace, with a null span). */
  static String id(String evaluator, int version, String traceId, String spanId) {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      sha.update((evaluator + '\n' + version + '\n' + traceId + '\n' + (spanId == null ? "" : spanId))
          .getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(sha.digest(), 0, 16);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
  }

  private static Row.Builder row(Subject s, String evaluator, int version, long time) {
    return Row.builder(Table.SCORES)
        .set(Schema.PROJECT_ID, s.projectId())
        .set(Schema.SCORE_ID, id(evaluator, version, s.traceId(), s.spanId()))
        .set(Schema.TRACE_ID, s.traceId())
        .set(Schema.SPAN_ID, s.spanId())
        .set(Schema.NAME, evaluator)
        .set(Schema.SOURCE, "evaluator")
        .set(Schema.TIME, time);
  }

  private static String fit(Column c, String text) {
    return text == null || text.length() <= c.maxLength() ? text : text.substring(0, c.maxLength() - 1) + "…";
  }

  private static String json(Map<String, Object> meta) {
    try {
      return JSON.writeValueAsString(meta);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("score metadata", e);
    }
  }
}
