package dev.sightline.storage.clickhouse;

import dev.sightline.core.model.Row;
import dev.sightline.core.model.Schema;
import dev.sightline.core.model.Table;
import dev.sightline.core.storage.QuerySemantics;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The postings of one batch ({@link SchemaDdl#POSTINGS}): for each project, day and word, the
 * hashes ({@link Murmur3}) of the traces whose trace row or spans hold the word, each trace once,
 * on the day of the trace's start as the batch stores it. A trace's start only moves earlier as
 * earlier spans arrive, so a trace's postings are all on or after the day it finally starts: a
 * search of the traces started since a day may leave out postings before that day. Postings are a
 * superset: they keep the words of replaced texts, and another trace may share a hash, so searches
 * check the rows' own words too. Not thread-safe.
 */
final class Postings {
  static final List<String> COLUMNS = List.of("project_id", "word", "day", "traces", "n");
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

  /** The batch's postings as a {@code RowBinary} body in {@link #COLUMNS} order, a row per project, day and word. */
  RowBinary encode(long nowMicros) {
    Map<List<Object>, List<Integer>> hashes = new HashMap<>();
    words.forEach((trace, traceWords) -> {
      int day = day(starts.getOrDefault(trace, nowMicros));
      int hash = Murmur3.hash32(trace.get(1));
      for (String word : traceWords) {
        hashes.computeIfAbsent(List.of(trace.get(0), day, word), k -> new ArrayList<>()).add(hash);
      }
    });
    RowBinary out = new RowBinary();
    hashes.forEach((key, traces) -> {
      out.string((String) key.get(0));
      out.string((String) key.get(2));
      out.uint16((Integer) key.get(1));
      out.uint32s(traces);
      out.uint32(traces.size());
    });
    return out;
  }

  /** Days since the epoch (UTC) of a time in epoch microseconds, within the column's range. */
  static int day(long micros) {
    return (int) Math.max(0, Math.min(0xFFFF, Math.floorDiv(micros, DAY_MICROS)));
  }
}
