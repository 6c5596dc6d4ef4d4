package dev.sightline.server.collector;

import dev.sightline.core.model.Row;
import dev.sightline.core.model.RowKey;
import dev.sightline.core.model.Schema;
import dev.sightline.core.model.Table;
import dev.sightline.core.storage.LogPosition;
import dev.sightline.core.storage.SpanVerdicts;
import dev.sightline.core.storage.StorageWriter;
import dev.sightline.core.storage.TraceDeletion;
import dev.sightline.core.storage.WriteBatch;
import dev.sightline.server.usage.UsageInference;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Turns logged rows into stored rows: merges the events of each key in log order, merges them into
 * what storage already has, infers the tokens and cost that model calls did not report
 * ({@link UsageInference}), updates the rollups of the traces they touch, and writes the result
 * with its log position in one atomic batch, together with the rows derived from them
 * ({@link DerivedRows}). Every span's trace gets a trace row, so traces sent only as spans
 * (OpenTelemetry) are listed too.
 *
 * <p>Not thread-safe: one loader thread calls it.
 */
final class Loader {
  private final StorageWriter storage;
  private final UsageInference inference;
  private final DerivedRows derived;
  private final MergeLocks locks;
  private final KeyFilter stored;

  Loader(StorageWriter storage, UsageInference inference, DerivedRows derived, MergeLocks locks) {
    this.storage = storage;
    this.inference = inference;
    this.derived = derived;
    this.locks = locks;
    if (storage.sharedByServers()) {
      // Other servers add keys this one never sees: every key is looked up.
      this.stored = null;
    } else {
      // Streamed in: the filter chains larger ones as it fills, so the key count need not be known
      // first, and no list of every stored key is held.
      this.stored = new KeyFilter(1 << 20);
      for (Table t : Table.all()) {
        storage.forEachKey(t, stored::add);
      }
    }
  }

  /**
   * Applies deletions, then rows (in log order; none of a deleted trace), and records that the log
   * is applied up to {@code position}.
   */
  void apply(List<Row> logged, List<TraceDeletion> deletions, LogPosition position) {
    if (locks == MergeLocks.NONE) {
      merge(logged, deletions, position); // a single server: no names to build for nobody
      return;
    }
    try (MergeLocks.Held held = locks.lock(lockNames(logged, deletions))) {
      merge(logged, deletions, position);
    }
  }

  /** The traces (or, for a score of no trace, the scores) a batch merges into or deletes. */
  private static Set<String> lockNames(List<Row> logged, List<TraceDeletion> deletions) {
    Set<String> names = new HashSet<>();
    for (Row row : logged) {
      String project = row.string(Schema.PROJECT_ID);
      String trace = row.string(Schema.TRACE_ID);
      names.add(project + "/" + (trace != null ? trace : row.key().parts().get(row.key().parts().size() - 1)));
    }
    for (TraceDeletion d : deletions) {
      for (String trace : d.traceIds()) {
        names.add(d.projectId() + "/" + trace);
      }
    }
    return names;
  }

  private void merge(List<Row> logged, List<TraceDeletion> deletions, LogPosition position) {
    Map<RowKey, Row> incoming = new LinkedHashMap<>();
    for (Row row : logged) {
      incoming.merge(row.key(), row, Merger::merge);
    }
    Set<RowKey> maybeStored = new HashSet<>();
    for (Row row : incoming.values()) {
      addIfMaybeStored(maybeStored, row.key());
      if (row.table() == Table.SPANS) {
        addIfMaybeStored(maybeStored, traceKey(row));
      }
    }
    Map<RowKey, Row> existing = maybeStored.isEmpty() ? Map.of() : storage.fetch(maybeStored);

    List<Row> out = new ArrayList<>(incoming.size() + 16);
    Map<RowKey, Row.Builder> traces = new LinkedHashMap<>();
    for (Row row : incoming.values()) {
      if (row.table() == Table.TRACES) {
        traces.put(row.key(), Merger.merge(existing.get(row.key()), row).toBuilder());
      }
    }
    for (Row row : incoming.values()) {
      if (row.table() == Table.TRACES) {
        continue;
      }
      Row before = existing.get(row.key());
      Row after = UsageInference.affects(row)
          ? inference.infer(Merger.withDefaults(Merger.merge(UsageInference.withoutInferred(before), row)))
          : Merger.withDefaults(Merger.merge(before, row));
      out.add(after);
      if (row.table() == Table.SPANS) {
        RowKey tk = traceKey(row);
        Row.Builder trace = traces.computeIfAbsent(tk, k -> existing.containsKey(k)
            ? existing.get(k).toBuilder() : newTrace(row));
        Rollups.apply(trace, before, after);
        if (trace.get(Schema.NAME) == null && trace.get(Schema.FEATURE) == null
            && after.get(Schema.PARENT_SPAN_ID) == null) {
          trace.set(Schema.NAME, after.get(Schema.NAME)); // spans-only traces (OTLP) take the root's name
        }
      }
    }
    for (Row.Builder trace : traces.values()) {
      out.add(Merger.withDefaults(trace.build()));
    }
    Set<RowKey> replaced = new HashSet<>();
    for (Row row : out) {
      if (existing.containsKey(row.key())) {
        replaced.add(row.key());
      }
    }
    List<SpanVerdicts> verdicts = out.isEmpty() ? List.of() : addDerived(out, existing, replaced);
    storage.write(new WriteBatch(out, replaced, deletions, position, verdicts));
    if (stored == null) {
      return;
    }
    for (Row row : out) {
      if (!replaced.contains(row.key())) {
        stored.add(row.key());
      }
    }
  }

