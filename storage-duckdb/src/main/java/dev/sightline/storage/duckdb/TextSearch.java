package dev.sightline.storage.duckdb;

import static dev.sightline.storage.duckdb.SearchDocuments.KIND;
import static dev.sightline.storage.duckdb.SearchDocuments.PROJECT;
import static dev.sightline.storage.duckdb.SearchDocuments.SPAN;
import static dev.sightline.storage.duckdb.SearchDocuments.START;
import static dev.sightline.storage.duckdb.SearchDocuments.TEXT;
import static dev.sightline.storage.duckdb.SearchDocuments.TRACE;

import dev.sightline.server.storage.QuerySemantics;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.lucene.document.LongPoint;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.ReaderUtil;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.BooleanClause.Occur;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.FieldDoc;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreDoc;
import org.apache.lucene.search.Sort;
import org.apache.lucene.search.SortField;
import org.apache.lucene.search.TermInSetQuery;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.search.TopFieldDocs;
import org.apache.lucene.util.BytesRef;

/**
 * Full-text matching on the {@link SearchIndex}: every word of a query ({@link QuerySemantics#words})
 * must occur in the input or output of a span, or (for traces) of the trace or any of its spans,
 * each word possibly in a different one. The index keeps no per-trace union of words (replaced
 * spans would make it stale): per word it finds the traces of the matching trace and span
 * documents, and intersects them. Thread-safe.
 */
final class TextSearch {
  /** Up to this many candidate traces, later words are searched among them only. */
  private static final int MAX_CANDIDATE_FILTER = 50_000;
  private final SearchIndex index;
  private final int collectLimit;

  /**
   * @param collectLimit if the rarest word of a query is in at most this many documents,
   *     collecting every match is cheap; above, listings walk the candidates in their order
   *     instead ({@link TextListings})
   */
  TextSearch(SearchIndex index, int collectLimit) {
    this.index = index;
    this.collectLimit = collectLimit;
  }

  /**
   * The trace ids of the project whose own or spans' texts hold every word of the query.
   *
   * @return null if the query has no word at all (then it does not filter)
   */
  Set<String> traceIds(String projectId, String query) {
    Set<String> words = QuerySemantics.words(query);
    return words.isEmpty() ? null : index.search(searcher -> tracesWithAll(searcher, projectId, words, null));
  }

  /**
   * The {@linkplain #spanKey keys} of the project's spans whose own text holds every word.
   *
   * @return null if the query has no word at all (then it does not filter)
   */
  Set<String> spanKeys(String projectId, String query) {
    Set<String> words = QuerySemantics.words(query);
    if (words.isEmpty()) {
      return null;
    }
    BooleanQuery.Builder q = inProject(projectId).add(new TermQuery(new Term(KIND, SPAN)), Occur.FILTER);
    words.forEach(w -> q.add(new TermQuery(new Term(TEXT, w)), Occur.FILTER));
    return index.search(searcher -> searcher.search(q.build(), KeyCollector.manager(TRACE, SPAN)));
  }

  /** Whether the rarest of these words occurs in few enough documents to collect every match. */
  boolean rare(Set<String> words) {
    return index.search(searcher -> {
      for (String w : words) {
        if (searcher.getIndexReader().docFreq(new Term(TEXT, w)) <= collectLimit) {
          return true;
        }
      }
      return false;
    });
  }

  /** Those of these trace ids whose own or spans' texts hold every word. */
  Set<String> tracesAmong(String projectId, Set<String> words, Set<String> traceIds) {
    return index.search(searcher -> tracesWithAll(searcher, projectId, words, traceIds));
  }

