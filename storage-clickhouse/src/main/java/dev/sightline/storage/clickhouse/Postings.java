package dev.sightline.storage.clickhouse;

import dev.sightline.core.model.Row;
import dev.sightline.core.model.Schema;
import dev.sightline.core.model.Table;
import dev.sightline.core.storage.QuerySemantics;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The postings of one batch ({@link SchemaDdl#POSTINGS}): for each project, day and word, the
 * hashes ({@link Murmur3}) of the traces whose trace row or spans hold the word, each once. The day
 * is that of the trace's start as the batch stores it, or, for the spans of a trace whose row is not
 * in the batch, of the span's own start (no earlier than its trace's). A trace's start only moves
 * earlier as earlier spans arrive, so a trace's postings are all on or after the day it finally
 * starts: a search of the traces started since a day may leave out postings before that day.
 * Postings are a superset: they keep the words of replaced texts, and another trace may share a
 * hash, so searches check the rows' own words too. Not thread-safe.
 */
final class Postings {
  static final List<String> COLUMNS = List.of("project_id", "word", "day", "traces", "n");
  private static final long DAY_MICROS = 86_400_000_000L;

  /** A project's postings of one day, by word. */
  private record Group(String projectId, int day) {}

  private final long nowMicros;
  private final Map<List<String>, Integer> traceDays = new HashMap<>();
  private final Map<Group, Map<String, Hashes>> groups = new HashMap<>();

  /** @param rows the batch's rows, whose trace rows give their traces' days */
  Postings(Collection<Row> rows, long nowMicros) {
    this.nowMicros = nowMicros;
    for (Row row : rows) {
      if (row.table() == Table.TRACES) {
        traceDays.put(trace(row), dayOf(row));
      }
    }
  }

  /** Adds a trace or span row's words (those of a score are none). */
  void add(Row row, Set<String> words) {
    if (row.table() == Table.SCORES || words.isEmpty()) {
      return;
    }
    List<String> trace = trace(row);
    Integer day = traceDays.get(trace);
    Map<String, Hashes> byWord = groups.computeIfAbsent(new Group(trace.get(0), day != null ? day : dayOf(row)),
        g -> new HashMap<>(words.size() * 4));
    int hash = Murmur3.hash32(trace.get(1));
    for (String word : words) {
      byWord.computeIfAbsent(word, w -> new Hashes()).add(hash);
    }
  }

  boolean isEmpty() {
    return groups.isEmpty();
  }

  /** The batch's postings as a {@code RowBinary} body in {@link #COLUMNS} order. */
  RowBinary encode() {
    RowBinary out = new RowBinary();
    groups.forEach((group, byWord) -> byWord.forEach((word, hashes) -> {
      int n = hashes.sortDistinct();
      out.string(group.projectId());
      out.string(word);
      out.uint16(group.day());
      out.uint32s(hashes.values, n);
      out.uint32(n);
    }));
    return out;
  }

  /** Days since the epoch (UTC) of a time in epoch microseconds, within the column's range. */
  static int day(long micros) {
    return (int) Math.max(0, Math.min(0xFFFF, Math.floorDiv(micros, DAY_MICROS)));
  }

  private int dayOf(Row row) {
    Long start = QuerySemantics.start(row);
    return day(start != null ? start : nowMicros);
  }

  private static List<String> trace(Row row) {
    return List.of(row.string(Schema.PROJECT_ID), row.string(Schema.TRACE_ID));
  }

  /** A growing list of hashes, a trace's repeated as its spans add the same word. */
  private static final class Hashes {
    int[] values = new int[4];
    int size;

    void add(int hash) {
      if (size > 0 && values[size - 1] == hash) {
        return; // the common case: the spans of one trace come together
      }
      if (size == values.length) {
        values = Arrays.copyOf(values, size * 2);
      }
      values[size++] = hash;
    }

    /** Sorts the hashes and drops repeats; returns how many are left at the front. */
    int sortDistinct() {
      Arrays.sort(values, 0, size);
      int n = 0;
      for (int i = 0; i < size; i++) {
        if (n == 0 || values[n - 1] != values[i]) {
          values[n++] = values[i];
        }
      }
      return n;
    }
  }
}
