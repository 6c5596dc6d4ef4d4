package dev.sightline.langchain4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.langchain4j.agent.tool.Tool;
import dev.langchain4j.data.embedding.Embedding;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.StreamingChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.chat.response.StreamingChatResponseHandler;
import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.langchain4j.model.openai.OpenAiChatModel;
import dev.langchain4j.model.openai.OpenAiStreamingChatModel;
import dev.langchain4j.model.output.Response;
import dev.langchain4j.rag.content.Content;
import dev.langchain4j.rag.content.retriever.ContentRetriever;
import dev.langchain4j.rag.content.retriever.EmbeddingStoreContentRetriever;
import dev.langchain4j.rag.query.Query;
import dev.langchain4j.service.AiServices;
import dev.langchain4j.store.embedding.EmbeddingStore;
import dev.langchain4j.store.embedding.inmemory.InMemoryEmbeddingStore;
import dev.sightline.Sightline;
import dev.sightline.langchain4j.example.FakeOpenAi;
import dev.sightline.langchain4j.example.FakeOpenAi.Answer;
import dev.sightline.testing.RealServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * LangChain4j's real OpenAI module against a fake OpenAI endpoint on loopback, recording through
 * the listeners into a real Sightline server in this JVM; every case reads its trace back through
 * the query API.
 */
class LangChain4jEndToEndTest {
  private static final String MODEL = "gpt-4o-mini";
  private static final String ANSWERED_BY = "gpt-4o-mini-2024-07-18";

  private static RealServer server;
  private static Sightline sightline;
  private FakeOpenAi openAi;

  @BeforeAll
  static void startServer() throws Exception {
    server = RealServer.start();
    sightline = Sightline.builder().endpoint(server.endpoint()).apiKey(server.apiKey())
        .flushInterval(Duration.ofMillis(50)).shutdownHook(false).build();
  }

  @AfterAll
  static void stopServer() {
    sightline.close();
    server.close();
  }

  @BeforeEach
  void startOpenAi() throws Exception {
    openAi = FakeOpenAi.start(ANSWERED_BY);
  }

  @AfterEach
  void stopOpenAi() {
    openAi.close();
  }

  private ChatModel chatModel() {
    return OpenAiChatModel.builder().baseUrl(openAi.baseUrl()).apiKey("no-key").modelName(MODEL)
        .maxRetries(0).listeners(List.of(new SightlineChatModelListener(sightline))).build();
  }

  @Test
  void chatInsideATraceIsAGenerationWithModelParametersMessagesAndTokens() throws Exception {
    openAi.then(Answer.text("Paris.", 21, 2));
    ChatModel model = chatModel();

    String traceId = sightline.trace("geography").call(trace -> {
      ChatResponse r = model.chat(ChatRequest.builder()
          .messages(SystemMessage.from("Answer in one word."), UserMessage.from("Capital of France?"))
          .temperature(0.3).maxOutputTokens(50).topP(0.9).build());
      assertThat(r.aiMessage().text()).isEqualTo("Paris.");
      return trace.traceId();
    });

    JsonNode tree = awaitTrace(traceId, 1);
    assertThat(tree.path("trace").path("feature").asText()).isEqualTo("geography");
    JsonNode g = only(tree.path("spans"));
    assertThat(g.path("type").asText()).isEqualTo("generation");
    assertThat(g.path("name").asText()).isEqualTo("chat " + MODEL);
    assertThat(g.path("provider").asText()).isEqualTo("openai");
    assertThat(g.path("model").asText()).isEqualTo(ANSWERED_BY);
    assertThat(g.path("inputTokens").asLong()).isEqualTo(21);
    assertThat(g.path("outputTokens").asLong()).isEqualTo(2);
    assertThat(g.path("usageInferred").asBoolean()).isFalse();
    assertThat(g.path("status").asText()).isEqualTo("success");
    assertThat(g.path("modelParameters").path("temperature").asDouble()).isEqualTo(0.3);
    assertThat(g.path("modelParameters").path("max_tokens").asInt()).isEqualTo(50);
    assertThat(g.path("modelParameters").path("top_p").asDouble()).isEqualTo(0.9);
    assertThat(g.path("input").get(0).path("role").asText()).isEqualTo("system");
    assertThat(g.path("input").get(1).path("content").asText()).isEqualTo("Capital of France?");
    assertThat(g.path("output").path("role").asText()).isEqualTo("assistant");
    assertThat(g.path("output").path("content").asText()).isEqualTo("Paris.");
    assertThat(g.path("attributes").path("gen_ai.response.finish_reasons").asText()).isEqualTo("stop");
    assertThat(g.path("attributes").path("gen_ai.response.id").asText()).startsWith("chatcmpl-fake");
    // What the fake received is what the listener recorded.
    assertThat(openAi.requests().get(0).path("messages").get(1).path("content").asText()).isEqualTo("Capital of France?");
  }

