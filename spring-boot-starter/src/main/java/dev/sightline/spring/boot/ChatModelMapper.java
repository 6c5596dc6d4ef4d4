package dev.sightline.spring.boot;

import dev.sightline.Generation;
import dev.sightline.Span;
import dev.sightline.SpanBuilder;
import dev.sightline.SpanParent;
import io.micrometer.observation.Observation;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.ai.chat.metadata.ChatResponseMetadata;
import org.springframework.ai.chat.metadata.Usage;
import org.springframework.ai.chat.model.ChatResponse;
import org.springframework.ai.chat.observation.ChatModelObservationContext;
import org.springframework.ai.chat.prompt.ChatOptions;

/**
 * A chat model call as a generation: provider, the requested model and its parameters at start;
 * the model that answered, input and output tokens, the finish reason ({@code finish_reason}
 * attribute) and the response id ({@code response_id}) at stop. Content: the prompt's messages and
 * the answer's.
 */
final class ChatModelMapper extends ObservationMapper<ChatModelObservationContext> {

  ChatModelMapper() {
    super(ChatModelObservationContext.class);
  }

  /** {@code chat gpt-4o-mini}: the operation and the requested model, as Spring AI names its spans. */
  @Override
  String name(ChatModelObservationContext context) {
    ChatOptions options = context.getRequest().getOptions();
    return operation(context.getOperationMetadata().operationType(), options == null ? null : options.getModel());
  }

  static String operation(String operation, String model) {
    return model == null || model.isBlank() ? operation : operation + " " + model;
  }

  @Override
  SpanBuilder<?, ? extends Span> open(SpanParent parent, String name, ChatModelObservationContext context) {
    Generation.Builder generation = parent.generation(name).provider(context.getOperationMetadata().provider());
    ChatOptions options = context.getRequest().getOptions();
    if (options != null) {
      generation.model(options.getModel()).modelParameters(parameters(options));
    }
    return generation;
  }

  @Override
  Object input(ChatModelObservationContext context) {
    return ChatMessages.of(context.getRequest().getInstructions());
  }

  @Override
  Object output(ChatModelObservationContext context) {
    return context.getResponse() == null ? null : ChatMessages.output(context.getResponse());
  }

  @Override
  void complete(Span span, ChatModelObservationContext context) {
    ChatResponse response = context.getResponse();
    if (response == null || !(span instanceof Generation generation)) {
      return;
    }
    ChatResponseMetadata metadata = response.getMetadata();
    if (metadata.getModel() != null && !metadata.getModel().isBlank()) {
      generation.setModel(metadata.getModel());
    }
    if (metadata.getId() != null && !metadata.getId().isBlank()) {
      generation.setAttribute("response_id", metadata.getId());
    }
    Usage usage = metadata.getUsage();
    // Spring AI reports zeros when the provider sent no usage: leave the counting to the server.
    if (usage != null && usage.getPromptTokens() != null && usage.getCompletionTokens() != null
        && usage.getPromptTokens() + usage.getCompletionTokens() > 0) {
      long[] own = ownShare(context, usage);
      generation.setUsage(own[0], own[1]);
    }
    String finishReasons = ChatMessages.finishReasons(response);
    if (finishReasons != null) {
      generation.setAttribute("finish_reason", finishReasons);
    }
  }

  /**
   * This call's own input and output tokens. In a tool-calling loop Spring AI makes one model call
   * per round, each observed as a sibling under the same parent, and reports on each the sum of
   * the rounds so far (a usage without the provider's native usage): this subtracts the sum
   * reported by the previous call under the same parent observation. A usage with native usage is
   * the provider's own figure and is taken as it is. Without a parent observation there is nothing
   * to subtract from, and the sum is recorded.
   */
  private static long[] ownShare(ChatModelObservationContext context, Usage usage) {
    long in = usage.getPromptTokens();
    long out = usage.getCompletionTokens();
    if (context.getParentObservation() != null
        && context.getParentObservation().getContextView() instanceof Observation.Context parent) {
      ReportedTokens previous = parent.get(ReportedTokens.class);
      parent.put(ReportedTokens.class, new ReportedTokens(in, out));
      if (previous != null && usage.getNativeUsage() == null && in >= previous.in() && out >= previous.out()) {
        return new long[] {in - previous.in(), out - previous.out()};
      }
    }
    return new long[] {in, out};
  }

  /** The tokens the latest chat model call under a parent observation reported (sums included). */
  private record ReportedTokens(long in, long out) {}

  /** The options that were set, under OpenAI's parameter names; the requested model as {@code model}. */
  private static Map<String, Object> parameters(ChatOptions options) {
    Map<String, Object> parameters = new LinkedHashMap<>();
    putIfSet(parameters, "model", options.getModel());
    putIfSet(parameters, "temperature", options.getTemperature());
    putIfSet(parameters, "max_tokens", options.getMaxTokens());
    putIfSet(parameters, "top_p", options.getTopP());
    putIfSet(parameters, "top_k", options.getTopK());
    putIfSet(parameters, "frequency_penalty", options.getFrequencyPenalty());
    putIfSet(parameters, "presence_penalty", options.getPresencePenalty());
    putIfSet(parameters, "stop", options.getStopSequences());
    return parameters;
  }

  private static void putIfSet(Map<String, Object> map, String key, Object value) {
    if (value != null) {
      map.put(key, value);
    }
  }
}
