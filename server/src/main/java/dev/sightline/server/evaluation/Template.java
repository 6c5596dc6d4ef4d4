package dev.sightline.server.evaluation;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A prompt template: text with {@code {{input}}}, {@code {{output}}}, {@code {{expected}}},
 * {@code {{metadata}}} and {@code {{metadata.key}}} (nested: {@code {{metadata.a.b}}})
 * placeholders, each replaced by the text of that value ({@link JsonText#text}). Immutable.
 */
final class Template {
  private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{\\s*([^{}]*?)\\s*}}");
  private static final Pattern NAME = Pattern.compile("input|output|expected|metadata(?:\\.[^.\\s]+)*");
  /** Literal texts and placeholder names, alternately: even indexes are literal. */
  private final List<String> parts;

  private Template(List<String> parts) {
    this.parts = parts;
  }

  /**
   * Reads a template.
   *
   * @throws IllegalArgumentException naming {@code config.<field>} for an unknown placeholder
   */
  static Template parse(String text, String field) {
    List<String> parts = new ArrayList<>();
    Matcher m = PLACEHOLDER.matcher(text);
    int last = 0;
    while (m.find()) {
      if (!NAME.matcher(m.group(1)).matches()) {
        throw Config.error(field, "unknown placeholder " + m.group()
            + "; there are {{input}}, {{output}}, {{expected}}, {{metadata}} and {{metadata.KEY}}");
      }
      parts.add(text.substring(last, m.start()));
      parts.add(m.group(1));
      last = m.end();
    }
    parts.add(text.substring(last));
    return new Template(List.copyOf(parts));
  }

  /**
   * The text for one subject.
   *
   * @throws EvaluationException when a placeholder's value is missing: a judge never sees a half-filled prompt
   */
  String render(Subject subject) throws EvaluationException {
    StringBuilder out = new StringBuilder();
    JsonNode metadata = null;
    for (int i = 0; i < parts.size(); i++) {
      String part = parts.get(i);
      if (i % 2 == 0) {
        out.append(part);
        continue;
      }
      String value;
      if (part.startsWith("metadata.")) {
        metadata = metadata != null ? metadata : JsonText.tree(subject.metadata() == null ? "{}" : subject.metadata());
        JsonNode node = metadata;
        for (String key : part.substring("metadata.".length()).split("\\.")) {
          node = node.path(key);
        }
        value = node.isMissingNode() || node.isNull() ? null : node.isTextual() ? node.textValue() : node.toString();
      } else {
        value = JsonText.text(switch (part) {
          case "input" -> subject.input();
          case "output" -> subject.output();
          case "expected" -> subject.expected();
          default -> subject.metadata();
        });
      }
      if (value == null) {
        throw new EvaluationException("the prompt uses {{" + part + "}}, which this "
            + (subject.spanId() == null ? "trace" : "span") + " lacks");
      }
      out.append(value);
    }
    return out.toString();
  }
}
