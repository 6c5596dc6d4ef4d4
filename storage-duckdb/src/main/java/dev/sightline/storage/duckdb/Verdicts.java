package dev.sightline.storage.duckdb;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.sightline.core.model.EvaluatorScores;
import dev.sightline.core.model.EvaluatorVerdict;
import dev.sightline.core.model.Row;
import dev.sightline.core.model.Schema;
import dev.sightline.core.model.Table;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Evaluator scores kept in the row of the span they judge (schema version 10) rather than as score
 * rows: a score row costs DuckDB about 12 us to load, mostly for its unique texts, and three
 * evaluators on every generation took 40% off ingest; packed, DuckDB's share of them is a
 * microsecond or two per span (BENCHMARKS.md, issue 14).
 *
 * <p>What is packed are the verdicts the pipeline hands over with the batch that stores their span
 * for the first time ({@link dev.sightline.core.storage.WriteBatch#verdicts}): each stands for the
 * score row {@link EvaluatorScores#row} makes of it, whose id, trace, span, source and time follow
 * from the span row and the evaluator's name and version. Those, the value and the label go into
 * the span's hidden {@value #COLUMN} column, a JSON array, kept lean: DuckDB's cost grows with the
 * text, and with the comments and metadata in it too (about 480 bytes a generation instead of 134)
 * three evaluators still took a third off ingest. The comment and metadata follow the span's own
 * fields in its payload record ({@link Payloads#packedAt}). A trace read and the scores of a page of
 * traces {@link #unpack} them from the span rows the index locates; listings and aggregates of
 * scores see them as score rows through the view {@value #ALL_SCORES} (the {@code scores} table and
 * {@value #PACKED_SCORES}),
 * whose SQL derives the id as {@link EvaluatorScores#id} does; a packed score's row there has the
 * span's payload reference and its index among the span's packed scores
 * as {@code _seq}, which {@link RowBatch} reads its comment and metadata with.
 *
 * <p>A packed score stays with its span row version. A batch that replaces the span, or that
 * writes an evaluator score row of it (a backfill, a remote judge), first {@link #unpack
 * unpacks} the span's scores into plain score rows, except those the batch itself writes. So a key
 * is never both packed and a row. Thread-safe; its only state is a bounded cache of entry texts.
 */
final class Verdicts {
  /** The hidden span column of packed scores, NULL when none. */
  static final String COLUMN = "_verdicts";
  /** The view of packed scores as score rows, with the span's {@code _seq} as {@value #SPAN_SEQ}. */
  static final String PACKED_SCORES = "packed_scores";
  /** The view of all scores: the table's rows ({@value #SPAN_SEQ} NULL) and the packed ones. */
  static final String ALL_SCORES = "all_scores";
  /** The column of the views that holds a packed score's span row version. */
  static final String SPAN_SEQ = "_span_seq";

  private static final JsonFactory JSON = new JsonFactory();
  /** Entries of the {@value #COLUMN} text made so far, up to 4,096. */
  private static final Map<Fragment, String> FRAGMENTS = new ConcurrentHashMap<>();
  /**
   * The {@value #COLUMN} text's structure for DuckDB's {@code from_json}: read into typed structs,
   * it is about twice as fast to unnest as the same text cast to a list of JSON values and picked
   * apart by path (48 against 25 ms for 224,000 packed scores).
   */
  private static final String STRUCTURE = "[{\"n\":\"VARCHAR\",\"ver\":\"INTEGER\",\"v\":\"DOUBLE\",\"l\":\"VARCHAR\"}]";

  private Verdicts() {}

  /**
   * The {@value #COLUMN} text of these verdicts: per verdict, {@code n} the name, {@code ver} the
   * version, {@code v} the value and {@code l} the label when set.
   */
  static String encode(List<EvaluatorVerdict> verdicts) {
    StringBuilder out = new StringBuilder(48 * verdicts.size() + 2).append('[');
    for (EvaluatorVerdict v : verdicts) {
      Fragment f = new Fragment(v.evaluator(), v.version(), v.value(), v.label());
      String text = FRAGMENTS.get(f);
      if (text == null) {
        text = f.json();
        if (FRAGMENTS.size() < 4096) {
          FRAGMENTS.put(f, text);
        }
      }
      out.append(out.length() > 1 ? "," : "").append(text);
    }
    return out.append(']').toString();
  }

  /**
   * One packed score's entry in the {@value #COLUMN} text. Most verdicts are one of a few (an
   * evaluator's pass or fail), so their texts are made once ({@link #FRAGMENTS}).
   */
  private record Fragment(String name, int version, Double value, String label) {
    String json() {
      StringWriter out = new StringWriter(64);
      try (JsonGenerator g = JSON.createGenerator(out)) {
        g.writeStartObject();
        g.writeStringField("n", name);
        g.writeNumberField("ver", version);
        if (value != null) {
          g.writeNumberField("v", value);
        }
        if (label != null) {
          g.writeStringField("l", label);
        }
        g.writeEndObject();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      return out.toString();
    }
  }

  /**
   * The score rows packed in a span row: its {@value #COLUMN} text, and its payload record, which
   * starts at {@code at} in {@code record}.
   */
  static List<Row> unpack(String projectId, String traceId, String spanId, long time, String json, byte[] record,
      int at) {
    List<Row> out = new ArrayList<>();
    try (JsonParser p = JSON.createParser(json)) {
      p.nextToken();
      while (p.nextToken() == JsonToken.START_OBJECT) {
        Row.Builder score = Row.builder(Table.SCORES).set(Schema.PROJECT_ID, projectId)
            .set(Schema.TRACE_ID, traceId).set(Schema.SPAN_ID, spanId)
            .set(Schema.SOURCE, EvaluatorScores.SOURCE).set(Schema.TIME, time);
        String name = null;
        int version = 0;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
          String field = p.currentName();
          p.nextToken();
          switch (field) {
            case "n" -> name = p.getText();
            case "ver" -> version = p.getIntValue();
            case "v" -> score.set(Schema.VALUE, p.getDoubleValue());
            case "l" -> score.set(Schema.LABEL, p.getText());
            default -> p.skipChildren();
          }
        }
        Payloads.decode(record, Payloads.packedAt(record, at, out.size()), score);
        out.add(score.set(Schema.NAME, name)
            .set(Schema.SCORE_ID, EvaluatorScores.id(name, version, traceId, spanId)).build());
      }
    } catch (IOException e) {
      throw new UncheckedIOException("unreadable packed scores of a stored span: " + e.getMessage(), e);
    }
    return out;
  }

  /**
   * Creates the views: {@value #PACKED_SCORES} unnests the packed scores into the columns of the
   * {@code scores} table, in its order, plus {@value #SPAN_SEQ}; {@value #ALL_SCORES} adds the
   * table's rows. The id is {@link EvaluatorScores#id}: SHA-256 over the name, version and the ids
   * as hex (the UUID's text without dashes; the span id's top bit flipped back, {@link Ids}).
   */
  static void createViews(Statement s) throws SQLException {
    String spanHex = "lpad(lower(to_hex(CAST(CAST(p.span_id AS HUGEINT) + 9223372036854775808 AS UBIGINT))), 16, '0')";
    String id = "substr(sha256(p.v.n || chr(10) || CAST(p.v.ver AS VARCHAR) || chr(10)"
        + " || replace(CAST(p.trace_id AS VARCHAR), '-', '') || chr(10) || " + spanHex + "), 1, 32)";
    s.execute("CREATE OR REPLACE VIEW " + PACKED_SCORES + " AS SELECT p.project_id, " + id + " AS score_id,"
        + " p.trace_id, p.span_id, CAST(NULL AS VARCHAR) AS session_id, p.v.n AS name,"
        + " p.v.v AS value, p.v.l AS label, '" + EvaluatorScores.SOURCE + "' AS source,"
        + " CAST(NULL AS VARCHAR) AS author, p.t AS time, CAST(NULL AS VARCHAR) AS " + Extras.COLUMN + ","
        + " p." + RowMapping.BATCH_COLUMN + ", p." + RowMapping.PAYLOAD + ", p." + RowMapping.PAYLOAD_LENGTH + ","
        + " p.t AS " + RowMapping.START + ", p.k AS " + RowMapping.SEQ + ", p." + RowMapping.PAYLOAD_AT + ","
        + " p." + RowMapping.SEQ + " AS " + SPAN_SEQ
        + " FROM (SELECT project_id, trace_id, span_id, " + RowMapping.BATCH_COLUMN + ", " + RowMapping.PAYLOAD + ", "
        + RowMapping.PAYLOAD_LENGTH + ", " + RowMapping.PAYLOAD_AT + ", " + RowMapping.SEQ + ","
        + " coalesce(end_time, start_time) AS t, unnest(l) AS v, CAST(generate_subscripts(l, 1) - 1 AS BIGINT) AS k"
        + " FROM (SELECT *, from_json(" + COLUMN + ", '" + STRUCTURE + "') AS l FROM spans WHERE " + COLUMN
        + " IS NOT NULL))"
        + " p");
    s.execute("CREATE OR REPLACE VIEW " + ALL_SCORES + " AS SELECT *, CAST(NULL AS BIGINT) AS " + SPAN_SEQ
        + " FROM scores UNION ALL BY NAME SELECT * FROM " + PACKED_SCORES);
  }
}
