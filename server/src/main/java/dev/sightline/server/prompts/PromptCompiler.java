package dev.sightline.server.prompts;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Fills a template's {@code {{variable}}} placeholders ({@code {{ variable }}} too: spaces inside
 * the braces are allowed). A variable name is a letter or {@code _} followed by letters, digits or
 * {@code _}; any other {@code {{…}}} is text. Values are inserted literally, whatever characters
 * they hold ({@code $}, {@code \}, braces: a value is never scanned for placeholders again).
 * Stateless and thread-safe.
 */
final class PromptCompiler {
  static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{\\s*([A-Za-z_][A-Za-z0-9_]*)\\s*}}");

  private PromptCompiler() {}

  /**
   * A compiled prompt.
   *
   * @param compiled a string for a text prompt, an array of {@code {"role", "content"}} for chat
   * @param unusedVariables the variables given that the template does not use, sorted
   */
  record Compiled(JsonNode compiled, List<String> unusedVariables) {}

  /** The names of the variables a version's template uses, sorted. */
  static TreeSet<String> variablesOf(PromptVersion v) {
    TreeSet<String> names = new TreeSet<>();
    texts(v, text -> {
      Matcher m = PLACEHOLDER.matcher(text);
      while (m.find()) {
        names.add(m.group(1));
      }
    });
    return names;
  }

  /**
   * Compiles a version with these variables: strings as they are, numbers and booleans as their
   * JSON text, objects and arrays as compact JSON. A null value counts as missing.
   *
   * @param variables a JSON object, or null for none
   * @throws IllegalArgumentException naming the first missing variable ({@code variables.city: …}),
   *     or if {@code variables} is not an object
   */
  static Compiled compile(PromptVersion v, JsonNode variables) {
    if (variables != null && !variables.isNull() && !variables.isObject()) {
      throw new IllegalArgumentException("variables: must be a JSON object of name to value");
    }
    Map<String, String> values = new TreeMap<>();
    if (variables != null) {
      for (Iterator<Map.Entry<String, JsonNode>> it = variables.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        if (!e.getValue().isNull()) {
          values.put(e.getKey(), e.getValue().isValueNode() ? e.getValue().asText() : e.getValue().toString());
        }
      }
    }
    TreeSet<String> used = variablesOf(v);
    for (String name : used) {
      if (!values.containsKey(name)) {
        throw new IllegalArgumentException("variables." + name + ": the template of " + v.name() + " version "
            + v.version() + " uses it, but it was not given");
      }
    }
    List<String> unused = new ArrayList<>(values.keySet());
    unused.removeAll(used);
    if (v.type() == PromptVersion.Type.TEXT) {
      return new Compiled(TextNode.valueOf(fill(v.prompt().asText(), values)), unused);
    }
    ArrayNode messages = JsonNodeFactory.instance.arrayNode();
    for (JsonNode m : v.prompt()) {
      messages.addObject().put("role", m.get("role").asText()).put("content", fill(m.get("content").asText(), values));
    }
    return new Compiled(messages, unused);
  }

  private static String fill(String template, Map<String, String> values) {
    Matcher m = PLACEHOLDER.matcher(template);
    StringBuilder out = new StringBuilder(template.length());
    int last = 0;
    while (m.find()) {
      out.append(template, last, m.start()).append(values.get(m.group(1)));
      last = m.end();
    }
    return out.append(template, last, template.length()).toString();
  }

  private static void texts(PromptVersion v, Consumer<String> each) {
    if (v.type() == PromptVersion.Type.TEXT) {
      each.accept(v.prompt().asText());
    } else {
      v.prompt().forEach(m -> each.accept(m.get("content").asText()));
    }
  }
}
