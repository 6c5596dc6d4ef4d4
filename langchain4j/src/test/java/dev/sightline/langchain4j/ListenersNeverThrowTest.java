package dev.sightline.langchain4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.ModelProvider;
import dev.langchain4j.model.chat.listener.ChatModelErrorContext;
import dev.langchain4j.model.chat.listener.ChatModelRequestContext;
import dev.langchain4j.model.chat.listener.ChatModelResponseContext;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.openai.OpenAiChatModel;
import dev.sightline.Sightline;
import dev.sightline.langchain4j.example.FakeOpenAi;
import dev.sightline.langchain4j.example.FakeOpenAi.Answer;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Tracing problems stay inside the listeners: the application's model calls are never affected. */
class ListenersNeverThrowTest {
  private static final ChatRequest REQUEST = ChatRequest.builder().messages(UserMessage.from("hi")).build();

  @Test
  void aFailureInsideTheListenerIsSwallowed() {
    Sightline sightline = Sightline.builder().endpoint("http://127.0.0.1:9").apiKey("k").shutdownHook(false).build();
    SightlineChatModelListener listener = new SightlineChatModelListener(sightline);
    // LangChain4j's map is mutable; an immutable one makes the listener's own bookkeeping throw.
    assertThatCode(() -> {
      listener.onRequest(new ChatModelRequestContext(REQUEST, ModelProvider.OPEN_AI, Map.of()));
      listener.onResponse(new ChatModelResponseContext(
          ChatResponse.builder().aiMessage(AiMessage.from("hello")).build(), REQUEST, ModelProvider.OPEN_AI, Map.of()));
      listener.onError(new ChatModelErrorContext(new RuntimeException("boom"), REQUEST, null, Map.of()));
    }).doesNotThrowAnyException();
    sightline.shutdown(Duration.ofMillis(100));
  }

  @Test
  void aStoppedClientRecordsNothingAndTheChatStillAnswers() throws Exception {
    Sightline sightline = Sightline.builder().endpoint("http://127.0.0.1:9").apiKey("k").shutdownHook(false).build();
    sightline.shutdown(Duration.ofMillis(100));
    try (FakeOpenAi openAi = FakeOpenAi.start("gpt-4o-mini").then(Answer.text("still here", 3, 2))) {
      String answer = OpenAiChatModel.builder().baseUrl(openAi.baseUrl()).apiKey("k").modelName("gpt-4o-mini")
          .listeners(List.of(new SightlineChatModelListener(sightline))).build().chat("hello?");
      assertThat(answer).isEqualTo("still here");
    }
  }

  @Test
  void aDisabledClientIsFineAndAMissingClientIsRefusedAtConstruction() {
    SightlineChatModelListener listener = new SightlineChatModelListener(Sightline.disabled());
    assertThatCode(() -> listener.onRequest(new ChatModelRequestContext(REQUEST, null, new HashMap<>())))
        .doesNotThrowAnyException();
    assertThatThrownBy(() -> new SightlineChatModelListener(null)).hasMessage("sightline: must not be null");
  }
}
