package dev.sightline.server.evaluation;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code llm-judge}: asks a model behind any OpenAI-compatible chat completions endpoint to score
 * the subject, with the evaluator's prompt, and reads {@code {"score": number, "reason": string}}
 * from its answer. Thread-safe.
 */
final class LlmJudge implements Judge {
  static final Set<String> FIELDS = Set.of("baseUrl", "model", "apiKeyEnv", "prompt");
  /** Appended to every prompt: the answer this judge reads. */
  static final String ANSWER_FORMAT = "\n\nAnswer with only a JSON object: {\"score\": <number>, \"reason\": \"<why, in one sentence>\"}";
  private static final Pattern ENV_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
  private static final Pattern FENCED = Pattern.compile("```[A-Za-z]*\\s*(.*?)```", Pattern.DOTALL);
  private final URI endpoint;
  private final String model;
  private final String apiKeyEnv;
  private final Template prompt;
  private final Function<String, String> env;
  private final RemoteCall call;

  private LlmJudge(URI endpoint, String model, String apiKeyEnv, Template prompt, Function<String, String> env,
      Limits limits) {
    this.endpoint = endpoint;
    this.model = model;
    this.apiKeyEnv = apiKeyEnv;
    this.prompt = prompt;
    this.env = env;
    this.call = new RemoteCall("judge", limits);
  }

  static LlmJudge of(Config config, Function<String, String> env) {
    String baseUrl = config.text("baseUrl").replaceAll("/+$", "");
    URI endpoint = RemoteCall.url(baseUrl + "/chat/completions", "baseUrl");
    String model = config.text("model");
    String apiKeyEnv = config.text("apiKeyEnv", null);
    if (apiKeyEnv != null && !ENV_NAME.matcher(apiKeyEnv).matches()) {
      throw Config.error("apiKeyEnv", "must be the name of an environment variable, like OPENAI_API_KEY");
    }
    Template prompt = Template.parse(config.text("prompt"), "prompt");
    return new LlmJudge(endpoint, model, apiKeyEnv, prompt, env, Limits.of(config));
  }

  @Override
  public Verdict judge(Subject subject) throws EvaluationException {
    Map<String, String> headers = Map.of();
    if (apiKeyEnv != null) {
      String key = env.apply(apiKeyEnv);
      if (key == null || key.isBlank()) {
        throw new EvaluationException("environment variable " + apiKeyEnv + " (config.apiKeyEnv) is not set");
      }
      headers = Map.of("authorization", "Bearer " + key.strip());
    }
    ObjectNode body = JsonText.MAPPER.createObjectNode().put("model", model);
    body.putArray("messages").addObject().put("role", "user").put("content", prompt.render(subject) + ANSWER_FORMAT);
    body.put("temperature", 0);
    return call.post(endpoint, headers, body.toString(), LlmJudge::read);
  }

  @Override
  public boolean remote() {
    return true;
  }

  /** Reads {@code choices[0].message.content} of a chat completion as {@code {score, reason}}. */
  static Verdict read(String body) throws RemoteCall.Unreadable {
    JsonNode content;
    try {
      content = JsonText.parse(body).path("choices").path(0).path("message").path("content");
    } catch (JsonProcessingException e) {
      throw new RemoteCall.Unreadable("answer is not a chat completion" + RemoteCall.snippet(body));
    }
    if (!content.isTextual()) {
      throw new RemoteCall.Unreadable("answer has no choices[0].message.content" + RemoteCall.snippet(body));
    }
    JsonNode answer = object(content.textValue());
    JsonNode score = answer == null ? null : answer.get("score");
    double value = score == null ? Double.NaN : score.isNumber() ? score.doubleValue() : parse(score.asText());
    if (!Double.isFinite(value)) {
      throw new RemoteCall.Unreadable("answer is not {score, reason}" + RemoteCall.snippet(content.textValue()));
    }
    JsonNode reason = answer.get("reason");
    return new Verdict(value, null, reason == null || reason.isNull() ? null : reason.asText(), Map.of());
  }

  /** The one JSON object in a model's answer: all of it, a fenced block, or the text from the first '{' to the last '}'. */
  private static JsonNode object(String text) {
    Matcher fenced = FENCED.matcher(text);
    String candidate = fenced.find() ? fenced.group(1) : text;
    int start = candidate.indexOf('{');
    int end = candidate.lastIndexOf('}');
    if (start < 0 || end < start) {
      return null;
    }
    try {
      JsonNode node = JsonText.parse(candidate.substring(start, end + 1));
      return node.isObject() ? node : null;
    } catch (JsonProcessingException e) {
      return null;
    }
  }

  private static double parse(String number) {
    try {
      return Double.parseDouble(number.strip());
    } catch (NumberFormatException e) {
      return Double.NaN;
    }
  }
}
