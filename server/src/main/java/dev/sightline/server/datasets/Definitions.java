package dev.sightline.server.datasets;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import dev.sightline.server.evaluation.Judge;
import dev.sightline.server.evaluation.Kinds;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/**
 * Reads the body of {@code POST /api/datasets} ({@code {"name", "description", "evaluators":
 * [{"name", "kind", "config"}]}}) and writes a dataset as the API shows it. An evaluator's kind and
 * config are checked as {@link Kinds#create} reads them, so a dataset never holds one that cannot
 * judge. Stateless and thread-safe.
 */
final class Definitions {
  static final int MAX_DESCRIPTION = 4096;
  static final int MAX_EVALUATORS = 20;
  private static final Set<String> FIELDS = Set.of("name", "description", "evaluators");
  private static final Set<String> EVALUATOR_FIELDS = Set.of("name", "kind", "config");

  private Definitions() {}

  static Dataset read(String body, long now) {
    JsonNode n = Bodies.object(body);
    Bodies.known(n, "", FIELDS);
    String name = Names.DATASET.check(Bodies.text(n, "", "name", 64));
    String description = Bodies.text(n, "", "description", MAX_DESCRIPTION);
    return new Dataset(name, description, evaluators(n.get("evaluators")), now);
  }

  private static List<EvaluatorSpec> evaluators(JsonNode list) {
    if (list == null || list.isNull()) {
      return List.of();
    }
    if (!list.isArray() || list.size() > MAX_EVALUATORS) {
      throw new IllegalArgumentException("evaluators: must be an array of at most " + MAX_EVALUATORS
          + " {\"name\", \"kind\", \"config\"}");
    }
    List<EvaluatorSpec> out = new ArrayList<>();
    Set<String> names = new HashSet<>();
    for (int i = 0; i < list.size(); i++) {
      String at = "evaluators[" + i + "].";
      JsonNode e = list.get(i);
      if (!e.isObject()) {
        throw new IllegalArgumentException(at.substring(0, at.length() - 1) + ": must be an object");
      }
      Bodies.known(e, at, EVALUATOR_FIELDS);
      String name = Names.EVALUATOR.check(at + "name", Bodies.text(e, at, "name", 64));
      if (!names.add(name)) {
        throw new IllegalArgumentException(at + "name: '" + name + "' is already an evaluator of the dataset");
      }
      EvaluatorSpec spec = new EvaluatorSpec(name, Bodies.text(e, at, "kind", 64), e.get("config"));
      try {
        judges(List.of(spec), k -> null);
      } catch (IllegalArgumentException bad) {
        throw new IllegalArgumentException(at + bad.getMessage(), bad);
      }
      out.add(spec);
    }
    return out;
  }

  /**
   * The judges of these evaluators, in order.
   *
   * @param env reads the server's environment variables when a remote kind judges
   */
  static List<Judge> judges(List<EvaluatorSpec> specs, Function<String, String> env) {
    List<Judge> out = new ArrayList<>(specs.size());
    for (EvaluatorSpec s : specs) {
      out.add(Kinds.create(s.kind(), s.config(), env));
    }
    return out;
  }

  static void write(JsonGenerator g, Dataset.Summary s) throws IOException {
    Dataset d = s.dataset();
    g.writeStartObject();
    g.writeStringField("name", d.name());
    if (d.description() != null) {
      g.writeStringField("description", d.description());
    }
    g.writeArrayFieldStart("evaluators");
    for (EvaluatorSpec e : d.evaluators()) {
      g.writeStartObject();
      g.writeStringField("name", e.name());
      g.writeStringField("kind", e.kind());
      if (e.config() != null && !e.config().isNull()) {
        g.writeFieldName("config");
        g.writeRawValue(e.config().toString());
      }
      g.writeEndObject();
    }
    g.writeEndArray();
    g.writeNumberField("createdAt", d.createdAt());
    g.writeNumberField("items", s.items());
    g.writeNumberField("archivedItems", s.archived());
    g.writeNumberField("runs", s.runs());
    g.writeEndObject();
  }
}