  /**
   * Adds the derived rows, and returns the verdicts the store is to pack: those on spans it stores
   * for the first time, when it packs verdicts and the batch has no score rows of its own (whose
   * keys those of the verdicts could be). The other verdicts are added as their score rows.
   */
  private List<SpanVerdicts> addDerived(List<Row> out, Map<RowKey, Row> existing, Set<RowKey> replaced) {
    DerivedRows.Derived derivation = derived.derive(out, existing::get);
    List<Row> extra = derivation.rows();
    List<SpanVerdicts> packed = new ArrayList<>();
    if (!derivation.verdicts().isEmpty()) {
      boolean packs = storage.packsVerdicts() && out.stream().noneMatch(r -> r.table() == Table.SCORES);
      extra = new ArrayList<>(extra);
      for (SpanVerdicts v : derivation.verdicts()) {
        if (packs && !replaced.contains(v.span().key())) {
          packed.add(v);
        } else {
          extra.addAll(v.scoreRows());
        }
      }
    }
    if (!extra.isEmpty()) {
      addRows(out, existing, replaced, extra);
    }
    return packed;
  }

  /**
   * Adds derived rows; one with the key of a row of the batch takes its place. A derived score
   * of a span or trace stored for the first time in this batch is not looked for in storage: its
   * id is a function of the evaluator's version and of that span or trace, so nothing stored can
   * have it. (A client could send a score with such an id before the span; it would then be kept
   * twice.) With three evaluators on every generation, looking up their scores' keys, the key
   * filter's false positives or, over a shared store, all of them, was most of what evaluators
   * added to the loader (BENCHMARKS.md, issue 14).
   */
  private void addRows(List<Row> out, Map<RowKey, Row> existing, Set<RowKey> replaced, List<Row> extra) {
    Map<RowKey, Integer> index = new HashMap<>();
    for (int i = 0; i < out.size(); i++) {
      index.put(out.get(i).key(), i);
    }
    Set<RowKey> maybeStored = new HashSet<>();
    for (Row row : extra) {
      Integer at = index.get(row.key());
      if (at != null) {
        out.set(at, row);
      } else {
        index.put(row.key(), out.size());
        out.add(row);
        RowKey subject = subject(row);
        if (subject == null || !index.containsKey(subject) || existing.containsKey(subject)) {
          addIfMaybeStored(maybeStored, row.key());
        }
      }
    }
    if (!maybeStored.isEmpty()) {
      replaced.addAll(storage.fetch(maybeStored).keySet());
    }
  }

  /** The span or trace a score judges; null for other rows and for a score of no trace. */
  private static RowKey subject(Row row) {
    String trace = row.table() == Table.SCORES ? row.string(Schema.TRACE_ID) : null;
    if (trace == null) {
      return null;
    }
    String project = row.string(Schema.PROJECT_ID);
    String span = row.string(Schema.SPAN_ID);
    return span == null ? new RowKey(Table.TRACES, List.of(project, trace))
        : new RowKey(Table.SPANS, List.of(project, trace, span));
  }

  private void addIfMaybeStored(Set<RowKey> keys, RowKey key) {
    if (stored == null || stored.mightContain(key)) {
      keys.add(key);
    }
  }

  private static RowKey traceKey(Row span) {
    return new RowKey(Table.TRACES, List.of(span.string(Schema.PROJECT_ID), span.string(Schema.TRACE_ID)));
  }

  private static Row.Builder newTrace(Row span) {
    return Row.builder(Table.TRACES)
        .set(Schema.PROJECT_ID, span.get(Schema.PROJECT_ID))
        .set(Schema.TRACE_ID, span.get(Schema.TRACE_ID));
  }
}
