package dev.sightline.spring.boot;

import dev.sightline.Span;
import dev.sightline.SpanBuilder;
import dev.sightline.SpanParent;
import org.springframework.ai.chat.metadata.Usage;
import org.springframework.ai.embedding.EmbeddingOptions;
import org.springframework.ai.embedding.EmbeddingResponse;
import org.springframework.ai.embedding.observation.EmbeddingModelObservationContext;

/**
 * An embedding model call as an {@code embedding} span. Its model and tokens are attributes
 * ({@code provider}, {@code model}, {@code dimensions}, {@code input_tokens}, {@code embeddings}:
 * the number of vectors), since the SDK records token columns on generations only. Content: the
 * embedded texts; the vectors themselves are never recorded.
 */
final class EmbeddingModelMapper extends ObservationMapper<EmbeddingModelObservationContext> {

  EmbeddingModelMapper() {
    super(EmbeddingModelObservationContext.class);
  }

  /** {@code embedding text-embedding-3-small}: the operation and the requested model. */
  @Override
  String name(EmbeddingModelObservationContext context) {
    EmbeddingOptions options = context.getRequest().getOptions();
    return ChatModelMapper.operation(context.getOperationMetadata().operationType(),
        options == null ? null : options.getModel());
  }

  @Override
  SpanBuilder<?, ? extends Span> open(SpanParent parent, String name, EmbeddingModelObservationContext context) {
    Span.Builder span = parent.embedding(name).attribute("provider", context.getOperationMetadata().provider());
    EmbeddingOptions options = context.getRequest().getOptions();
    if (options != null && options.getModel() != null) {
      span.attribute("model", options.getModel());
    }
    if (options != null && options.getDimensions() != null) {
      span.attribute("dimensions", options.getDimensions().longValue());
    }
    return span;
  }

  @Override
  Object input(EmbeddingModelObservationContext context) {
    return context.getRequest().getInstructions();
  }

  @Override
  void complete(Span span, EmbeddingModelObservationContext context) {
    EmbeddingResponse response = context.getResponse();
    if (response == null) {
      return;
    }
    span.setAttribute("embeddings", response.getResults().size());
    if (response.getMetadata().getModel() != null && !response.getMetadata().getModel().isBlank()) {
      span.setAttribute("model", response.getMetadata().getModel());
    }
    Usage usage = response.getMetadata().getUsage();
    if (usage != null && usage.getPromptTokens() != null && usage.getPromptTokens() > 0) {
      span.setAttribute("input_tokens", usage.getPromptTokens().longValue());
    }
  }
}
