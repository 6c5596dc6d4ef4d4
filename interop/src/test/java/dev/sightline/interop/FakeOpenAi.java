package dev.sightline.interop;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * An OpenAI-compatible chat completions endpoint on a free loopback port that answers every
 * {@code POST /v1/chat/completions} with one canned, non-streaming completion, shaped like the
 * real API's (id, created, resolved model version, one choice, usage with token details), and
 * records the requests it received. Requests are served one at a time on the server's thread.
 */
final class FakeOpenAi implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final HttpServer server;
  private final Completion completion;
  private final List<JsonNode> requests = new CopyOnWriteArrayList<>();

  /** The canned answer: what the model "said" and what it "cost" in tokens. */
  record Completion(String model, String content, int promptTokens, int completionTokens) {
    int totalTokens() {
      return promptTokens + completionTokens;
    }
  }

  private FakeOpenAi(Completion completion) throws IOException {
    this.completion = completion;
    this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/v1/chat/completions", this::complete);
    server.start();
  }

  static FakeOpenAi start(Completion completion) throws IOException {
    return new FakeOpenAi(completion);
  }

  /** The base URL an OpenAI client is configured with, e.g. {@code http://127.0.0.1:41234}. */
  String baseUrl() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  /** The request bodies received so far, in order. */
  List<JsonNode> requests() {
    return List.copyOf(requests);
  }

  private void complete(HttpExchange exchange) throws IOException {
    try (exchange) {
      if (!"POST".equals(exchange.getRequestMethod())) {
        exchange.sendResponseHeaders(405, -1);
        return;
      }
      requests.add(JSON.readTree(exchange.getRequestBody()));
      byte[] body = JSON.writeValueAsBytes(answer());
      exchange.getResponseHeaders().set("Content-Type", "application/json");
      exchange.sendResponseHeaders(200, body.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(body);
      }
    }
  }

  private ObjectNode answer() {
    ObjectNode answer = JSON.createObjectNode()
        .put("id", "chatcmpl-interop" + requests.size())
        .put("object", "chat.completion")
        .put("created", System.currentTimeMillis() / 1000)
        .put("model", completion.model())
        .put("system_fingerprint", "fp_interop");
    ObjectNode choice = answer.putArray("choices").addObject().put("index", 0);
    choice.putObject("message").put("role", "assistant").put("content", completion.content())
        .putNull("refusal");
    choice.putNull("logprobs").put("finish_reason", "stop");
    ObjectNode usage = answer.putObject("usage")
        .put("prompt_tokens", completion.promptTokens())
        .put("completion_tokens", completion.completionTokens())
        .put("total_tokens", completion.totalTokens());
    usage.putObject("prompt_tokens_details").put("cached_tokens", 0).put("audio_tokens", 0);
    usage.putObject("completion_tokens_details").put("reasoning_tokens", 0).put("audio_tokens", 0)
        .put("accepted_prediction_tokens", 0).put("rejected_prediction_tokens", 0);
    return answer;
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
