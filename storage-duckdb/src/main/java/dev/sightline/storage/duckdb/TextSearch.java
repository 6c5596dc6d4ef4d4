package dev.sightline.storage.duckdb;

import dev.sightline.core.storage.QuerySemantics;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.roaringbitmap.RoaringBitmap;
import org.roaringbitmap.buffer.ImmutableRoaringBitmap;

/**
 * Full-text matching on the {@link TextIndex}: every word of a query ({@link QuerySemantics#words})
 * must occur in the input or output of a span, or (for traces) of the trace row or any of its
 * spans, each word possibly in a different one. Documents replaced by a later version never match.
 * Each call reads one {@link IndexView}. Thread-safe.
 */
final class TextSearch {
  private final TextIndex index;
  private final int collectLimit;

  /**
   * @param collectLimit if the rarest word of a query is in at most this many documents,
   *     collecting every match is cheap; above, listings walk the candidates in their order
   *     instead ({@link CommonWordWalk})
   */
  TextSearch(TextIndex index, int collectLimit) {
    this.index = index;
    this.collectLimit = collectLimit;
  }

  /** A query word: its bytes and its hash in one project. */
  private record Word(byte[] bytes, long hash) {}

  private static List<Word> words(String projectId, Set<String> words) {
    long seed = Terms.projectSeed(projectId);
    List<Word> out = new ArrayList<>();
    for (String w : words) {
      byte[] bytes = w.getBytes(StandardCharsets.UTF_8);
      out.add(new Word(bytes, Terms.hash(seed, bytes, bytes.length)));
    }
    return out;
  }

  /** Whether the rarest of these words occurs in few enough documents to collect every match. */
  boolean rare(String projectId, Set<String> words) {
    IndexView view = index.view();
    for (Word w : words(projectId, words)) {
      if (frequency(view, projectId, w) <= collectLimit) {
        return true;
      }
    }
    return false;
  }

  /**
   * The ids of the project's traces whose own or spans' texts hold every word of the query.
   *
   * @return null if the query has no word at all (then it does not filter)
   */
  Set<String> traceIds(String projectId, String query) {
    Set<String> words = QuerySemantics.words(query);
    if (words.isEmpty()) {
      return null;
    }
    IndexView view = index.view();
    List<Word> ordered = words(projectId, words);
    ordered.sort(Comparator.comparingLong(w -> frequency(view, projectId, w)));
    Set<String> candidates = new LinkedHashSet<>();
    for (Segment s : view.segments()) {
      int p = s.project(projectId);
      ImmutableRoaringBitmap docs = p < 0 ? null : s.postings(p, ordered.get(0).hash(), ordered.get(0).bytes());
      if (docs == null) {
        continue;
      }
      RoaringBitmap deleted = view.deleted(s);
      docs.forEach((int doc) -> {
        if (deleted == null || !deleted.contains(doc)) {
          candidates.add(s.traceId(s.traceOf(doc)));
        }
      });
    }
    return ordered.size() == 1 || candidates.isEmpty() ? candidates
        : tracesAmong(view, projectId, ordered.subList(1, ordered.size()), candidates);
  }

  /**
   * The sequence numbers of the project's spans whose own text holds every word of the query.
   *
   * @return null if the query has no word at all (then it does not filter)
   */
  List<Long> spanSeqs(String projectId, String query) {
    Set<String> words = QuerySemantics.words(query);
    if (words.isEmpty()) {
      return null;
    }
    IndexView view = index.view();
    List<Word> all = words(projectId, words);
    List<Long> out = new ArrayList<>();
    for (Segment s : view.segments()) {
      RoaringBitmap docs = allWords(s, projectId, all);
      if (docs == null) {
        continue;
      }
      RoaringBitmap deleted = view.deleted(s);
      if (deleted != null) {
        docs.andNot(deleted);
      }
      docs.forEach((int doc) -> {
        if (s.isSpan(doc)) {
          out.add(s.seqBase() + doc);
        }
      });
    }
    return out;
  }

  /** Those of these trace ids whose own or spans' texts hold every word. */
  Set<String> tracesAmong(String projectId, Set<String> words, Collection<String> traceIds) {
    return tracesAmong(index.view(), projectId, words(projectId, words), traceIds);
  }

  /** Those of these span sequence numbers whose span's own text holds every word. */
  Set<Long> spansAmong(String projectId, Set<String> words, Collection<Long> seqs) {
    IndexView view = index.view();
    List<Word> all = words(projectId, words);
    Set<Long> out = new HashSet<>();
    for (long seq : seqs) {
      Segment s = view.segmentOf(seq);
      int doc = s == null ? -1 : (int) (seq - s.seqBase());
      if (s == null || !s.isSpan(doc) || view.isDeleted(s, doc)) {
        continue;
      }
      int p = s.project(projectId);
      boolean match = p >= 0;
      for (int i = 0; match && i < all.size(); i++) {
        ImmutableRoaringBitmap docs = s.postings(p, all.get(i).hash(), all.get(i).bytes());
        match = docs != null && docs.contains(doc);
      }
      if (match) {
        out.add(seq);
      }
    }
    return out;
  }

