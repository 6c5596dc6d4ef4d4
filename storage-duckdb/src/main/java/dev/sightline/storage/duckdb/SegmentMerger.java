package dev.sightline.storage.duckdb;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.roaringbitmap.RoaringBitmap;
import org.roaringbitmap.buffer.ImmutableRoaringBitmap;

/**
 * Merges consecutive segments into one, so that a query visits few segments however many batches
 * were loaded. Documents keep their sequence numbers (the merged segment's base is the first
 * input's, its local ordinals shift by the difference), so postings are only shifted and joined.
 * Documents replaced by a later version are dropped on the way: their postings and their place in
 * their trace's document list go, and the tombstones that dropped them are no longer needed.
 *
 * <p>Stateless; a merge runs on one thread.
 */
final class SegmentMerger {
  private SegmentMerger() {}

  /**
   * @param inputs consecutive segments, in batch order
   * @param deleted per input (same order): the local ordinals of its documents that are replaced,
   *     or null if none
   */
  static SegmentData merge(List<Segment> inputs, List<RoaringBitmap> deleted) {
    Segment first = inputs.get(0);
    Segment last = inputs.get(inputs.size() - 1);
    long base = first.seqBase();
    long end = base;
    for (Segment s : inputs) {
      end = Math.max(end, s.seqBase() + s.docCount());
    }
    int[] docs = new int[Math.toIntExact(end - base)];
    Arrays.fill(docs, -1);
    List<String> projects = new ArrayList<>();
    Map<String, Integer> projectOrdinals = new HashMap<>();
    Map<List<Long>, Integer> traceOrdinals = new HashMap<>();
    List<long[]> traces = new ArrayList<>();
    for (int i = 0; i < inputs.size(); i++) {
      Segment s = inputs.get(i);
      RoaringBitmap gone = deleted.get(i);
      int shift = (int) (s.seqBase() - base);
      int[] remap = new int[s.traceCount()];
      for (int t = 0; t < s.traceCount(); t++) {
        int project = projectOrdinals.computeIfAbsent(s.traceProject(t), p -> {
          projects.add(p);
          return projects.size() - 1;
        });
        long high = s.traceHigh(t);
        long low = s.traceLow(t);
        remap[t] = traceOrdinals.computeIfAbsent(List.of((long) project, high, low), k -> {
          traces.add(new long[] {project, high, low});
          return traces.size() - 1;
        });
      }
      for (int doc = 0; doc < s.docCount(); doc++) {
        int trace = s.traceOf(doc);
        if (trace >= 0 && (gone == null || !gone.contains(doc))) {
          docs[shift + doc] = remap[trace] << 1 | (s.isSpan(doc) ? 1 : 0);
        }
      }
    }
    TermTable merged = new TermTable(projectOrdinals);
    for (int i = 0; i < inputs.size(); i++) {
      Segment s = inputs.get(i);
      RoaringBitmap gone = deleted.get(i);
      int shift = (int) (s.seqBase() - base);
      s.forEachTerm((hash, project, word, postings) -> merged.add(hash, project, word, postings, gone, shift));
    }
    List<Long> kept = new ArrayList<>();
    for (Segment s : inputs) {
      for (long seq : s.tombstones()) {
        if (seq < base || seq >= end) {
          kept.add(seq); // replaced a document of an older segment, which still holds it
        }
      }
    }
    int[] traceProject = new int[traces.size()];
    long[] traceHigh = new long[traces.size()];
    long[] traceLow = new long[traces.size()];
    for (int t = 0; t < traces.size(); t++) {
      traceProject[t] = (int) traces.get(t)[0];
      traceHigh[t] = traces.get(t)[1];
      traceLow[t] = traces.get(t)[2];
    }
    return new SegmentData(first.firstBatch(), last.lastBatch(), base, docs, List.copyOf(projects),
        traceProject, traceHigh, traceLow, kept.stream().mapToLong(Long::longValue).toArray(),
        merged.hashes(), merged.projects(), merged.words(), merged.postings());
  }

  /** The merged term table: terms keyed by hash, project and word. */
  private static final class TermTable {
    private final Map<String, Integer> projectOrdinals;
    private final Map<Key, Integer> index = new HashMap<>();
    private final List<Key> keys = new ArrayList<>();
    private final List<RoaringBitmap> postings = new ArrayList<>();

    private record Key(long hash, int project, String word) {}

    TermTable(Map<String, Integer> projectOrdinals) {
      this.projectOrdinals = projectOrdinals;
    }

    void add(long hash, String project, byte[] word, ImmutableRoaringBitmap docs, RoaringBitmap gone,
        int shift) {
      RoaringBitmap live = docs.toRoaringBitmap();
      if (gone != null) {
        live.andNot(gone);
      }
      if (live.isEmpty()) {
        return;
      }
      RoaringBitmap shifted = shift == 0 ? live : RoaringBitmap.addOffset(live, shift);
      // ISO-8859-1 maps bytes to chars one to one: an exact, cheap key for the word's bytes.
      Key key = new Key(hash, projectOrdinals.get(project),
          new String(word, StandardCharsets.ISO_8859_1));
      Integer at = index.get(key);
      if (at == null) {
        index.put(key, keys.size());
        keys.add(key);
        postings.add(shifted);
      } else {
        postings.get(at).or(shifted);
      }
    }

    long[] hashes() {
      return keys.stream().mapToLong(Key::hash).toArray();
    }

    int[] projects() {
      return keys.stream().mapToInt(Key::project).toArray();
    }

    byte[][] words() {
      return keys.stream().map(k -> k.word().getBytes(StandardCharsets.ISO_8859_1))
          .toArray(byte[][]::new);
    }

    RoaringBitmap[] postings() {
      return postings.toArray(new RoaringBitmap[0]);
    }
  }
}
