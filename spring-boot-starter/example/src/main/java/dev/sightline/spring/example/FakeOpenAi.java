package dev.sightline.spring.example;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An OpenAI-compatible chat completions endpoint on a free loopback port, so the example runs with
 * no network and no key. It plays a model that uses a tool: a request that offers tools and has no
 * tool result yet is answered with a call of the first tool (arguments {@code {"city":"Lyon"}});
 * any other request with a sentence built on the last tool result. Usage is reported on every
 * answer ({@link #PROMPT_TOKENS} in, {@link #COMPLETION_TOKENS} out); the answering model is
 * {@link #MODEL}. Non-streaming only. Serves one request at a time on the server's thread.
 */
public final class FakeOpenAi implements AutoCloseable {
  /** The model version the fake says answered. */
  public static final String MODEL = "gpt-4o-mini-2024-07-18";
  public static final int PROMPT_TOKENS = 52;
  public static final int COMPLETION_TOKENS = 14;
  private static final ObjectMapper JSON = new ObjectMapper();

  private final HttpServer server;
  private final AtomicInteger answers = new AtomicInteger();

  private FakeOpenAi() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/v1/chat/completions", this::complete);
    server.start();
  }

  /** Starts the endpoint on a free loopback port. */
  public static FakeOpenAi start() throws IOException {
    return new FakeOpenAi();
  }

  /** The base URL for {@code spring.ai.openai.base-url}, e.g. {@code http://127.0.0.1:41234}. */
  public String baseUrl() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  /** The sentence the fake answers once the tool has given {@code toolResult}. */
  public static String answer(String toolResult) {
    return "The first train to Lyon leaves at " + toolResult + ".";
  }

  private void complete(HttpExchange exchange) throws IOException {
    try (exchange) {
      if (!"POST".equals(exchange.getRequestMethod())) {
        exchange.sendResponseHeaders(405, -1);
        return;
      }
      byte[] body = JSON.writeValueAsBytes(answer(JSON.readTree(exchange.getRequestBody())));
      exchange.getResponseHeaders().set("Content-Type", "application/json");
      exchange.sendResponseHeaders(200, body.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(body);
      }
    }
  }

  private ObjectNode answer(JsonNode request) {
    ObjectNode answer = JSON.createObjectNode()
        .put("id", "chatcmpl-example" + answers.incrementAndGet())
        .put("object", "chat.completion")
        .put("created", System.currentTimeMillis() / 1000)
        .put("model", MODEL);
    ObjectNode choice = answer.putArray("choices").addObject().put("index", 0);
    ObjectNode message = choice.putObject("message").put("role", "assistant");
    JsonNode messages = request.path("messages");
    JsonNode last = messages.path(messages.size() - 1);
    JsonNode tools = request.path("tools");
    if (tools.size() > 0 && !"tool".equals(last.path("role").asText())) {
      message.putNull("content");
      message.putArray("tool_calls").addObject().put("id", "call_" + answers.get()).put("type", "function")
          .putObject("function").put("name", tools.path(0).at("/function/name").asText())
          .put("arguments", "{\"city\":\"Lyon\"}");
      choice.put("finish_reason", "tool_calls");
    } else {
      message.put("content", answer(last.path("content").asText()));
      choice.put("finish_reason", "stop");
    }
    answer.putObject("usage").put("prompt_tokens", PROMPT_TOKENS).put("completion_tokens", COMPLETION_TOKENS)
        .put("total_tokens", PROMPT_TOKENS + COMPLETION_TOKENS);
    return answer;
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
