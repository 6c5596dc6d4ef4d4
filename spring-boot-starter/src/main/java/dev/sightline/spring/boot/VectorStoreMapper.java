package dev.sightline.spring.boot;

import dev.sightline.Span;
import dev.sightline.SpanBuilder;
import dev.sightline.SpanParent;
import dev.sightline.SpanType;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.ai.document.Document;
import org.springframework.ai.vectorstore.SearchRequest;
import org.springframework.ai.vectorstore.observation.VectorStoreObservationContext;

/**
 * A vector store operation: a query is a {@code retrieval} span, adding and deleting documents
 * plain spans. Attributes: {@code db_system}, {@code operation}, {@code collection},
 * {@code top_k}, {@code similarity_threshold}, {@code documents} (how many a query returned).
 * Content: the query text, and the documents returned (id, text, score, metadata).
 */
final class VectorStoreMapper extends ObservationMapper<VectorStoreObservationContext> {

  VectorStoreMapper() {
    super(VectorStoreObservationContext.class);
  }

  /** {@code simple query}: the store and the operation. */
  @Override
  String name(VectorStoreObservationContext context) {
    return context.getDatabaseSystem() + " " + context.getOperationName();
  }

  @Override
  SpanBuilder<?, ? extends Span> open(SpanParent parent, String name, VectorStoreObservationContext context) {
    SpanType type = VectorStoreObservationContext.Operation.QUERY.value().equals(context.getOperationName())
        ? SpanType.RETRIEVAL : SpanType.SPAN;
    Span.Builder span = parent.span(type, name)
        .attribute("db_system", context.getDatabaseSystem())
        .attribute("operation", context.getOperationName());
    if (context.getCollectionName() != null) {
      span.attribute("collection", context.getCollectionName());
    }
    SearchRequest query = context.getQueryRequest();
    if (query != null) {
      span.attribute("top_k", query.getTopK()).attribute("similarity_threshold", query.getSimilarityThreshold());
    }
    return span;
  }

  @Override
  Object input(VectorStoreObservationContext context) {
    return context.getQueryRequest() == null ? null : context.getQueryRequest().getQuery();
  }

  @Override
  Object output(VectorStoreObservationContext context) {
    if (context.getQueryResponse() == null) {
      return null;
    }
    List<Map<String, Object>> documents = new ArrayList<>();
    for (Document document : context.getQueryResponse()) {
      Map<String, Object> d = new LinkedHashMap<>();
      d.put("id", document.getId());
      d.put("text", document.getText());
      d.put("score", document.getScore());
      d.put("metadata", document.getMetadata());
      documents.add(d);
    }
    return documents;
  }

  @Override
  void complete(Span span, VectorStoreObservationContext context) {
    if (context.getQueryResponse() != null) {
      span.setAttribute("documents", context.getQueryResponse().size());
    }
  }
}
