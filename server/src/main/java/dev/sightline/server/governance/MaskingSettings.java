package dev.sightline.server.governance;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * What a project masks at ingestion: the built-in {@link Detector}s switched on, its own rules,
 * and the JSON paths it drops. Immutable; {@link #parse} checks everything and names the field at
 * fault.
 *
 * @param detectors the detectors on
 * @param rules custom patterns, applied after the detectors, in order
 * @param dropPaths fields removed whole, as {@code column.key.key} (e.g. {@code metadata.password})
 */
record MaskingSettings(Set<Detector> detectors, List<Rule> rules, List<String> dropPaths) {
  /** The fields whose values masking reaches; a drop path starts with one of them. */
  static final List<String> FIELDS = List.of("input", "output", "metadata", "attributes", "variables", "error",
      "statusMessage", "comment");
  static final MaskingSettings OFF = new MaskingSettings(Set.of(), List.of(), List.of());
  private static final int MAX_RULES = 50;
  private static final Pattern NAME = Pattern.compile("[A-Z][A-Z0-9_]{0,31}");

  public MaskingSettings {
    detectors = detectors.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(detectors));
    rules = List.copyOf(rules);
    dropPaths = List.copyOf(dropPaths);
  }

  /**
   * A custom rule: every match of {@code pattern} becomes {@code replacement}, counted as
   * {@code name}.
   */
  record Rule(String name, Pattern pattern, String replacement) {}

  /** Whether anything is masked at all. */
  boolean active() {
    return !detectors.isEmpty() || !rules.isEmpty() || !dropPaths.isEmpty();
  }

  /**
   * Reads {@code {"detectors": {"email": true, ...}, "rules": [...], "dropPaths": [...]}}; absent
   * parts are empty (off).
   *
   * @throws IllegalArgumentException naming the field at fault, under {@code prefix}
   */
  static MaskingSettings parse(JsonNode node, String prefix) {
    if (node == null || node.isNull()) {
      return OFF;
    }
    requireObject(node, prefix, Set.of("detectors", "rules", "dropPaths"));
    Set<Detector> detectors = EnumSet.noneOf(Detector.class);
    JsonNode d = node.path("detectors");
    if (!d.isMissingNode()) {
      requireObject(d, prefix + ".detectors", Set.of());
      for (Iterator<Map.Entry<String, JsonNode>> it = d.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        Detector detector = Detector.ofSetting(e.getKey());
        if (detector == null || !e.getValue().isBoolean()) {
          throw new IllegalArgumentException(prefix + ".detectors." + e.getKey() + ": "
              + (detector == null ? "unknown detector; there are " + settingNames() : "must be true or false"));
        }
        if (e.getValue().booleanValue()) {
          detectors.add(detector);
        }
      }
    }
    return new MaskingSettings(detectors, rules(node.path("rules"), prefix + ".rules"),
        dropPaths(node.path("dropPaths"), prefix + ".dropPaths"));
  }

  /** The settings as {@link #parse} reads them, every detector listed. */
  ObjectNode toJson() {
    ObjectNode out = JsonNodeFactory.instance.objectNode();
    ObjectNode d = out.putObject("detectors");
    for (Detector detector : Detector.values()) {
      d.put(detector.setting(), detectors.contains(detector));
    }
    var r = out.putArray("rules");
    for (Rule rule : rules) {
      r.addObject().put("name", rule.name()).put("pattern", rule.pattern().pattern())
          .put("replacement", rule.replacement());
    }
    var p = out.putArray("dropPaths");
    dropPaths.forEach(p::add);
    return out;
  }

  private static List<Rule> rules(JsonNode node, String field) {
    List<Rule> rules = new ArrayList<>();
    if (node.isMissingNode()) {
      return rules;
    }
    if (!node.isArray() || node.size() > MAX_RULES) {
      throw new IllegalArgumentException(field + ": must be an array of at most " + MAX_RULES + " rules");
    }
    for (int i = 0; i < node.size(); i++) {
      String at = field + "[" + i + "]";
      JsonNode rule = node.get(i);
      requireObject(rule, at, Set.of("name", "pattern", "replacement"));
      String name = text(rule, "name", at);
      if (!NAME.matcher(name).matches()) {
        throw new IllegalArgumentException(at + ".name: upper-case letters, digits and '_', up to 32, like ORDER_ID");
      }
      String regex = text(rule, "pattern", at);
      Pattern pattern;
      try {
        pattern = Pattern.compile(regex);
      } catch (PatternSyntaxException e) {
        throw new IllegalArgumentException(at + ".pattern: not a valid regular expression: "
            + e.getDescription() + " near index " + e.getIndex());
      }
      if (pattern.matcher("").matches()) {
        throw new IllegalArgumentException(at + ".pattern: matches the empty string, so it would mask nothing useful");
      }
      JsonNode replacement = rule.path("replacement");
      if (!replacement.isMissingNode() && !replacement.isTextual()) {
        throw new IllegalArgumentException(at + ".replacement: must be a string");
      }
      rules.add(new Rule(name, pattern, replacement.isMissingNode() ? "[" + name + "]" : replacement.textValue()));
    }
    return rules;
  }

  private static List<String> dropPaths(JsonNode node, String field) {
    List<String> paths = new ArrayList<>();
    if (node.isMissingNode()) {
      return paths;
    }
    if (!node.isArray()) {
      throw new IllegalArgumentException(field + ": must be an array of paths like metadata.password");
    }
    for (int i = 0; i < node.size(); i++) {
      String path = node.get(i).isTextual() ? node.get(i).textValue() : "";
      String[] parts = path.split("\\.", -1);
      boolean valid = parts.length >= 2 && FIELDS.contains(parts[0]) && !List.of(parts).contains("");
      if (!valid) {
        throw new IllegalArgumentException(field + "[" + i + "]: must be a field (" + String.join(", ", FIELDS)
            + ") and at least one key, joined by dots, like metadata.password");
      }
      paths.add(path);
    }
    return paths;
  }

  private static String text(JsonNode node, String name, String at) {
    JsonNode v = node.path(name);
    if (!v.isTextual() || v.textValue().isEmpty()) {
      throw new IllegalArgumentException(at + "." + name + ": required, a non-empty string");
    }
    return v.textValue();
  }

  private static void requireObject(JsonNode node, String field, Set<String> allowed) {
    if (!node.isObject()) {
      throw new IllegalArgumentException(field + ": must be an object");
    }
    if (!allowed.isEmpty()) {
      for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
        String name = it.next();
        if (!allowed.contains(name)) {
          throw new IllegalArgumentException(field + "." + name + ": unknown field; there are " + new TreeSet<>(allowed));
        }
      }
    }
  }

  private static String settingNames() {
    List<String> names = new ArrayList<>();
    for (Detector d : Detector.values()) {
      names.add(d.setting());
    }
    return String.join(", ", names);
  }
}
