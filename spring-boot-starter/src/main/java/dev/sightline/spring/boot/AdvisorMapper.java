package dev.sightline.spring.boot;

import dev.sightline.Span;
import dev.sightline.SpanBuilder;
import dev.sightline.SpanParent;
import org.springframework.ai.chat.client.advisor.observation.AdvisorObservationContext;

/**
 * One advisor of a {@code ChatClient} call as a span named after the advisor, with its order
 * ({@code order}); its children are what it calls (the next advisor, the model, a vector store).
 * No content: the request it sees is the chat client's.
 */
final class AdvisorMapper extends ObservationMapper<AdvisorObservationContext> {

  AdvisorMapper() {
    super(AdvisorObservationContext.class);
  }

  @Override
  String name(AdvisorObservationContext context) {
    return context.getAdvisorName();
  }

  @Override
  SpanBuilder<?, ? extends Span> open(SpanParent parent, String name, AdvisorObservationContext context) {
    return parent.span(name).attribute("order", context.getOrder());
  }
}
