package dev.sightline.server.evaluation;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.linecorp.armeria.common.QueryParams;
import com.linecorp.armeria.common.QueryParamsBuilder;
import dev.sightline.core.model.Schema;
import dev.sightline.core.storage.Filter;
import dev.sightline.server.query.Params;
import java.io.IOException;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Reads an evaluator from its JSON form, checking every field, and writes it back. Every error is
 * an {@link IllegalArgumentException} whose message starts with the field, for a 400 answer.
 */
final class EvaluatorJson {
  /** Writes JSON trees into generators that have no codec of their own. */
  private static final ObjectMapper TREES = new ObjectMapper();
  static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9._-]{0,63}");
  private static final Set<String> FIELDS = Set.of("name", "kind", "target", "sampleRate", "filter", "config",
      "enabled");
  /** Stored beside the fields a client sends. */
  private static final Set<String> STORED = Set.of("version", "createdAt", "updatedAt");
  /** Filters that make no sense on one trace as it ends, or that would judge by a judgement. */
  private static final Set<String> NOT_IN_FILTER = Set.of("from", "to", "q", "scoreName", "minScore", "maxScore");

  private EvaluatorJson() {}

  /** What a client sent: an evaluator without its version and times. */
  record Draft(String name, String kind, String target, double sampleRate, ObjectNode filterJson, Filter filter,
      JsonNode config, boolean enabled) {

    Evaluator version(int version, long createdAt, long updatedAt) {
      return new Evaluator(name, kind, target, sampleRate, filterJson, filter, config, enabled, version, createdAt,
          updatedAt);
    }
  }

  /**
   * Reads a client's evaluator.
   *
   * @param pathName the name in the path ({@code PUT}), which a body's {@code name} must equal; null
   *     for a {@code POST}, whose body must name it
   * @param env reads environment variables, for the kind's config check
   */
  static Draft read(String pathName, JsonNode body, Function<String, String> env) {
    if (body == null || !body.isObject()) {
      throw new IllegalArgumentException("body: must be a JSON object");
    }
    for (Iterator<String> it = body.fieldNames(); it.hasNext(); ) {
      String field = it.next();
      if (!FIELDS.contains(field) && !STORED.contains(field)) {
        throw new IllegalArgumentException(field + ": unknown field; there are " + new TreeSet<>(FIELDS));
      }
    }
    String name = text(body, "name");
    if (pathName != null) {
      if (name != null && !name.equals(pathName)) {
        throw new IllegalArgumentException("name: must equal the name in the path (" + pathName + ")");
      }
      name = pathName;
    }
    if (name == null || !NAME.matcher(name).matches()) {
      throw new IllegalArgumentException("name: must match " + NAME.pattern());
    }
    String kind = text(body, "kind");
    String target = text(body, "target");
    if (target == null || !(target.equals(Evaluator.TRACE) || Schema.SPAN_TYPES.contains(target))) {
      throw new IllegalArgumentException("target: must be trace or a span type " + new TreeSet<>(Schema.SPAN_TYPES));
    }
    double sampleRate = 1;
    JsonNode rate = body.get("sampleRate");
    if (rate != null && !rate.isNull()) {
      if (!rate.isNumber() || !(rate.asDouble() >= 0 && rate.asDouble() <= 1)) {
        throw new IllegalArgumentException("sampleRate: must be a number from 0 to 1");
      }
      sampleRate = rate.asDouble();
    }
    JsonNode enabled = body.get("enabled");
    if (enabled != null && !enabled.isNull() && !enabled.isBoolean()) {
      throw new IllegalArgumentException("enabled: must be true or false");
    }
    JsonNode config = body.hasNonNull("config") ? body.get("config") : JsonNodeFactory.instance.objectNode();
    Kinds.create(kind, config, env); // checks kind and config; the judge itself is made per version
    ObjectNode filterJson = filterObject(body.get("filter"));
    return new Draft(name, kind, target, sampleRate, filterJson, filter(filterJson, NOT_IN_FILTER), config,
        enabled == null || enabled.isNull() || enabled.asBoolean());
  }

  /**
   * A filter object read as the trace list reads its query parameters.
   *
   * @param refused parameters not allowed here
   */
  static Filter filter(ObjectNode filterJson, Set<String> refused) {
    QueryParamsBuilder q = QueryParams.builder();
    for (Iterator<Map.Entry<String, JsonNode>> it = filterJson.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      if (refused.contains(e.getKey())) {
        throw new IllegalArgumentException("filter." + e.getKey() + ": not allowed here");
      }
      if (!e.getValue().isValueNode() || e.getValue().isNull()) {
        throw new IllegalArgumentException("filter." + e.getKey() + ": must be a string, number or boolean");
      }
      q.add(e.getKey(), e.getValue().asText());
    }
    Params params = new Params(q.build());
    try {
      Filter f = params.filter();
      params.rejectUnknown();
      return f;
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("filter." + e.getMessage(), e);
    }
  }

  static ObjectNode filterObject(JsonNode filter) {
    if (filter == null || filter.isNull()) {
      return JsonNodeFactory.instance.objectNode();
    }
    if (!filter.isObject()) {
      throw new IllegalArgumentException("filter: must be an object of trace-list filters, e.g. {\"feature\": \"chat\"}");
    }
    return (ObjectNode) filter;
  }

  private static String text(JsonNode body, String field) {
    JsonNode v = body.get(field);
    if (v == null || v.isNull()) {
      return null;
    }
    if (!v.isTextual()) {
      throw new IllegalArgumentException(field + ": must be a string");
    }
    return v.asText();
  }

  /** The evaluator as the API answers it and the state file keeps it. */
  static void write(JsonGenerator g, Evaluator e) throws IOException {
    g.writeStartObject();
    g.writeStringField("name", e.name());
    g.writeStringField("kind", e.kind());
    g.writeStringField("target", e.target());
    g.writeNumberField("sampleRate", e.sampleRate());
    g.writeFieldName("filter");
    TREES.writeTree(g, e.filterJson());
    g.writeFieldName("config");
    TREES.writeTree(g, e.config());
    g.writeBooleanField("enabled", e.enabled());
    g.writeNumberField("version", e.version());
    g.writeNumberField("createdAt", e.createdAt());
    g.writeNumberField("updatedAt", e.updatedAt());
    g.writeEndObject();
  }
}
