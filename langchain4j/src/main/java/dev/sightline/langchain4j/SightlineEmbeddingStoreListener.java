package dev.sightline.langchain4j;

import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.store.embedding.EmbeddingMatch;
import dev.langchain4j.store.embedding.EmbeddingSearchRequest;
import dev.langchain4j.store.embedding.listener.EmbeddingStoreErrorContext;
import dev.langchain4j.store.embedding.listener.EmbeddingStoreListener;
import dev.langchain4j.store.embedding.listener.EmbeddingStoreRequestContext;
import dev.langchain4j.store.embedding.listener.EmbeddingStoreResponseContext;
import dev.sightline.Sightline;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Records every {@code search} of a LangChain4j {@code EmbeddingStore} as a {@code retrieval} span
 * (named {@code embedding-search} unless {@link #named} says otherwise): input the request (query
 * text when the caller gave one, {@code max_results}, {@code min_score}, the filter as text), output the matches (embedding id,
 * score, and the text of {@code TextSegment} matches, else the embedded object as text). Other
 * operations (add, remove) are not recorded: they are indexing, not part of answering.
 *
 * <pre>{@code
 * EmbeddingStore<TextSegment> store = new InMemoryEmbeddingStore<TextSegment>()
 *     .addListener(new SightlineEmbeddingStoreListener(sightline));
 * }</pre>
 *
 * <p>Placement, threads and failures as for {@link SightlineChatModelListener}. LangChain4j offers
 * this listener since 1.11 (marked experimental there).
 */
public final class SightlineEmbeddingStoreListener implements EmbeddingStoreListener {
  private final Object key = new Object();
  private final Recordings recordings;
  private final String name;

  /** A listener recording into {@code sightline}; traces of their own get the feature {@code langchain4j}. */
  public SightlineEmbeddingStoreListener(Sightline sightline) {
    this(sightline, null);
  }

  /**
   * A listener recording into {@code sightline}.
   *
   * @param feature the feature slug of traces made for searches outside any Sightline trace;
   *     null or blank for {@code langchain4j}
   * @throws IllegalArgumentException if {@code sightline} is null
   */
  public SightlineEmbeddingStoreListener(Sightline sightline, String feature) {
    this(new Recordings(sightline, feature), "embedding-search");
  }

  private SightlineEmbeddingStoreListener(Recordings recordings, String name) {
    this.recordings = recordings;
    this.name = name;
  }

  /**
   * A listener like this one whose spans are named {@code name} (default {@code embedding-search}), to tell
   * several stores apart: LangChain4j hands listeners its own wrapper, not the store they watch.
   *
   * @throws IllegalArgumentException if {@code name} is null or blank
   */
  public SightlineEmbeddingStoreListener named(String name) {
    if (name == null || name.isBlank()) {
      throw new IllegalArgumentException("name: must not be blank");
    }
    return new SightlineEmbeddingStoreListener(recordings, name);
  }

  @Override
  public void onRequest(EmbeddingStoreRequestContext<?> context) {
    if (!(context instanceof EmbeddingStoreRequestContext.Search<?> search)) {
      return;
    }
    Recordings.guarded("an embedding search", () -> {
      Map<String, Object> input = request(search.searchRequest());
      context.attributes().put(key,
          recordings.openCurrent(name, input, parent -> parent.retrieval(name).input(input).start()));
    });
  }

  @Override
  public void onResponse(EmbeddingStoreResponseContext<?> context) {
    Recordings.guarded("an embedding search's result", () -> {
      if (context instanceof EmbeddingStoreResponseContext.Search<?> search
          && context.attributes().remove(key) instanceof Recordings.Current<?> current) {
        current.end(matches(search.searchResult().matches()));
      }
    });
  }

  @Override
  public void onError(EmbeddingStoreErrorContext<?> context) {
    Recordings.guarded("an embedding search's error", () -> {
      if (context.requestContext() != null
          && context.requestContext().attributes().remove(key) instanceof Recordings.Current<?> current) {
        current.fail(context.error());
      }
    });
  }

  private static Map<String, Object> request(EmbeddingSearchRequest request) {
    Map<String, Object> input = new LinkedHashMap<>();
    if (request.query() != null) {
      input.put("query", request.query());
    }
    input.put("max_results", request.maxResults());
    input.put("min_score", request.minScore());
    if (request.filter() != null) {
      input.put("filter", String.valueOf(request.filter()));
    }
    return input;
  }

  private static List<Map<String, Object>> matches(List<? extends EmbeddingMatch<?>> matches) {
    List<Map<String, Object>> out = new ArrayList<>();
    for (EmbeddingMatch<?> m : matches == null ? List.<EmbeddingMatch<?>>of() : matches) {
      Map<String, Object> item = new LinkedHashMap<>();
      item.put("embedding_id", m.embeddingId());
      item.put("score", m.score());
      Object embedded = m.embedded();
      if (embedded instanceof TextSegment segment) {
        item.put("text", segment.text());
      } else if (embedded != null) {
        item.put("embedded", String.valueOf(embedded));
      }
      out.add(item);
    }
    return out;
  }
}
