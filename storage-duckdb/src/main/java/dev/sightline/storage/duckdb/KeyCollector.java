package dev.sightline.storage.duckdb;

import java.io.IOException;
import java.util.Collection;
import java.util.HashSet;
import java.util.Set;
import org.apache.lucene.index.DocValues;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.SortedDocValues;
import org.apache.lucene.search.CollectorManager;
import org.apache.lucene.search.ScoreMode;
import org.apache.lucene.search.SimpleCollector;

/**
 * Collects the distinct row keys of the matching documents from sorted doc values: the trace id,
 * or the trace id and span id joined as {@link SearchIndex#spanKey}. Not thread-safe; one per
 * search slice, made by {@link #manager}.
 */
final class KeyCollector extends SimpleCollector {
  private final String first;
  private final String second;
  private final Set<String> keys = new HashSet<>();
  private SortedDocValues firstValues;
  private SortedDocValues secondValues;

  private KeyCollector(String first, String second) {
    this.first = first;
    this.second = second;
  }

  /**
   * Collects one field's values, or two joined by the key separator.
   *
   * @param second the second field, or null
   */
  static CollectorManager<KeyCollector, Set<String>> manager(String first, String second) {
    return new CollectorManager<>() {
      @Override
      public KeyCollector newCollector() {
        return new KeyCollector(first, second);
      }

      @Override
      public Set<String> reduce(Collection<KeyCollector> collectors) {
        Set<String> all = new HashSet<>();
        collectors.forEach(c -> all.addAll(c.keys));
        return all;
      }
    };
  }

  @Override
  protected void doSetNextReader(LeafReaderContext context) throws IOException {
    firstValues = DocValues.getSorted(context.reader(), first);
    secondValues = second == null ? null : DocValues.getSorted(context.reader(), second);
  }

  @Override
  public void collect(int doc) throws IOException {
    String key = key(firstValues, secondValues, doc);
    if (key != null) {
      keys.add(key);
    }
  }

  /** The key of one document of a leaf (as {@link #manager} collects them), or null if it has none. */
  static String key(LeafReaderContext leaf, int doc, String first, String second) throws IOException {
    return key(DocValues.getSorted(leaf.reader(), first),
        second == null ? null : DocValues.getSorted(leaf.reader(), second), doc);
  }

  private static String key(SortedDocValues firstValues, SortedDocValues secondValues, int doc)
      throws IOException {
    if (!firstValues.advanceExact(doc)) {
      return null;
    }
    String key = firstValues.lookupOrd(firstValues.ordValue()).utf8ToString();
    if (secondValues != null) {
      if (!secondValues.advanceExact(doc)) {
        return null;
      }
      key = TextSearch.spanKey(key, secondValues.lookupOrd(secondValues.ordValue()).utf8ToString());
    }
    return key;
  }

  @Override
  public ScoreMode scoreMode() {
    return ScoreMode.COMPLETE_NO_SCORES;
  }
}
