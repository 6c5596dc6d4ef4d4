package dev.sightline.spring.boot;

import dev.sightline.Span;
import dev.sightline.SpanBuilder;
import dev.sightline.SpanParent;
import dev.sightline.SpanType;
import java.util.ArrayList;
import java.util.List;
import org.springframework.ai.chat.client.ChatClientResponse;
import org.springframework.ai.chat.client.advisor.api.Advisor;
import org.springframework.ai.chat.client.observation.ChatClientObservationContext;

/**
 * A {@code ChatClient} call (the advisors around the model call, tools, memory) as a {@code chain}
 * span, with whether it streamed ({@code stream}) and its advisors' names (metadata
 * {@code advisors}). Content: the prompt's messages and the answer's.
 */
final class ChatClientMapper extends ObservationMapper<ChatClientObservationContext> {

  ChatClientMapper() {
    super(ChatClientObservationContext.class);
  }

  @Override
  String name(ChatClientObservationContext context) {
    return "chat_client";
  }

  @Override
  SpanBuilder<?, ? extends Span> open(SpanParent parent, String name, ChatClientObservationContext context) {
    List<String> advisors = new ArrayList<>();
    for (Advisor advisor : context.getAdvisors()) {
      advisors.add(advisor.getName());
    }
    return parent.span(SpanType.CHAIN, name).attribute("stream", context.isStream()).metadata("advisors", advisors);
  }

  @Override
  Object input(ChatClientObservationContext context) {
    return ChatMessages.of(context.getRequest().prompt().getInstructions());
  }

  @Override
  Object output(ChatClientObservationContext context) {
    ChatClientResponse response = context.getResponse();
    return response == null || response.chatResponse() == null ? null : ChatMessages.output(response.chatResponse());
  }
}
