package dev.sightline;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Which version of a managed prompt to fetch, the variables to compile it with, and what to use
 * when the server cannot be reached and nothing is cached. Immutable: every method returns a new
 * request. Thread-safe.
 *
 * <pre>{@code
 * PromptRequest.label("production").variable("product", "tea").fallback("You sell {{product}}.")
 * }</pre>
 */
public final class PromptRequest {
  private final Integer version;
  private final String label;
  private final Map<String, Object> variables;
  private final String fallbackText;
  private final List<Message> fallbackMessages;

  private PromptRequest(Integer version, String label, Map<String, Object> variables, String fallbackText,
      List<Message> fallbackMessages) {
    this.version = version;
    this.label = label;
    this.variables = Collections.unmodifiableMap(variables);
    this.fallbackText = fallbackText;
    this.fallbackMessages = fallbackMessages;
  }

  /** The server's default: the version labelled {@code production}, else the latest. */
  public static PromptRequest byDefault() {
    return new PromptRequest(null, null, new LinkedHashMap<>(), null, null);
  }

  /** The version carrying a label, such as {@code production}, {@code staging} or {@code latest}. */
  public static PromptRequest label(String label) {
    if (label == null || label.isBlank()) {
      throw new IllegalArgumentException("label: must not be blank");
    }
    return new PromptRequest(null, label, new LinkedHashMap<>(), null, null);
  }

  /** One version by its number, from 1. */
  public static PromptRequest version(int version) {
    if (version < 1) {
      throw new IllegalArgumentException("version: must be 1 or more, was " + version);
    }
    return new PromptRequest(version, null, new LinkedHashMap<>(), null, null);
  }

  /**
   * Adds variables: strings are inserted as they are, numbers and booleans as their text, anything
   * else as JSON. A null value counts as missing.
   */
  public PromptRequest variables(Map<String, ?> more) {
    Map<String, Object> next = new LinkedHashMap<>(variables);
    if (more != null) {
      next.putAll(more);
    }
    return new PromptRequest(version, label, next, fallbackText, fallbackMessages);
  }

  /** Adds one variable. */
  public PromptRequest variable(String name, Object value) {
    Map<String, Object> next = new LinkedHashMap<>(variables);
    next.put(name, value);
    return new PromptRequest(version, label, next, fallbackText, fallbackMessages);
  }

  /** A text template to use when the server cannot be reached and nothing is cached. */
  public PromptRequest fallback(String text) {
    return new PromptRequest(version, label, new LinkedHashMap<>(variables), text, null);
  }

  /** Chat templates to use when the server cannot be reached and nothing is cached. */
  public PromptRequest fallback(List<Message> messages) {
    return new PromptRequest(version, label, new LinkedHashMap<>(variables), null,
        messages == null ? null : List.copyOf(messages));
  }

  /** The version asked for, or null. */
  public Integer version() {
    return version;
  }

  /** The label asked for, or null. */
  public String label() {
    return label;
  }

  /** The variables, unmodifiable. */
  public Map<String, Object> variables() {
    return variables;
  }

  String fallbackText() {
    return fallbackText;
  }

  List<Message> fallbackMessages() {
    return fallbackMessages;
  }

  boolean hasFallback() {
    return fallbackText != null || fallbackMessages != null;
  }
}