  /**
   * The next spans of the project whose own text holds every word, in start order ({@link
   * SearchDocuments#START}): up to {@code n} of them, and then all others with the same start as
   * the last one, so that consecutive chunks never share a start time.
   *
   * @param from the start to begin at, or null to begin at the first span
   * @param inclusive whether spans starting at {@code from} are included
   */
  SpanChunk spansByStart(String projectId, Set<String> words, boolean ascending, Long from,
      boolean inclusive, int n) {
    BooleanQuery.Builder q = inProject(projectId).add(new TermQuery(new Term(KIND, SPAN)), Occur.FILTER);
    words.forEach(w -> q.add(new TermQuery(new Term(TEXT, w)), Occur.FILTER));
    Query all = q.build();
    if (from != null) {
      long bound = inclusive ? from : ascending ? from + 1 : from - 1;
      q.add(ascending ? LongPoint.newRangeQuery(START, bound, Long.MAX_VALUE)
          : LongPoint.newRangeQuery(START, Long.MIN_VALUE, bound), Occur.FILTER);
    }
    return index.search(searcher -> {
      TopFieldDocs top = searcher.search(q.build(), n, new Sort(new SortField(START, SortField.Type.LONG, !ascending)));
      Set<String> keys = new LinkedHashSet<>();
      List<LeafReaderContext> leaves = searcher.getIndexReader().leaves();
      for (ScoreDoc hit : top.scoreDocs) {
        LeafReaderContext leaf = leaves.get(ReaderUtil.subIndex(hit.doc, leaves));
        keys.add(KeyCollector.key(leaf, hit.doc - leaf.docBase, TRACE, SPAN));
      }
      if (keys.isEmpty()) {
        return new SpanChunk(keys, 0, 0, true);
      }
      long first = start(top.scoreDocs[0]);
      long last = start(top.scoreDocs[top.scoreDocs.length - 1]);
      if (top.scoreDocs.length == n) {
        Query ties = new BooleanQuery.Builder().add(all, Occur.FILTER)
            .add(LongPoint.newExactQuery(START, last), Occur.FILTER).build();
        keys.addAll(searcher.search(ties, KeyCollector.manager(TRACE, SPAN)));
      }
      return new SpanChunk(keys, Math.min(first, last), Math.max(first, last), top.scoreDocs.length < n);
    });
  }

  private static long start(ScoreDoc sorted) {
    return (Long) ((FieldDoc) sorted).fields[0];
  }

  /**
   * Spans in start order.
   *
   * @param keys their {@linkplain #spanKey keys}
   * @param earliest the earliest start among them
   * @param latest the latest start among them
   * @param exhausted whether no span follows
   */
  record SpanChunk(Set<String> keys, long earliest, long latest, boolean exhausted) {
    /** Where the next chunk begins, exclusive. */
    long last(boolean ascending) {
      return ascending ? latest : earliest;
    }
  }

  /** A span's identity within its project: trace id and span id joined by a unit separator. */
  static String spanKey(String traceId, String spanId) {
    return RowCodec.keyText(List.of(traceId, spanId));
  }

  /**
   * Per word, rarest first, the traces with a matching document, intersected.
   *
   * @param among only these trace ids, or null for any
   */
  private static Set<String> tracesWithAll(IndexSearcher searcher, String projectId, Set<String> words,
      Set<String> among) throws IOException {
    Set<String> candidates = null;
    for (String word : rarestFirst(searcher, words)) {
      BooleanQuery.Builder q = inProject(projectId).add(new TermQuery(new Term(TEXT, word)), Occur.FILTER);
      Set<String> filter = candidates != null ? candidates : among;
      if (filter != null && filter.size() <= MAX_CANDIDATE_FILTER) {
        List<BytesRef> ids = filter.stream().map(BytesRef::new).collect(Collectors.toList());
        q.add(new TermInSetQuery(TRACE, ids), Occur.FILTER);
      }
      Set<String> found = searcher.search(q.build(), KeyCollector.manager(TRACE, null));
      if (filter != null) {
        found.retainAll(filter);
      }
      candidates = found;
      if (candidates.isEmpty()) {
        break;
      }
    }
    return candidates;
  }

  private static List<String> rarestFirst(IndexSearcher searcher, Set<String> words) throws IOException {
    List<String> ordered = new ArrayList<>(words);
    Map<String, Integer> freq = new HashMap<>();
    for (String w : words) {
      freq.put(w, searcher.getIndexReader().docFreq(new Term(TEXT, w)));
    }
    ordered.sort(Comparator.comparing(freq::get));
    return ordered;
  }

  private static BooleanQuery.Builder inProject(String projectId) {
    return new BooleanQuery.Builder().add(new TermQuery(new Term(PROJECT, projectId)), Occur.FILTER);
  }
}
