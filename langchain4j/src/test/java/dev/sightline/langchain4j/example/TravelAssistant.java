package dev.sightline.langchain4j.example;

import dev.langchain4j.agent.tool.Tool;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.StreamingChatModel;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.chat.response.StreamingChatResponseHandler;
import dev.langchain4j.model.openai.OpenAiChatModel;
import dev.langchain4j.model.openai.OpenAiStreamingChatModel;
import dev.langchain4j.service.AiServices;
import dev.sightline.Sightline;
import dev.sightline.langchain4j.SightlineChatModelListener;
import dev.sightline.langchain4j.SightlineStreamingChatModel;
import dev.sightline.langchain4j.SightlineToolListener;
import dev.sightline.langchain4j.example.FakeOpenAi.Answer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * A LangChain4j application traced by Sightline, runnable without network or keys: an AI service
 * answers a travel question by calling a weather tool, then a streaming model writes a packing
 * tip. Its OpenAI model talks to {@link FakeOpenAi} on loopback. Records into the server named by
 * {@code SIGHTLINE_ENDPOINT} and {@code SIGHTLINE_API_KEY} (nothing without them) under the
 * feature {@code travel-assistant}: one trace holding a generation that asks for the tool, the
 * {@code tool} span, the generation that answers, and the streamed generation with its time to
 * first token.
 */
public final class TravelAssistant {

  interface Assistant {
    String chat(String question);
  }

  static final class WeatherTools {
    @Tool("The current weather in a city")
    String weather(String city) {
      return "sunny, 24 °C in " + city;
    }
  }

  public static void main(String[] args) throws Exception {
    try (Sightline sightline = Sightline.fromEnvironment(); FakeOpenAi openAi = FakeOpenAi.start("gpt-4o-mini-2024-07-18")) {
      String traceId = run(sightline, openAi);
      if (!sightline.isEnabled()) {
        System.out.println("SIGHTLINE_ENDPOINT is not set: nothing was recorded.");
        return;
      }
      boolean delivered = sightline.flush(Duration.ofSeconds(5));
      System.out.println((delivered ? "recorded" : "NOT all delivered (see the log above):") + " trace " + traceId);
      System.out.println("see it: GET /api/traces/" + traceId + "  or the web UI's Traces page, feature travel-assistant");
    }
  }

  /** Runs the application once against {@code openAi}; returns the trace id. */
  static String run(Sightline sightline, FakeOpenAi openAi) throws Exception {
    openAi.then(Answer.toolCall("weather", "{\"arg0\":\"Lisbon\"}", 52, 14),
        Answer.text("It is sunny and 24 °C in Lisbon today.", 88, 12),
        Answer.text("Pack sunglasses, sunscreen and a light jacket for the evening.", 30, 13));

    SightlineChatModelListener listener = new SightlineChatModelListener(sightline);
    ChatModel model = OpenAiChatModel.builder().baseUrl(openAi.baseUrl()).apiKey("not-needed")
        .modelName("gpt-4o-mini").temperature(0.2).listeners(List.of(listener)).build();
    StreamingChatModel streaming = SightlineStreamingChatModel.wrap(OpenAiStreamingChatModel.builder()
        .baseUrl(openAi.baseUrl()).apiKey("not-needed").modelName("gpt-4o-mini")
        .listeners(List.of(listener)).build());
    Assistant assistant = new SightlineToolListener(sightline)
        .install(AiServices.builder(Assistant.class).chatModel(model).tools(new WeatherTools()))
        .build();

    String question = "What is the weather in Lisbon?";
    return sightline.trace("travel-assistant").input(question).call(trace -> {
      String answer = assistant.chat(question);
      System.out.println("assistant: " + answer);
      CompletableFuture<ChatResponse> tip = new CompletableFuture<>();
      streaming.chat("A packing tip for: " + answer, new StreamingChatResponseHandler() {
        @Override
        public void onPartialResponse(String partial) {
          System.out.print(partial);
        }

        @Override
        public void onCompleteResponse(ChatResponse response) {
          System.out.println();
          tip.complete(response);
        }

        @Override
        public void onError(Throwable error) {
          tip.completeExceptionally(error);
        }
      });
      trace.setOutput(answer + " " + tip.get(30, TimeUnit.SECONDS).aiMessage().text());
      return trace.traceId();
    });
  }

  private TravelAssistant() {}
}
