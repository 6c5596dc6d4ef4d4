package dev.sightline.storage.duckdb;

import static dev.sightline.storage.duckdb.SearchDocuments.KIND;
import static dev.sightline.storage.duckdb.SearchDocuments.PROJECT;
import static dev.sightline.storage.duckdb.SearchDocuments.SPAN;
import static dev.sightline.storage.duckdb.SearchDocuments.TEXT;
import static dev.sightline.storage.duckdb.SearchDocuments.TRACE;

import dev.sightline.server.storage.QuerySemantics;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.BooleanClause.Occur;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.TermInSetQuery;
import org.apache.lucene.search.TermQuery;
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

  TextSearch(SearchIndex index) {
    this.index = index;
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
