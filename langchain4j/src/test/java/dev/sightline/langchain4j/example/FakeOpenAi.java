package dev.sightline.langchain4j.example;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * An OpenAI-compatible {@code POST /v1/chat/completions} on a free loopback port, for the example
 * and the tests: no network, no key. It answers with the scripted {@link Answer}s in order (a plain
 * "ok" once they run out), as one JSON completion, or as server-sent events when the request asks
 * to {@code stream} (the text in three chunks, then the finish reason, then usage), shaped like
 * the real API's. Records the request bodies. Requests are served one at a time.
 */
public final class FakeOpenAi implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final HttpServer server;
  private final String model;
  private final Queue<Answer> script = new ConcurrentLinkedQueue<>();
  private final List<JsonNode> requests = new CopyOnWriteArrayList<>();

  /** One scripted answer: text, or one tool call, or an HTTP error. */
  public record Answer(String text, String toolName, String toolArguments, int status, int promptTokens,
      int completionTokens) {

    public static Answer text(String text, int promptTokens, int completionTokens) {
      return new Answer(text, null, null, 200, promptTokens, completionTokens);
    }

    /** The model asks for one tool call with these JSON arguments. */
    public static Answer toolCall(String toolName, String arguments, int promptTokens, int completionTokens) {
      return new Answer(null, toolName, arguments, 200, promptTokens, completionTokens);
    }

    /** An error answer with OpenAI's error body, its message {@code text}. */
    public static Answer error(int status, String message) {
      return new Answer(message, null, null, status, 0, 0);
    }
  }

  private FakeOpenAi(String model) throws IOException {
    this.model = model;
    this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/v1/chat/completions", this::complete);
    server.start();
  }

  /** Starts the endpoint; it reports {@code model} as the model that answered. */
  public static FakeOpenAi start(String model) throws IOException {
    return new FakeOpenAi(model);
  }

  /** The base URL an OpenAI client is configured with, e.g. {@code http://127.0.0.1:41234/v1}. */
  public String baseUrl() {
    return "http://127.0.0.1:" + server.getAddress().getPort() + "/v1";
  }

  /** Adds answers to the script. */
  public FakeOpenAi then(Answer... answers) {
    script.addAll(List.of(answers));
    return this;
  }

  /** The request bodies received so far, in order. */
  public List<JsonNode> requests() {
    return List.copyOf(requests);
  }

  private void complete(HttpExchange exchange) throws IOException {
    try (exchange) {
      JsonNode request = JSON.readTree(exchange.getRequestBody());
      requests.add(request);
      Answer answer = script.poll();
      if (answer == null) {
        answer = Answer.text("ok", 1, 1);
      }
      if (answer.status() != 200) {
        ObjectNode body = JSON.createObjectNode();
        body.putObject("error").put("message", answer.text()).put("type", "invalid_request_error")
            .putNull("param").put("code", "fake_error");
        send(exchange, answer.status(), "application/json", JSON.writeValueAsBytes(body));
      } else if (request.path("stream").asBoolean()) {
        send(exchange, 200, "text/event-stream", events(answer));
      } else {
        send(exchange, 200, "application/json", JSON.writeValueAsBytes(completion(answer)));
      }
    }
  }

  private static void send(HttpExchange exchange, int status, String type, byte[] body) throws IOException {
    exchange.getResponseHeaders().set("Content-Type", type);
    exchange.sendResponseHeaders(status, body.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(body);
    }
  }

  private ObjectNode envelope(String object) {
    return JSON.createObjectNode().put("id", "chatcmpl-fake" + requests.size()).put("object", object)
        .put("created", System.currentTimeMillis() / 1000).put("model", model)
        .put("system_fingerprint", "fp_fake");
  }

  private ObjectNode completion(Answer answer) {
    ObjectNode completion = envelope("chat.completion");
    ObjectNode choice = completion.putArray("choices").addObject().put("index", 0);
    ObjectNode message = choice.putObject("message").put("role", "assistant");
    if (answer.toolName() != null) {
      message.putNull("content");
      toolCall(message, answer, true);
    } else {
      message.put("content", answer.text());
    }
    choice.put("finish_reason", answer.toolName() != null ? "tool_calls" : "stop");
    usage(completion, answer);
    return completion;
  }

  private static void toolCall(ObjectNode message, Answer answer, boolean whole) {
    ObjectNode call = message.putArray("tool_calls").addObject();
    if (whole) {
      call.put("id", "call_fake1").put("type", "function");
    } else {
      call.put("index", 0).put("id", "call_fake1").put("type", "function");
    }
    call.putObject("function").put("name", answer.toolName()).put("arguments", answer.toolArguments());
  }

  private static void usage(ObjectNode node, Answer answer) {
    node.putObject("usage").put("prompt_tokens", answer.promptTokens())
        .put("completion_tokens", answer.completionTokens())
        .put("total_tokens", answer.promptTokens() + answer.completionTokens());
  }

  private byte[] events(Answer answer) throws IOException {
    StringBuilder sse = new StringBuilder();
    if (answer.toolName() != null) {
      ObjectNode chunk = envelope("chat.completion.chunk");
      ObjectNode delta = chunk.putArray("choices").addObject().put("index", 0).putObject("delta");
      delta.put("role", "assistant");
      toolCall(delta, answer, false);
      event(sse, chunk);
    } else {
      String text = answer.text();
      int third = Math.max(1, text.length() / 3);
      for (int from = 0; from < text.length(); from += third) {
        ObjectNode chunk = envelope("chat.completion.chunk");
        chunk.putArray("choices").addObject().put("index", 0).putObject("delta")
            .put("content", text.substring(from, Math.min(text.length(), from + third)));
        event(sse, chunk);
      }
    }
    ObjectNode last = envelope("chat.completion.chunk");
    last.putArray("choices").addObject().put("index", 0).put("finish_reason",
        answer.toolName() != null ? "tool_calls" : "stop").putObject("delta");
    event(sse, last);
    ObjectNode usage = envelope("chat.completion.chunk");
    usage.putArray("choices");
    usage(usage, answer);
    event(sse, usage);
    sse.append("data: [DONE]\n\n");
    return sse.toString().getBytes(StandardCharsets.UTF_8);
  }

  private static void event(StringBuilder sse, JsonNode chunk) throws IOException {
    sse.append("data: ").append(JSON.writeValueAsString(chunk)).append("\n\n");
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