  @Test
  void chatOutsideAnyTraceGetsATraceOfItsOwn() throws Exception {
    openAi.then(Answer.text("Hello!", 8, 3));
    chatModel().chat("Hi");

    JsonNode list = server.await("/api/traces?feature=langchain4j", l -> l.path("items").size() > 0);
    String traceId = only(list.path("items")).path("traceId").asText();
    JsonNode tree = awaitTrace(traceId, 1);
    assertThat(tree.path("trace").path("name").asText()).isEqualTo("chat " + MODEL);
    assertThat(tree.path("trace").path("status").asText()).isEqualTo("success");
    JsonNode g = only(tree.path("spans"));
    assertThat(g.path("output").path("content").asText()).isEqualTo("Hello!");
    assertThat(g.path("input").get(0).path("role").asText()).isEqualTo("user");
  }

  @Test
  void streamingRecordsTheTimeToFirstTokenAndTheWholeText() throws Exception {
    openAi.then(Answer.text("Streams arrive in pieces.", 15, 6));
    StreamingChatModel model = SightlineStreamingChatModel.wrap(OpenAiStreamingChatModel.builder()
        .baseUrl(openAi.baseUrl()).apiKey("no-key").modelName(MODEL)
        .listeners(List.of(new SightlineChatModelListener(sightline))).build());
    List<String> partials = new ArrayList<>();
    CompletableFuture<ChatResponse> done = new CompletableFuture<>();

    String traceId = sightline.trace("streaming").call(trace -> {
      model.chat("Tell me about streams", new StreamingChatResponseHandler() {
        @Override
        public void onPartialResponse(String partialResponse) {
          partials.add(partialResponse);
        }

        @Override
        public void onCompleteResponse(ChatResponse response) {
          done.complete(response);
        }

        @Override
        public void onError(Throwable error) {
          done.completeExceptionally(error);
        }
      });
      done.get(10, TimeUnit.SECONDS);
      return trace.traceId();
    });

    assertThat(String.join("", partials)).isEqualTo("Streams arrive in pieces.");
    JsonNode g = only(awaitTrace(traceId, 1).path("spans"));
    assertThat(g.path("type").asText()).isEqualTo("generation");
    assertThat(g.path("output").path("content").asText()).isEqualTo("Streams arrive in pieces.");
    assertThat(g.path("inputTokens").asLong()).isEqualTo(15);
    assertThat(g.path("outputTokens").asLong()).isEqualTo(6);
    assertThat(g.has("completionStartTime")).as("time to first token: %s", g).isTrue();
    assertThat(g.path("completionStartTime").asLong())
        .isBetween(g.path("startTime").asLong(), g.path("endTime").asLong());
  }

  /** The tools the model may call in the tool-calling round. */
  static final class WeatherTools {
    @Tool("The current weather in a city")
    String weather(String city) {
      return "sunny, 24 °C in " + city;
    }
  }

  interface Assistant {
    String chat(String message);
  }

  @Test
  void aToolCallingRoundIsTwoGenerationsAroundAToolSpan() throws Exception {
    openAi.then(Answer.toolCall("weather", "{\"arg0\":\"Paris\"}", 40, 12),
        Answer.text("It is sunny and 24 °C in Paris.", 70, 11));
    Assistant assistant = new SightlineToolListener(sightline)
        .install(AiServices.builder(Assistant.class).chatModel(chatModel()).tools(new WeatherTools()))
        .build();

    String traceId = sightline.trace("weather-agent").call(trace -> {
      assertThat(assistant.chat("Weather in Paris?")).isEqualTo("It is sunny and 24 °C in Paris.");
      return trace.traceId();
    });

    JsonNode spans = awaitTrace(traceId, 3).path("spans");
    assertThat(spans).hasSize(3);
    JsonNode first = spans.get(0);
    JsonNode tool = spans.get(1);
    JsonNode second = spans.get(2);
    assertThat(first.path("type").asText()).isEqualTo("generation");
    JsonNode call = first.path("output").path("tool_calls").get(0);
    assertThat(call.path("function").path("name").asText()).isEqualTo("weather");
    assertThat(call.path("function").path("arguments").asText()).isEqualTo("{\"arg0\":\"Paris\"}");
    assertThat(first.path("attributes").path("gen_ai.response.finish_reasons").asText()).isEqualTo("tool_execution");
    assertThat(first.path("modelParameters").path("tools").get(0).asText()).isEqualTo("weather");

    assertThat(tool.path("type").asText()).isEqualTo("tool");
    assertThat(tool.path("name").asText()).isEqualTo("weather");
    assertThat(tool.path("input").asText()).isEqualTo("{\"arg0\":\"Paris\"}");
    assertThat(tool.path("output").asText()).isEqualTo("sunny, 24 °C in Paris");
    assertThat(tool.path("attributes").path("gen_ai.tool.call.id").asText()).isEqualTo("call_fake1");
    assertThat(tool.path("status").asText()).isEqualTo("success");

    assertThat(second.path("type").asText()).isEqualTo("generation");
    JsonNode toolMessage = second.path("input").get(2);
    assertThat(toolMessage.path("role").asText()).isEqualTo("tool");
    assertThat(toolMessage.path("tool_call_id").asText()).isEqualTo("call_fake1");
    assertThat(toolMessage.path("content").asText()).isEqualTo("sunny, 24 °C in Paris");
    assertThat(second.path("output").path("content").asText()).isEqualTo("It is sunny and 24 °C in Paris.");
    assertThat(second.path("inputTokens").asLong()).isEqualTo(70);
    assertThat(tool.path("startTime").asLong()).isGreaterThanOrEqualTo(first.path("endTime").asLong());
    assertThat(second.path("startTime").asLong()).isGreaterThanOrEqualTo(tool.path("endTime").asLong());
  }

