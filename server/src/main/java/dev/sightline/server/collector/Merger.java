package dev.sightline.server.collector;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sightline.core.model.Column;
import dev.sightline.core.model.Row;
import dev.sightline.core.model.Schema;
import dev.sightline.core.model.Table;
import dev.sightline.core.storage.Sums;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * The merge rules of partial updates: a later event for a row fills or overwrites the fields it
 * carries and leaves the others; {@code metadata} and {@code attributes} merge key by key.
 * Rollups are left alone (see {@link Rollups}). Stateless.
 */
final class Merger {
  private static final ObjectMapper JSON = new ObjectMapper();

  /**
   * Merges a later event into an earlier state of the same row.
   *
   * @param earlier the stored or earlier row, or null
   */
  static Row merge(Row earlier, Row later) {
    if (earlier == null) {
      return later;
    }
    Table table = later.table();
    Row.Builder out = earlier.toBuilder();
    // Defaults were stored with the row; drop those the later event makes stale so that
    // withDefaults derives them again from the merged values.
    if (table == Table.SPANS && later.get(Schema.TOTAL_TOKENS) == null
        && (later.get(Schema.INPUT_TOKENS) != null || later.get(Schema.OUTPUT_TOKENS) != null)
        && totalIsDerived(earlier)) {
      out.set(Schema.TOTAL_TOKENS, null);
    }
    if (table == Table.TRACES && later.get(Schema.FEATURE) != null && later.get(Schema.NAME) == null
        && nameIsDerived(earlier)) {
      out.set(Schema.NAME, null);
    }
    for (Column c : table.columns()) {
      Object next = later.get(c);
      if (next == null) {
        continue;
      }
      switch (table.role(c)) {
        case VALUE:
          out.set(c, next);
          break;
        case MERGED:
          out.set(c, mergeObjects((String) earlier.get(c), (String) next));
          break;
        default:
          break; // keys are equal; rollups are the loader's
      }
    }
    return out.build();
  }

  /** Fills the defaults that depend on the merged state; applied to every row before it is stored. */
  static Row withDefaults(Row row) {
    Row.Builder out = null;
    if (row.table() == Table.TRACES && row.get(Schema.NAME) == null && row.get(Schema.FEATURE) != null) {
      out = row.toBuilder().set(Schema.NAME, row.get(Schema.FEATURE));
    } else if (row.table() == Table.SPANS) {
      if (row.get(Schema.TYPE) == null) {
        out = row.toBuilder().set(Schema.TYPE, "span");
      }
      Long in = row.longValue(Schema.INPUT_TOKENS);
      Long outTokens = row.longValue(Schema.OUTPUT_TOKENS);
      if (row.get(Schema.TOTAL_TOKENS) == null && (in != null || outTokens != null)) {
        out = (out == null ? row.toBuilder() : out)
            .set(Schema.TOTAL_TOKENS, Sums.add(in == null ? 0 : in, outTokens == null ? 0 : outTokens));
      }
    }
    return out == null ? row : out.build();
  }

  /** Whether a span's total tokens are the sum of its input and output tokens (the default). */
  private static boolean totalIsDerived(Row span) {
    Long total = span.longValue(Schema.TOTAL_TOKENS);
    Long in = span.longValue(Schema.INPUT_TOKENS);
    Long out = span.longValue(Schema.OUTPUT_TOKENS);
    return total != null && total == Sums.add(in == null ? 0 : in, out == null ? 0 : out);
  }

  /**
   * Whether a trace's name is a default rather than one the client sent: the feature's, or (when
   * the trace is known only from its spans, so that nothing but the name is set) its root span's.
   */
  private static boolean nameIsDerived(Row trace) {
    Object name = trace.get(Schema.NAME);
    if (name == null) {
      return false;
    }
    if (trace.get(Schema.FEATURE) != null) {
      return name.equals(trace.get(Schema.FEATURE));
    }
    for (Column c : Table.TRACES.columns()) {
      Table.Role role = Table.TRACES.role(c);
      if (c != Schema.NAME && (role == Table.Role.VALUE || role == Table.Role.MERGED)
          && trace.get(c) != null) {
        return false;
      }
    }
    return true;
  }

  private static String mergeObjects(String earlier, String later) {
    if (earlier == null) {
      return later;
    }
    try {
      ObjectNode merged = (ObjectNode) JSON.readTree(earlier);
      merged.setAll((ObjectNode) JSON.readTree(later));
      return JSON.writeValueAsString(merged);
    } catch (IOException e) {
      throw new UncheckedIOException("stored JSON objects are valid by construction", e);
    }
  }

  private Merger() {}
}
