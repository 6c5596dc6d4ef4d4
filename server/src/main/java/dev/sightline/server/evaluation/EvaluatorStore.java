package dev.sightline.server.evaluation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sightline.server.auth.StateFile;
import dev.sightline.server.http.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * Each project's evaluators, kept in {@code evaluators.json} under the data directory:
 * {@code {"projects": {"default": {"answer-length": {"name": "answer-length", "kind": "length", ...,
 * "version": 2}}}}}. The API changes them; an operator may also edit the file, which a running
 * server rereads within a second (an edit that does not read is logged and the evaluators in force
 * are kept; at start it stops the server naming the project, evaluator and field). Only the current
 * version of an evaluator is kept; its scores name their version. Thread-safe.
 */
public final class EvaluatorStore {
  private static final System.Logger LOG = System.getLogger(EvaluatorStore.class.getName());
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String FILE = "evaluators.json";
  private final StateFile<Stored> file;
  private final Function<String, String> env;
  /** One judge per evaluator version, so that a remote kind's limits hold across batches. */
  private final Map<String, Judged> judges = new ConcurrentHashMap<>();
  private Map<String, Map<String, Evaluator>> byProject = Map.of();

  /** The stored form: each project's evaluators by name. */
  record Stored(Map<String, Map<String, JsonNode>> projects) {}

  private record Judged(Evaluator evaluator, Judge judge) {}

  private EvaluatorStore(Path file, Function<String, String> env) {
    this.file = new StateFile<>(file, Stored.class);
    this.env = env;
  }

  /**
   * Opens the evaluators under {@code dataDir}.
   *
   * @param env reads environment variables, for the judges' {@code apiKeyEnv}
   * @throws IllegalArgumentException naming the project, evaluator and field if the file holds an
   *     invalid evaluator
   */
  public static EvaluatorStore open(Path dataDir, Function<String, String> env) throws IOException {
    EvaluatorStore store = new EvaluatorStore(dataDir.resolve(FILE), env);
    if (store.file.exists()) {
      synchronized (store) {
        store.load();
      }
    }
    return store;
  }

  /** A project's evaluators, sorted by name; empty if it has none. */
  public synchronized List<Evaluator> of(String project) {
    if (file.changedOnDisk()) {
      try {
        load();
      } catch (IOException | IllegalArgumentException e) {
        LOG.log(System.Logger.Level.WARNING, FILE + " changed but does not read, keeping the evaluators in force: "
            + e.getMessage());
      }
    }
    return new ArrayList<>(byProject.getOrDefault(project, Map.of()).values());
  }

  /** A project's evaluator by name. */
  public Optional<Evaluator> get(String project, String name) {
    return of(project).stream().filter(e -> e.name().equals(name)).findFirst();
  }

  /** Makes version 1 of a new evaluator; empty if the project has one of that name. */
  synchronized Optional<Evaluator> create(String project, EvaluatorJson.Draft draft, long now) {
    if (byProject.getOrDefault(project, Map.of()).containsKey(draft.name())) {
      return Optional.empty();
    }
    Evaluator made = draft.version(1, now, now);
    save(project, draft.name(), made);
    return Optional.of(made);
  }

  /**
   * Changes an evaluator: a new version if what or how it judges changed, the same version if only
   * {@code enabled} did; empty if there is none of that name.
   */
  synchronized Optional<Evaluator> update(String project, EvaluatorJson.Draft draft, long now) {
    Evaluator old = byProject.getOrDefault(project, Map.of()).get(draft.name());
    if (old == null) {
      return Optional.empty();
    }
    Evaluator next = draft.version(old.version(), old.createdAt(), old.updatedAt());
    if (!next.sameJudgement(old)) {
      next = draft.version(old.version() + 1, old.createdAt(), now);
    }
    save(project, draft.name(), next);
    return Optional.of(next);
  }

  /** Removes an evaluator; false if there is none of that name. Its scores stay. */
  synchronized boolean delete(String project, String name) {
    if (!byProject.getOrDefault(project, Map.of()).containsKey(name)) {
      return false;
    }
    save(project, name, null);
    return true;
  }

  /** The judge of this evaluator version, made once per version. */
  public Judge judge(String project, Evaluator e) {
    Judged j = judges.compute(project + '\n' + e.name(), (k, old) -> old != null && old.evaluator().equals(e)
        ? old : new Judged(e, Kinds.create(e.kind(), e.config(), env)));
    return j.judge();
  }

  private void save(String project, String name, Evaluator e) {
    Map<String, Map<String, JsonNode>> raw = new HashMap<>();
    byProject.forEach((p, evaluators) -> {
      Map<String, JsonNode> nodes = new TreeMap<>();
      evaluators.forEach((n, ev) -> nodes.put(n, toJson(ev)));
      raw.put(p, nodes);
    });
    Map<String, JsonNode> nodes = raw.computeIfAbsent(project, p -> new TreeMap<>());
    if (e == null) {
      nodes.remove(name);
    } else {
      nodes.put(name, toJson(e));
    }
    try {
      file.write(new Stored(raw));
    } catch (IOException ex) {
      throw new UncheckedIOException("could not save " + FILE, ex);
    }
    use(raw);
  }

  private void load() throws IOException {
    Stored stored = file.read();
    use(stored.projects() == null ? Map.of() : stored.projects());
  }

  private void use(Map<String, Map<String, JsonNode>> raw) {
    Map<String, Map<String, Evaluator>> parsed = new HashMap<>();
    raw.forEach((project, nodes) -> {
      Map<String, Evaluator> evaluators = new TreeMap<>();
      nodes.forEach((name, node) -> {
        try {
          evaluators.put(name, fromJson(name, node));
        } catch (IllegalArgumentException bad) {
          throw new IllegalArgumentException(FILE + ": project " + project + ", evaluator " + name + ": "
              + bad.getMessage(), bad);
        }
      });
      parsed.put(project, evaluators);
    });
    byProject = parsed;
  }

  private Evaluator fromJson(String name, JsonNode node) {
    EvaluatorJson.Draft draft = EvaluatorJson.read(name, node, env);
    long created = node.path("createdAt").asLong(0);
    return draft.version(Math.max(1, node.path("version").asInt(1)), created, node.path("updatedAt").asLong(created));
  }

  private static JsonNode toJson(Evaluator e) {
    try {
      return JSON.readTree(Json.bytes(g -> EvaluatorJson.write(g, e)));
    } catch (IOException ex) {
      throw new UncheckedIOException(ex);
    }
  }
}
