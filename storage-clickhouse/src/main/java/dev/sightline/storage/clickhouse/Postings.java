package dev.sightline.storage.clickhouse;

import dev.sightline.core.model.Row;
import dev.sightline.core.model.Schema;
import dev.sightline.core.model.Table;
import dev.sightline.core.storage.QuerySemantics;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The postings of one batch ({@link SchemaDdl#POSTINGS}): each trace's words, those of its trace row
 * and of its spans together, once per trace, with the day of the trace's start as the batch stores
 * it. A trace's start only moves earlier as earlier spans arrive, so the day of every posting of a
 * trace is on or after the day the trace finally starts: a search of the traces started since a
 * day may leave out postings before that day. Postings are never updated: a text replaced by a later
 * version leaves its old words behind, so searches check the rows' own words too. Not thread-safe.
 */
final class Postings {
  static final List<String> COLUMNS = List.of("project_id", "word", "day", "trace_id");
  private static final long DAY_MICROS = 86_400_000_000L;

  private final Map<List<String>, Set<String>> words = new HashMap<>();
  private final Map<List<String>, Long> starts = new HashMap<>();

  /** Adds a row's words to its trace's, and the trace's start if the row is the trace's own. */
  void add(Row row, Set<String> rowWords) {
    if (row.table() == Table.SCORES) {
      return;
    }
    List<String> trace = List.of(row.string(Schema.PROJECT_ID), row.string(Schema.TRACE_ID));
    if (!rowWords.isEmpty()) {
      words.computeIfAbsent(trace, k -> new HashSet<>(rowWords.size() * 2)).addAll(rowWords);
    }
    Long start = QuerySemantics.start(row);
    if (start != null) {
      // The trace row's start when present; else the earliest of the batch's spans of the trace.
      starts.merge(trace, start, row.table() == Table.TRACES ? (a, b) -> b : Math::min);
    }
  }

  boolean isEmpty() {
    return words.isEmpty();
  }

  /** The batch's postings as a {@code RowBinary} body in {@link #COLUMNS} order. */
  RowBinary encode(long nowMicros) {
    RowBinary out = new RowBinary();
    words.forEach((trace, traceWords) -> {
      int day = day(starts.getOrDefault(trace, nowMicros));
      for (String word : traceWords) {
        out.string(trace.get(0));
        out.string(word);
        out.uint16(day);
        out.string(trace.get(1));
      }
    });
    return out;
  }

  /** Days since the epoch (UTC) of a time in epoch microseconds, within the column's range. */
  static int day(long micros) {
    return (int) Math.max(0, Math.min(0xFFFF, Math.floorDiv(micros, DAY_MICROS)));
  }
}