  /**
   * Where a trace's live rows are: the sequence numbers of its trace row version and of its span
   * row versions, ascending.
   */
  List<Long> locate(String projectId, String traceId) {
    return locateByTable(projectId, traceId).all();
  }

  /**
   * Where a trace's live rows are, by table. A batch numbers its spans before its trace rows, so
   * a trace row is thousands of numbers after its spans: read by table, each statement's range
   * stays within the rows it wants.
   */
  Located locateByTable(String projectId, String traceId) {
    IndexView view = index.view();
    long high = Terms.traceHigh(traceId);
    long low = Terms.traceLow(traceId);
    List<Long> traceRows = new ArrayList<>(1);
    List<Long> spans = new ArrayList<>();
    for (Segment s : view.segments()) {
      int p = s.project(projectId);
      int trace = p < 0 ? -1 : s.trace(p, high, low);
      if (trace < 0) {
        continue;
      }
      for (int doc : s.docsOf(trace)) {
        if (!view.isDeleted(s, doc)) {
          (s.isSpan(doc) ? spans : traceRows).add(s.seqBase() + doc);
        }
      }
    }
    return new Located(traceRows, spans);
  }

  /** The sequence numbers of a trace's live trace row versions and span row versions, each ascending. */
  record Located(List<Long> traceRows, List<Long> spans) {
    /** Both, ascending. */
    List<Long> all() {
      List<Long> all = new ArrayList<>(traceRows.size() + spans.size());
      all.addAll(traceRows);
      all.addAll(spans);
      all.sort(null);
      return all;
    }
  }

  private static Set<String> tracesAmong(IndexView view, String projectId, List<Word> words,
      Collection<String> traceIds) {
    List<String> ids = new ArrayList<>(traceIds);
    int stride = (words.size() + 63) / 64;
    long[] satisfied = new long[ids.size() * stride];
    for (Segment s : view.segments()) {
      int p = s.project(projectId);
      if (p < 0) {
        continue;
      }
      ImmutableRoaringBitmap[] postings = new ImmutableRoaringBitmap[words.size()];
      boolean any = false;
      for (int w = 0; w < words.size(); w++) {
        postings[w] = s.postings(p, words.get(w).hash(), words.get(w).bytes());
        any |= postings[w] != null;
      }
      if (!any) {
        continue;
      }
      for (int i = 0; i < ids.size(); i++) {
        String id = ids.get(i);
        int trace = s.trace(p, Terms.traceHigh(id), Terms.traceLow(id));
        if (trace < 0) {
          continue;
        }
        for (int doc : s.docsOf(trace)) {
          if (view.isDeleted(s, doc)) {
            continue;
          }
          for (int w = 0; w < words.size(); w++) {
            if (postings[w] != null && postings[w].contains(doc)) {
              satisfied[i * stride + w / 64] |= 1L << w;
            }
          }
        }
      }
    }
    Set<String> out = new LinkedHashSet<>();
    for (int i = 0; i < ids.size(); i++) {
      boolean all = true;
      for (int w = 0; all && w < words.size(); w++) {
        all = (satisfied[i * stride + w / 64] & (1L << w)) != 0;
      }
      if (all) {
        out.add(ids.get(i));
      }
    }
    return out;
  }

  /** The documents of a segment holding every word, or null if none can. */
  private static RoaringBitmap allWords(Segment s, String projectId, List<Word> words) {
    int p = s.project(projectId);
    if (p < 0) {
      return null;
    }
    RoaringBitmap out = null;
    for (Word w : words) {
      ImmutableRoaringBitmap docs = s.postings(p, w.hash(), w.bytes());
      if (docs == null) {
        return null;
      }
      if (out == null) {
        out = docs.toRoaringBitmap();
      } else {
        out.and(docs.toRoaringBitmap());
      }
      if (out.isEmpty()) {
        return null;
      }
    }
    return out;
  }

  /** How many documents hold the word (replaced ones included: an estimate from above). */
  private static long frequency(IndexView view, String projectId, Word w) {
    long n = 0;
    for (Segment s : view.segments()) {
      int p = s.project(projectId);
      ImmutableRoaringBitmap docs = p < 0 ? null : s.postings(p, w.hash(), w.bytes());
      if (docs != null) {
        n += docs.getLongCardinality();
      }
    }
    return n;
  }
}
