package dev.sightline.server.evaluation;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code json-schema}: the text, read as JSON, conforms to {@code config.schema} (draft 2020-12
 * unless the schema's {@code $schema} names another draft). A text that is not JSON is judged as
 * a JSON string, so that {@code {"type": "string"}} accepts plain text. Remote {@code $ref}s are
 * never fetched. Thread-safe (the library's schema is, once its validators are initialized).
 */
final class JsonSchemaCheck implements LocalJudge.TextCheck {
  /** How many violations a comment lists. */
  private static final int SHOWN = 3;
  /** Loads nothing but the drafts' own meta-schemas, which the library bundles: no file, class path or network. */
  private static final SchemaRegistry REGISTRY = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12,
      b -> b.schemaLoader(l -> l.fetchRemoteResources(false).allow(iri -> iri.toString().matches("https?://json-schema\\.org/.*"))));
  private final Schema schema;

  private JsonSchemaCheck(Schema schema) {
    this.schema = schema;
  }

  static JsonSchemaCheck of(Config config) {
    JsonNode node = config.get("schema");
    if (node == null || !node.isObject()) {
      throw Config.error("schema", node == null || node.isNull() ? "required" : "must be a JSON Schema object");
    }
    SpecificationVersion draft = SpecificationVersion.fromSchemaNode(node).orElse(SpecificationVersion.DRAFT_2020_12);
    List<Error> invalid = REGISTRY.getSchema(SchemaLocation.of(draft.getDialectId())).validate(node);
    if (!invalid.isEmpty()) {
      throw Config.error("schema", "not a valid JSON Schema: " + describe(invalid.get(0)));
    }
    try {
      Schema schema = REGISTRY.getSchema(node);
      schema.initializeValidators(); // finds a bad schema now, not on the first judgement
      return new JsonSchemaCheck(schema);
    } catch (RuntimeException e) {
      throw Config.error("schema", "not a usable JSON Schema: " + e.getMessage());
    }
  }

  @Override
  public Verdict judge(String text) {
    JsonNode instance;
    try {
      instance = JsonText.parse(text);
    } catch (JsonProcessingException e) {
      instance = TextNode.valueOf(text);
    }
    List<Error> errors = schema.validate(instance);
    if (errors.isEmpty()) {
      return Verdict.pass("conforms to the schema");
    }
    List<String> shown = new ArrayList<>();
    for (Error e : errors.subList(0, Math.min(SHOWN, errors.size()))) {
      shown.add(describe(e));
    }
    String more = errors.size() > SHOWN ? "; and " + (errors.size() - SHOWN) + " more" : "";
    return Verdict.fail(errors.size() + (errors.size() == 1 ? " violation: " : " violations: ")
        + String.join("; ", shown) + more);
  }

  /** Where (a JSON pointer, none for the top) and what: {@code /age: must have a minimum value of 0}. */
  private static String describe(Error e) {
    String where = e.getInstanceLocation().toString();
    return where.isEmpty() ? e.getMessage() : where + ": " + e.getMessage();
  }
}
