package dev.sightline.server.evaluation;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sightline.core.model.Column;
import dev.sightline.core.model.EvaluatorScores;
import dev.sightline.core.model.EvaluatorVerdict;
import dev.sightline.core.model.Row;
import dev.sightline.core.model.Schema;
import dev.sightline.core.model.Table;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The score rows evaluations give: {@code name} the evaluator's, {@code source} {@code evaluator},
 * {@code comment} the reason, {@code metadata} the evaluator version, kind and details. The id is
 * a hash of (evaluator, version, trace, span), so judging the same thing again with the same
 * version replaces its score: one score per evaluator version and span, however often a crash
 * makes it run.
 */
final class ScoreRows {
  /** Writes the details' values (numbers, strings, lists) as an object mapper does. */
  private static final JsonFactory JSON = new ObjectMapper().getFactory();
  static final String ERROR = "error";
  /** The metadata of verdicts without details, by version, kind and error. */
  private static final Map<String, String> PLAIN_METADATA = new ConcurrentHashMap<>();

  private ScoreRows() {}

  /**
   * A verdict as a score row.
   *
   * @param id the score's {@link #id}, which the caller has at hand
   */
  static Row verdict(String id, Subject s, String evaluator, int version, String kind, long time, Verdict v) {
    return row(id, s, time, of(evaluator, version, kind, v));
  }

  /**
   * An evaluation that could not run, as a score without a value ({@link #failure}).
   *
   * @param kind null when there is no such evaluator
   */
  static Row error(String id, Subject s, String evaluator, int version, String kind, long time, String message) {
    return row(id, s, time, failure(evaluator, version, kind, message));
  }

  /** An error score of an evaluation whose id is not at hand. */
  static Row error(Subject s, String evaluator, int version, String kind, long time, String message) {
    return error(id(evaluator, version, s.traceId(), s.spanId()), s, evaluator, version, kind, time, message);
  }

  /** A verdict as an evaluator's score has it: the comment is the reason, the metadata says the rest. */
  static EvaluatorVerdict of(String evaluator, int version, String kind, Verdict v) {
    // metadata merges key by key: a success replacing an error must say so
    return new EvaluatorVerdict(evaluator, version, v.value(), fit(Schema.LABEL, v.label()),
        fit(Schema.COMMENT, v.comment()), metadata(version, kind, false, v.details()));
  }

  /**
   * An evaluation that could not run: no value, label {@code error}, the message as comment,
   * {@code "error": true} in its metadata.
   *
   * @param kind null when there is no such evaluator
   */
  static EvaluatorVerdict failure(String evaluator, int version, String kind, String message) {
    return new EvaluatorVerdict(evaluator, version, null, ERROR, fit(Schema.COMMENT, message),
        metadata(version, kind, true, Map.of()));
  }

  /**
   * The score row of a verdict on a subject, dated {@code time}: for a span dated as its end,
   * the row {@link EvaluatorScores#row} gives.
   */
  static Row row(String id, Subject s, long time, EvaluatorVerdict v) {
    return Row.builder(Table.SCORES)
        .set(Schema.PROJECT_ID, s.projectId())
        .set(Schema.SCORE_ID, id)
        .set(Schema.TRACE_ID, s.traceId())
        .set(Schema.SPAN_ID, s.spanId())
        .set(Schema.NAME, v.evaluator())
        .set(Schema.SOURCE, EvaluatorScores.SOURCE)
        .set(Schema.TIME, time)
        .set(Schema.VALUE, v.value())
        .set(Schema.LABEL, v.label())
        .set(Schema.COMMENT, v.comment())
        .set(Schema.METADATA, v.metadata())
        .build();
  }

  /** The score id of an evaluator version's judgement of a span (or of a trace, with a null span). */
  static String id(String evaluator, int version, String traceId, String spanId) {
    return EvaluatorScores.id(evaluator, version, traceId, spanId);
  }

  private static String fit(Column c, String text) {
    return text == null || text.length() <= c.maxLength() ? text : text.substring(0, c.maxLength() - 1) + "…";
  }

  /**
   * The metadata of an evaluator's score: its version, kind (left out when null), whether it is an
   * error, then the verdict's details. Written with a generator rather than as a map: a score per
   * evaluator and span makes this part of the ingest path.
   */
  private static String metadata(int version, String kind, boolean error, Map<String, Object> details) {
    if (!details.isEmpty()) {
      return write(version, kind, error, details);
    }
    // Most verdicts have no details: their metadata is one of a few texts, made once.
    String key = version + "/" + kind + "/" + error;
    String known = PLAIN_METADATA.get(key);
    if (known == null) {
      known = write(version, kind, error, details);
      if (PLAIN_METADATA.size() < 4096) {
        PLAIN_METADATA.put(key, known);
      }
    }
    return known;
  }

  private static String write(int version, String kind, boolean error, Map<String, Object> details) {
    StringWriter out = new StringWriter(64 + 24 * details.size());
    try (JsonGenerator g = JSON.createGenerator(out)) {
      g.writeStartObject();
      g.writeNumberField("evaluatorVersion", version); // first: EvaluatorScores.METADATA_PREFIX
      if (kind != null) {
        g.writeStringField("kind", kind);
      }
      g.writeBooleanField("error", error);
      for (Map.Entry<String, Object> d : details.entrySet()) {
        g.writeFieldName(d.getKey());
        g.writeObject(d.getValue());
      }
      g.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException("score metadata", e);
    }
    return out.toString();
  }
}