  @Test
  void anErrorIsAFailedGenerationWithTheProvidersMessage() throws Exception {
    openAi.then(Answer.error(400, "This model's maximum context length is 128000 tokens"));
    ChatModel model = chatModel();

    String[] traceId = new String[1];
    assertThatThrownBy(() -> sightline.trace("too-long").run(trace -> {
      traceId[0] = trace.traceId();
      model.chat("a very long prompt");
    })).hasMessageContaining("maximum context length");

    JsonNode tree = awaitTrace(traceId[0], 1);
    JsonNode g = only(tree.path("spans"));
    assertThat(g.path("type").asText()).isEqualTo("generation");
    assertThat(g.path("status").asText()).isEqualTo("failure");
    assertThat(g.path("statusMessage").asText()).contains("maximum context length");
    assertThat(g.path("model").asText()).isEqualTo(MODEL);
    assertThat(g.has("output")).isFalse();
    assertThat(tree.path("trace").path("status").asText()).isEqualTo("failure");
  }

  @Test
  void aRetrievalIsARetrievalSpanWithTheStoreSearchInside() throws Exception {
    EmbeddingModel embeddings = new LetterEmbeddings();
    EmbeddingStore<TextSegment> store = new InMemoryEmbeddingStore<TextSegment>()
        .addListener(new SightlineEmbeddingStoreListener(sightline));
    for (String text : List.of("Paris is the capital of France.", "Bananas are yellow.")) {
      TextSegment segment = TextSegment.from(text);
      store.add(embeddings.embed(segment).content(), segment);
    }
    ContentRetriever retriever = EmbeddingStoreContentRetriever.builder().embeddingStore(store)
        .embeddingModel(embeddings).maxResults(1).build()
        .addListener(new SightlineContentRetrieverListener(sightline).named("docs"));

    String traceId = sightline.trace("rag").call(trace -> {
      List<Content> found = retriever.retrieve(Query.from("capital of France"));
      assertThat(found).hasSize(1);
      return trace.traceId();
    });

    JsonNode retrieval = only(awaitTrace(traceId, 2).path("spans"));
    assertThat(retrieval.path("type").asText()).isEqualTo("retrieval");
    assertThat(retrieval.path("name").asText()).isEqualTo("docs");
    assertThat(retrieval.path("input").asText()).isEqualTo("capital of France");
    assertThat(retrieval.path("output").get(0).path("text").asText()).isEqualTo("Paris is the capital of France.");
    assertThat(retrieval.path("output").get(0).path("score").asDouble()).isPositive();
    JsonNode search = only(retrieval.path("children"));
    assertThat(search.path("type").asText()).isEqualTo("retrieval");
    assertThat(search.path("name").asText()).isEqualTo("embedding-search");
    assertThat(search.path("input").path("max_results").asInt()).isEqualTo(1);
    assertThat(search.path("output").get(0).path("text").asText()).isEqualTo("Paris is the capital of France.");
  }

  /** A deterministic embedding: letter frequencies, so that texts sharing words are close. */
  static final class LetterEmbeddings implements EmbeddingModel {
    @Override
    public Response<List<Embedding>> embedAll(List<TextSegment> segments) {
      List<Embedding> out = new ArrayList<>();
      for (TextSegment s : segments) {
        float[] v = new float[26];
        for (char c : s.text().toLowerCase().toCharArray()) {
          if (c >= 'a' && c <= 'z') {
            v[c - 'a']++;
          }
        }
        out.add(Embedding.from(v));
      }
      return Response.from(out);
    }
  }

  private JsonNode awaitTrace(String traceId, int spans) throws Exception {
    return server.await("/api/traces/" + traceId,
        t -> RealServer.countSpans(t.path("spans")) >= spans && !t.path("trace").path("status").asText().equals("pending"));
  }

  private static JsonNode only(JsonNode nodes) {
    assertThat(nodes).hasSize(1);
    return nodes.get(0);
  }
}
