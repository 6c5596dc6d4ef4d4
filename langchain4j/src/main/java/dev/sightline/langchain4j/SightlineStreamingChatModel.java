package dev.sightline.langchain4j;

import dev.langchain4j.model.ModelProvider;
import dev.langchain4j.model.chat.Capability;
import dev.langchain4j.model.chat.ChatRequestOptions;
import dev.langchain4j.model.chat.StreamingChatModel;
import dev.langchain4j.model.chat.listener.ChatModelListener;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.request.ChatRequestParameters;
import dev.langchain4j.model.chat.response.StreamingChatResponseHandler;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * A streaming chat model that behaves exactly like the one it wraps and lets its
 * {@link SightlineChatModelListener}s record the time to first token (the generation's
 * {@code completionStartTime}): the first partial response, partial thinking or partial tool call
 * marks it. LangChain4j calls a {@code ChatModelListener} only before the request and after the
 * complete response, so the listener alone cannot see it.
 *
 * <pre>{@code
 * StreamingChatModel model = SightlineStreamingChatModel.wrap(OpenAiStreamingChatModel.builder()
 *     .apiKey(key).modelName("gpt-4o-mini")
 *     .listeners(List.of(new SightlineChatModelListener(sightline)))
 *     .build());
 * }</pre>
 *
 * <p>The listener must be registered on the wrapped model, as above. Works for direct calls and
 * for AI services (which call {@link #chat(ChatRequest, StreamingChatResponseHandler)}). Thread-safe
 * as the wrapped model is; adds one small object per request and never throws.
 */
public final class SightlineStreamingChatModel implements StreamingChatModel {
  private final StreamingChatModel delegate;

  private SightlineStreamingChatModel(StreamingChatModel delegate) {
    this.delegate = delegate;
  }

  /**
   * The model wrapped; a model already wrapped is returned as it is.
   *
   * @throws NullPointerException if {@code model} is null
   */
  public static StreamingChatModel wrap(StreamingChatModel model) {
    Objects.requireNonNull(model, "model");
    return model instanceof SightlineStreamingChatModel ? model : new SightlineStreamingChatModel(model);
  }

  @Override
  public void chat(ChatRequest request, StreamingChatResponseHandler handler) {
    chat(request, ChatRequestOptions.EMPTY, handler);
  }

  @Override
  public void chat(ChatRequest request, ChatRequestOptions options, StreamingChatResponseHandler handler) {
    FirstToken first = new FirstToken();
    Map<Object, Object> attributes = new HashMap<>(options == null ? Map.of() : options.listenerAttributes());
    attributes.put(FirstToken.KEY, first);
    delegate.chat(request, ChatRequestOptions.builder().listenerAttributes(attributes).build(),
        new FirstTokenHandler(handler, first));
  }

  @Override
  public void doChat(ChatRequest request, StreamingChatResponseHandler handler) {
    delegate.doChat(request, handler);
  }

  @Override
  public ChatRequestParameters defaultRequestParameters() {
    return delegate.defaultRequestParameters();
  }

  @Override
  public List<ChatModelListener> listeners() {
    return delegate.listeners();
  }

  @Override
  public ModelProvider provider() {
    return delegate.provider();
  }

  @Override
  public Set<Capability> supportedCapabilities() {
    return delegate.supportedCapabilities();
  }

  @Override
  public String toString() {
    return "SightlineStreamingChatModel[" + delegate + "]";
  }
}
