package dev.sightline.server.evaluation;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.net.http.HttpRequest;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * {@code webhook}: POSTs the subject as JSON to the evaluator's URL and reads back
 * {@code {"score": number, "label": string, "reason": string}} (a score or a label required).
 * Thread-safe.
 */
final class Webhook implements Judge {
  static final Set<String> FIELDS = Set.of("url", "headers");
  private final URI url;
  private final Map<String, String> headers;
  private final RemoteCall call;

  private Webhook(URI url, Map<String, String> headers, Limits limits) {
    this.url = url;
    this.headers = headers;
    this.call = new RemoteCall("webhook", limits);
  }

  static Webhook of(Config config, Function<String, String> env) {
    URI url = RemoteCall.url(config.text("url"), "url");
    Map<String, String> headers = config.stringMap("headers");
    headers.forEach((name, value) -> {
      try {
        HttpRequest.newBuilder(url).header(name, value); // refuses restricted and malformed headers
      } catch (IllegalArgumentException e) {
        throw Config.error("headers." + name, "not allowed: " + e.getMessage());
      }
    });
    return new Webhook(url, Map.copyOf(headers), Limits.of(config));
  }

  @Override
  public Verdict judge(Subject subject) throws EvaluationException {
    return call.post(url, headers, body(subject).toString(), Webhook::read);
  }

  @Override
  public boolean remote() {
    return true;
  }

  /** The subject as JSON; its JSON fields embedded as JSON values, not strings. */
  static ObjectNode body(Subject s) {
    ObjectNode out = JsonText.MAPPER.createObjectNode();
    out.put("projectId", s.projectId()).put("traceId", s.traceId()).put("spanId", s.spanId())
        .put("type", s.type()).put("name", s.name()).put("model", s.model());
    out.set("input", s.input() == null ? null : JsonText.tree(s.input()));
    out.set("output", s.output() == null ? null : JsonText.tree(s.output()));
    out.set("expected", s.expected() == null ? null : JsonText.tree(s.expected()));
    out.set("metadata", s.metadata() == null ? null : JsonText.tree(s.metadata()));
    out.put("durationMicros", s.durationMicros()).put("costUsd", s.costUsd());
    return out;
  }

  static Verdict read(String body) throws RemoteCall.Unreadable {
    JsonNode answer;
    try {
      answer = JsonText.parse(body);
    } catch (JsonProcessingException e) {
      answer = null;
    }
    JsonNode score = answer == null ? null : answer.get("score");
    JsonNode label = answer == null ? null : answer.get("label");
    boolean scored = score != null && score.isNumber() && Double.isFinite(score.doubleValue());
    boolean labelled = label != null && label.isTextual() && !label.textValue().isBlank();
    if (answer == null || !answer.isObject() || !scored && !labelled
        || score != null && !score.isNull() && !scored || label != null && !label.isNull() && !labelled) {
      throw new RemoteCall.Unreadable("answer is not {score, label, reason}" + RemoteCall.snippet(body));
    }
    JsonNode reason = answer.get("reason");
    return new Verdict(scored ? score.doubleValue() : null, labelled ? label.textValue() : null,
        reason == null || reason.isNull() ? null : reason.asText(), Map.of());
  }
}
