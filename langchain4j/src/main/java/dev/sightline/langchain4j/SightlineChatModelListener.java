package dev.sightline.langchain4j;

import dev.langchain4j.model.chat.listener.ChatModelErrorContext;
import dev.langchain4j.model.chat.listener.ChatModelListener;
import dev.langchain4j.model.chat.listener.ChatModelRequestContext;
import dev.langchain4j.model.chat.listener.ChatModelResponseContext;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.chat.response.ChatResponseMetadata;
import dev.langchain4j.model.output.TokenUsage;
import dev.sightline.Generation;
import dev.sightline.Sightline;
import dev.sightline.SightlineContext;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Records every chat request of a LangChain4j chat model as a Sightline generation: provider,
 * model (the one the provider answered with, else the requested one), the parameters that were
 * set, the input messages, the output message with its tool calls, token counts, the finish
 * reason (attribute {@code gen_ai.response.finish_reasons}) and the response id
 * ({@code gen_ai.response.id}); a failed request is a generation with status {@code failure} and
 * the error's message.
 *
 * <pre>{@code
 * ChatModel model = OpenAiChatModel.builder()
 *     .apiKey(key).modelName("gpt-4o-mini")
 *     .listeners(List.of(new SightlineChatModelListener(sightline)))
 *     .build();
 * }</pre>
 *
 * <p>The generation is a child of the {@linkplain SightlineContext#current() current} Sightline
 * span or trace of the thread that sends the request; without one it gets a trace of its own
 * (feature {@code langchain4j} unless given, named like the generation: {@code chat <model>}).
 * For a streaming model the time to first token is recorded only when the model is wrapped with
 * {@link SightlineStreamingChatModel#wrap}; the listener alone sees the request and the complete
 * response, not the tokens in between.
 *
 * <p>Thread-safe; one instance may serve any number of models. Never throws into the application:
 * a tracing problem is logged once through {@link System.Logger} {@code dev.sightline.langchain4j}
 * and the request goes on unrecorded.
 */
public final class SightlineChatModelListener implements ChatModelListener {
  /** This instance's key in the request's attribute map, so that two listeners never mix. */
  private final Object key = new Object();
  private final Recordings recordings;

  /** A listener recording into {@code sightline}; traces of their own get the feature {@code langchain4j}. */
  public SightlineChatModelListener(Sightline sightline) {
    this(sightline, null);
  }

  /**
   * A listener recording into {@code sightline}.
   *
   * @param feature the feature slug of the traces made for requests sent outside any Sightline
   *     trace; null or blank for {@code langchain4j}
   * @throws IllegalArgumentException if {@code sightline} is null
   */
  public SightlineChatModelListener(Sightline sightline, String feature) {
    this.recordings = new Recordings(sightline, feature);
  }

  @Override
  public void onRequest(ChatModelRequestContext context) {
    Recordings.guarded("a chat request", () -> {
      ChatRequest request = context.chatRequest();
      String model = request.parameters() == null ? null : request.parameters().modelName();
      String name = model == null ? "chat" : "chat " + model;
      List<Map<String, Object>> messages = ChatMapping.messages(request.messages());
      Recordings.Open<Generation> open = recordings.open(name, messages, parent -> parent.generation(name)
          .provider(ChatMapping.provider(context.modelProvider()))
          .model(model)
          .modelParameters(ChatMapping.parameters(request.parameters()))
          .input(messages)
          .start());
      context.attributes().put(key, open);
      if (context.attributes().get(FirstToken.KEY) instanceof FirstToken first) {
        first.attach(open.span());
      }
    });
  }

  @Override
  public void onResponse(ChatModelResponseContext context) {
    Recordings.guarded("a chat response", () -> {
      if (!(context.attributes().remove(key) instanceof Recordings.Open<?> open)) {
        return;
      }
      Generation generation = (Generation) open.span();
      ChatResponse response = context.chatResponse();
      ChatResponseMetadata metadata = response.metadata();
      if (metadata != null) {
        if (metadata.modelName() != null) {
          generation.setModel(metadata.modelName());
        }
        TokenUsage usage = metadata.tokenUsage();
        if (usage != null && usage.inputTokenCount() != null && usage.outputTokenCount() != null) {
          generation.setUsage(usage.inputTokenCount(), usage.outputTokenCount());
        }
        if (metadata.finishReason() != null) {
          generation.setAttribute("gen_ai.response.finish_reasons",
              metadata.finishReason().name().toLowerCase(Locale.ROOT));
        }
        if (metadata.id() != null) {
          generation.setAttribute("gen_ai.response.id", metadata.id());
        }
      }
      open.end(response.aiMessage() == null ? null : ChatMapping.message(response.aiMessage()));
    });
  }

  @Override
  public void onError(ChatModelErrorContext context) {
    Recordings.guarded("a chat error", () -> {
      if (context.attributes().remove(key) instanceof Recordings.Open<?> open) {
        open.fail(context.error());
      }
    });
  }
}
