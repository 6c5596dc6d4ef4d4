package dev.sightline.server.prompts;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The rules and limits of prompts, each refusal an {@link IllegalArgumentException} whose message
 * names the field and the limit. Stateless and thread-safe.
 */
final class PromptRules {
  /** Prompt names: a letter or digit, then letters, digits, {@code . _ -}; 128 characters at most. */
  static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");
  /** Labels: lower-case letters, digits, {@code . _ -}, starting with a letter or digit. */
  static final Pattern LABEL = Pattern.compile("[a-z0-9][a-z0-9._-]{0,63}");
  /** Characters of a template: a text, or the sum of a chat prompt's message contents. */
  static final int MAX_TEMPLATE_CHARS = 256 * 1024;
  static final int MAX_MESSAGES = 100;
  static final int MAX_ROLE_CHARS = 64;
  static final int MAX_LABELS = 20;
  static final int MAX_COMMIT_MESSAGE_CHARS = 1000;
  /** Characters of the config as compact JSON. */
  static final int MAX_CONFIG_CHARS = 64 * 1024;
  /** Versions one name may have. */
  static final int MAX_VERSIONS = 10_000;

  private PromptRules() {}

  static String name(String field, String name) {
    if (name == null || !NAME.matcher(name).matches()) {
      throw new IllegalArgumentException(field + ": must match " + NAME.pattern()
          + " (a letter or digit, then letters, digits, '.', '_' or '-'; at most 128 characters)");
    }
    return name;
  }

  /**
   * The labels a client asks for, in order and without repeats.
   *
   * @param node a JSON array of strings, or null/missing for none
   */
  static List<String> labels(JsonNode node) {
    if (node == null || node.isNull()) {
      return List.of();
    }
    if (!node.isArray() || node.size() > MAX_LABELS) {
      throw new IllegalArgumentException("labels: must be an array of at most " + MAX_LABELS + " labels");
    }
    Set<String> labels = new LinkedHashSet<>();
    for (int i = 0; i < node.size(); i++) {
      JsonNode label = node.get(i);
      if (!label.isTextual() || !LABEL.matcher(label.asText()).matches()) {
        throw new IllegalArgumentException("labels[" + i + "]: must match " + LABEL.pattern());
      }
      if (label.asText().equals(PromptIndex.LATEST)) {
        throw new IllegalArgumentException("labels[" + i + "]: 'latest' is set by the server on the highest version");
      }
      labels.add(label.asText());
    }
    return new ArrayList<>(labels);
  }

  /** A version number as a path or body gives it. */
  static int version(String field, String text) {
    try {
      int v = Integer.parseInt(text);
      if (v >= 1) {
        return v;
      }
    } catch (NumberFormatException e) {
      // answered below, with the rule
    }
    throw new IllegalArgumentException(field + ": must be a whole number from 1");
  }
}
