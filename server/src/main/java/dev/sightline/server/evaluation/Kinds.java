package dev.sightline.server.evaluation;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.BiFunction;
import java.util.function.Function;

/** The evaluator kinds by name, and their configs read into judges. Thread-safe (immutable). */
public final class Kinds {
  private static final Map<String, Kind> KINDS = new TreeMap<>();

  static {
    text("json-valid", Set.of(), TextChecks::jsonValid);
    text("json-schema", Set.of("schema"), JsonSchemaCheck::of);
    text("regex", Set.of("pattern", "mustMatch"), TextChecks::regex);
    text("contains", Set.of("values", "mode", "caseSensitive"), TextChecks::contains);
    text("length", Set.of("min", "max"), TextChecks::length);
    text("pii", Set.of("kinds"), TextChecks::pii);
    text("word-list", Set.of("words"), TextChecks::wordList);
    KINDS.put("latency-budget", new Kind(Set.of("maxMs"), (config, env) -> Budgets.latency(config)));
    KINDS.put("cost-budget", new Kind(Set.of("maxUsd"), (config, env) -> Budgets.cost(config)));
    KINDS.put("llm-judge", new Kind(union(LlmJudge.FIELDS, Limits.FIELDS), LlmJudge::of));
    KINDS.put("webhook", new Kind(union(Webhook.FIELDS, Limits.FIELDS), Webhook::of));
  }

  private Kinds() {}

  /** A kind: the config fields it accepts and how it reads them (unknown fields are refused before). */
  private record Kind(Set<String> fields, BiFunction<Config, Function<String, String>, Judge> factory) {}

  private static void text(String name, Set<String> fields, Function<Config, LocalJudge.TextCheck> check) {
    KINDS.put(name, new Kind(union(fields, Set.of("field")),
        (config, env) -> LocalJudge.ofText(TextField.of(config), check.apply(config))));
  }

  private static Set<String> union(Set<String> a, Set<String> b) {
    Set<String> out = new HashSet<>(a);
    out.addAll(b);
    return Set.copyOf(out);
  }

  /** The kind names, sorted. */
  public static List<String> names() {
    return new ArrayList<>(KINDS.keySet());
  }

  /**
   * A judge of this kind and config.
   *
   * @param config the evaluator's config object; null reads as {@code {}}
   * @param env reads environment variables ({@code System::getenv} in production; a map in tests),
   *     when judging, for {@code apiKeyEnv}
   * @throws IllegalArgumentException whose message names the field at fault, e.g.
   *     {@code config.pattern: not a valid regular expression: ...} or {@code kind: must be one of [...]}
   */
  public static Judge create(String kind, JsonNode config, Function<String, String> env) {
    Kind k = kind == null ? null : KINDS.get(kind);
    if (k == null) {
      throw new IllegalArgumentException("kind: must be one of " + names());
    }
    return k.factory().apply(Config.of(config, k.fields()), env);
  }
}
