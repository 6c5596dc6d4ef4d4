package dev.sightline.storage.duckdb;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.sightline.core.codec.RowsCodec;
import dev.sightline.core.model.Column;
import dev.sightline.core.model.Row;
import dev.sightline.core.model.Schema;
import dev.sightline.core.model.Table;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.Set;

/**
 * The fields of traces and spans that no query filters, sorts or aggregates on and that most rows
 * lack, kept together in one VARCHAR column {@code extras} as a JSON object (wire name → value)
 * instead of a column each: every column costs DuckDB the same to load and store whether or not it
 * is NULL, and these would be a dozen mostly NULL ones. Strings and JSON texts are JSON strings,
 * numbers numbers, booleans booleans. A field a later feature queries moves to a column of its own
 * with a migration. Span metrics read two from here for now ({@link MetricsSql}: the completion start
 * and the prompt), parsing only rows whose text names them; that parse is most of what time to first
 * token costs (BENCHMARKS.md, 2026-12 metrics), so the completion start is the next to get a column.
 *
 * <p>The column also keeps the {@link Payloads} of rows stored before their table's payloads went
 * to the {@link PayloadStore}: traces' and spans' texts (moved here by migration 5), scores'
 * comment and metadata (migration 9). Scores have no other extras.
 * Stateless and thread-safe.
 */
final class Extras {
  static final String COLUMN = "extras";
  private static final JsonFactory JSON = new JsonFactory();
  private static final Set<Column> TRACES = Set.of(Schema.STATUS_MESSAGE, Schema.CONVERSATION_ID,
      Schema.USER_EMAIL, Schema.ORGANIZATION_NAME, Schema.EVALUATORS, Schema.EVALUATION_CONFIG,
      Schema.INFERRED_SPANS);
  private static final Set<Column> SPANS = Set.of(Schema.STATUS_MESSAGE, Schema.ERROR,
      Schema.COMPLETION_START_TIME, Schema.PROMPT_ID, Schema.DEPLOYMENT_ID, Schema.RUN_EVALUATION,
      Schema.EVALUATORS, Schema.PROVIDER, Schema.MODEL_PARAMETERS, Schema.PROMPT,
      Schema.CACHE_READ_TOKENS, Schema.CACHE_WRITE_TOKENS, Schema.REASONING_TOKENS, Schema.COST_DETAILS,
      Schema.USAGE_INFERRED, Schema.COST_INFERRED);

  private Extras() {}

  /** Whether this column of the table is kept in {@value #COLUMN}. */
  static boolean holds(Table table, Column c) {
    return table == Table.TRACES ? TRACES.contains(c) : table == Table.SPANS && SPANS.contains(c);
  }

  /** The extras of a row as JSON text, or null if it has none. */
  static String encode(Row row) {
    StringWriter out = null;
    JsonGenerator g = null;
    try {
      for (Column c : row.table().columns()) {
        Object v = row.get(c);
        if (v == null || !holds(row.table(), c)) {
          continue;
        }
        if (g == null) {
          out = new StringWriter(128);
          g = JSON.createGenerator(out);
          g.writeStartObject();
        }
        g.writeFieldName(c.name());
        if (v instanceof String) {
          g.writeString((String) v);
        } else if (v instanceof Long) {
          g.writeNumber((Long) v);
        } else if (v instanceof Double) {
          g.writeNumber((Double) v);
        } else {
          g.writeBoolean((Boolean) v);
        }
      }
      if (g == null) {
        return null;
      }
      g.writeEndObject();
      g.close();
      return out.toString();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Sets the row's columns from its extras text (null: none). */
  static void decode(String json, Row.Builder row) {
    if (json == null) {
      return;
    }
    try (JsonParser p = JSON.createParser(json)) {
      p.nextToken();
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        Column c = row.table().column(p.currentName());
        JsonToken t = p.nextToken();
        if (c == null || t == JsonToken.VALUE_NULL
            || !(holds(row.table(), c) || Payloads.columns(row.table()).contains(c))) {
          p.skipChildren();
          continue;
        }
        row.set(c, RowsCodec.readValue(p, c));
      }
    } catch (IOException e) {
      throw new UncheckedIOException("unreadable extras of a stored row: " + e.getMessage(), e);
    }
  }
}
