package dev.sightline.internal;

import dev.sightline.Message;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One version of a managed prompt as the server answers {@code GET /api/prompts/{name}}, or as a
 * fallback in code gives it, and its compilation. The placeholder rule is the server's
 * ({@code POST /api/prompts/{name}/compile}, docs/api.md "Compiling"): {@code {{name}}} with
 * optional spaces inside the braces; values inserted literally. Immutable and thread-safe.
 *
 * @param version the version number, or 0 for a fallback (it has none)
 * @param text the template of a text prompt, else null
 * @param messages the templates of a chat prompt, else null
 * @param config the model config (empty if none); unmodifiable
 * @param labels the version's labels on the server; unmodifiable
 */
public record PromptTemplate(String name, int version, String text, List<Message> messages,
    Map<String, Object> config, List<String> labels) {
  private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{\\s*([A-Za-z_][A-Za-z0-9_]*)\\s*}}");

  public PromptTemplate {
    messages = messages == null ? null : List.copyOf(messages);
    config = Collections.unmodifiableMap(new LinkedHashMap<>(config));
    labels = List.copyOf(labels);
  }

  /**
   * Reads the server's answer.
   *
   * @throws IllegalArgumentException if it is not the shape of a prompt version
   */
  @SuppressWarnings("unchecked")
  static PromptTemplate fromServer(Object json) {
    if (!(json instanceof Map<?, ?> m) || !(m.get("name") instanceof String name)
        || !(m.get("version") instanceof Long version)) {
      throw new IllegalArgumentException("not a prompt version: " + json);
    }
    Object prompt = m.get("prompt");
    Object config = m.get("config");
    Object labels = m.get("labels");
    List<Message> messages = null;
    if (prompt instanceof List<?> list) {
      messages = new ArrayList<>();
      for (Object o : list) {
        Map<String, Object> message = (Map<String, Object>) o;
        messages.add(new Message((String) message.get("role"), (String) message.get("content")));
      }
    } else if (!(prompt instanceof String)) {
      throw new IllegalArgumentException("not a prompt version: its prompt is neither text nor messages");
    }
    return new PromptTemplate(name, version.intValue(), prompt instanceof String t ? t : null, messages,
        config instanceof Map ? (Map<String, Object>) config : Map.of(),
        labels instanceof List ? (List<String>) labels : List.of());
  }

  /**
   * The template with its variables filled in: a string for a text prompt, messages for chat.
   *
   * @param variables strings as they are, numbers and booleans as their text, anything else as JSON
   * @throws IllegalArgumentException naming the first variable the template uses that is missing
   *     or null ({@code variables.city: …})
   */
  public Object compile(Map<String, ?> variables) {
    for (String used : variables()) {
      if (variables.get(used) == null) {
        throw new IllegalArgumentException("variables." + used + ": prompt " + name
            + (version > 0 ? " version " + version : "") + " uses it, but it was not given");
      }
    }
    if (text != null) {
      return fill(text, variables);
    }
    List<Message> out = new ArrayList<>();
    for (Message m : messages) {
      out.add(new Message(m.role(), m.content() == null ? null : fill(m.content(), variables)));
    }
    return List.copyOf(out);
  }

  /** The names of the variables the template uses, sorted. */
  public TreeSet<String> variables() {
    TreeSet<String> names = new TreeSet<>();
    List<String> texts = new ArrayList<>();
    if (text != null) {
      texts.add(text);
    } else {
      messages.forEach(m -> texts.add(m.content() == null ? "" : m.content()));
    }
    for (String t : texts) {
      Matcher m = PLACEHOLDER.matcher(t);
      while (m.find()) {
        names.add(m.group(1));
      }
    }
    return names;
  }

  private static String fill(String template, Map<String, ?> variables) {
    Matcher m = PLACEHOLDER.matcher(template);
    StringBuilder out = new StringBuilder(template.length());
    int last = 0;
    while (m.find()) {
      out.append(template, last, m.start()).append(text(variables.get(m.group(1))));
      last = m.end();
    }
    return out.append(template, last, template.length()).toString();
  }

  private static String text(Object v) {
    if (v instanceof String || v instanceof Number || v instanceof Boolean || v instanceof Character) {
      return v.toString();
    }
    JsonWriter json = new JsonWriter(256);
    json.value(v);
    return new String(json.array(), 0, json.size(), StandardCharsets.UTF_8);
  }
}
