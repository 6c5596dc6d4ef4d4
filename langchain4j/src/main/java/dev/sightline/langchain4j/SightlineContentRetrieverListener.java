package dev.sightline.langchain4j;

import dev.langchain4j.rag.content.Content;
import dev.langchain4j.rag.content.retriever.listener.ContentRetrieverErrorContext;
import dev.langchain4j.rag.content.retriever.listener.ContentRetrieverListener;
import dev.langchain4j.rag.content.retriever.listener.ContentRetrieverRequestContext;
import dev.langchain4j.rag.content.retriever.listener.ContentRetrieverResponseContext;
import dev.sightline.Sightline;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Records every {@code retrieve} of a LangChain4j {@code ContentRetriever} as a {@code retrieval}
 * span (named {@code retrieve} unless {@link #named} says otherwise): input the query text, output
 * the contents found (text, score, embedding id and the segment's metadata). While it runs the span is current, so an
 * embedding-store search the retriever makes (recorded by {@link SightlineEmbeddingStoreListener})
 * nests under it.
 *
 * <pre>{@code
 * ContentRetriever retriever = EmbeddingStoreContentRetriever.from(store)
 *     .addListener(new SightlineContentRetrieverListener(sightline).named("docs"));
 * }</pre>
 *
 * <p>Placement, threads and failures as for {@link SightlineChatModelListener}. LangChain4j offers
 * this listener since 1.11 (marked experimental there).
 */
public final class SightlineContentRetrieverListener implements ContentRetrieverListener {
  private final Object key = new Object();
  private final Recordings recordings;
  private final String name;

  /** A listener recording into {@code sightline}; traces of their own get the feature {@code langchain4j}. */
  public SightlineContentRetrieverListener(Sightline sightline) {
    this(sightline, null);
  }

  /**
   * A listener recording into {@code sightline}.
   *
   * @param feature the feature slug of traces made for retrievals outside any Sightline trace;
   *     null or blank for {@code langchain4j}
   * @throws IllegalArgumentException if {@code sightline} is null
   */
  public SightlineContentRetrieverListener(Sightline sightline, String feature) {
    this(new Recordings(sightline, feature), "retrieve");
  }

  private SightlineContentRetrieverListener(Recordings recordings, String name) {
    this.recordings = recordings;
    this.name = name;
  }

  /**
   * A listener like this one whose spans are named {@code name} (default {@code retrieve}), to tell
   * several retrievers apart: LangChain4j hands listeners its own wrapper, not the retriever they watch.
   *
   * @throws IllegalArgumentException if {@code name} is null or blank
   */
  public SightlineContentRetrieverListener named(String name) {
    if (name == null || name.isBlank()) {
      throw new IllegalArgumentException("name: must not be blank");
    }
    return new SightlineContentRetrieverListener(recordings, name);
  }

  @Override
  public void onRequest(ContentRetrieverRequestContext context) {
    Recordings.guarded("a retrieval", () -> {
      String query = context.query() == null ? null : context.query().text();
      context.attributes().put(key,
          recordings.openCurrent(name, query, parent -> parent.retrieval(name).input(query).start()));
    });
  }

  @Override
  public void onResponse(ContentRetrieverResponseContext context) {
    Recordings.guarded("a retrieval's result", () -> {
      if (context.attributes().remove(key) instanceof Recordings.Current<?> current) {
        current.end(contents(context.contents()));
      }
    });
  }

  @Override
  public void onError(ContentRetrieverErrorContext context) {
    Recordings.guarded("a retrieval's error", () -> {
      if (context.attributes().remove(key) instanceof Recordings.Current<?> current) {
        current.fail(context.error());
      }
    });
  }

  private static List<Map<String, Object>> contents(List<Content> contents) {
    List<Map<String, Object>> out = new ArrayList<>();
    for (Content c : contents == null ? List.<Content>of() : contents) {
      Map<String, Object> item = new LinkedHashMap<>();
      if (c.textSegment() != null) {
        item.put("text", c.textSegment().text());
      }
      if (c.metadata() != null) {
        c.metadata().forEach((k, v) -> item.put(k.name().toLowerCase(Locale.ROOT),
            v instanceof Number || v instanceof String ? v : String.valueOf(v)));
      }
      if (c.textSegment() != null && c.textSegment().metadata() != null && !c.textSegment().metadata().toMap().isEmpty()) {
        item.put("metadata", c.textSegment().metadata().toMap());
      }
      out.add(item);
    }
    return out;
  }
}
