package dev.sightline.server.evaluation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sightline.server.state.ProjectObjects;
import dev.sightline.server.state.StateStore;
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
import java.util.function.Predicate;

/**
 * Each project's evaluators, kept in {@code evaluators.json} under the data directory:
 * {@code {"projects": {"default": {"answer-length": {"name": "answer-length", "kind": "length", ...,
 * "version": 2}}}}}. The API changes them; an operator may also edit the file (another server
 * the document, when the state is in PostgreSQL), which a running server rereads within a second (an edit that does not read is logged and the evaluators in force
 * are kept; at start it stops the server naming the project, evaluator and field). Only the current
 * version of an evaluator is kept; its scores name their version. Each change is made on the
 * evaluators as stored then, so creates through two servers at once both stay. Thread-safe.
 */
public final class EvaluatorStore {
  private static final System.Logger LOG = System.getLogger(EvaluatorStore.class.getName());
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String FILE = "evaluators.json";
  private final ProjectObjects file;
  private final Function<String, String> env;
  /** One judge per evaluator version, so that a remote kind's limits hold across batches. */
  private final Map<String, Judged> judges = new ConcurrentHashMap<>();
  private Map<String, Map<String, Evaluator>> byProject = Map.of();

  private record Judged(Evaluator evaluator, Judge judge) {}

  private EvaluatorStore(ProjectObjects file, Function<String, String> env) {
    this.file = file;
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
    return open(StateStore.files(dataDir), env);
  }

  /** Opens the evaluators kept in {@code state}; see {@link #open(Path, Function)}. */
  public static EvaluatorStore open(StateStore state, Function<String, String> env) throws IOException {
    EvaluatorStore store = new EvaluatorStore(new ProjectObjects(state, FILE), env);
    synchronized (store) {
      store.load();
    }
    return store;
  }

  /** A project's evaluators, sorted by name; empty if it has none. */
  public synchronized List<Evaluator> of(String project) {
    if (file.changed()) {
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
    Evaluator made = draft.version(1, now, now);
    return save(project, nodes -> nodes.putIfAbsent(draft.name(), toJson(made)) == null)
        ? Optional.of(made) : Optional.empty();
  }

  /**
   * Changes an evaluator: a new version if what or how it judges changed, the same version if only
   * {@code enabled} did; empty if there is none of that name.
   */
  synchronized Optional<Evaluator> update(String project, EvaluatorJson.Draft draft, long now) {
    Evaluator[] next = new Evaluator[1];
    save(project, nodes -> {
      JsonNode stored = nodes.get(draft.name());
      if (stored == null) {
        return false;
      }
      Evaluator old = fromJson(draft.name(), stored);
      next[0] = draft.version(old.version(), old.createdAt(), old.updatedAt());
      if (!next[0].sameJudgement(old)) {
        next[0] = draft.version(old.version() + 1, old.createdAt(), now);
      }
      nodes.put(draft.name(), toJson(next[0]));
      return true;
    });
    return Optional.ofNullable(next[0]);
  }

  /** Removes an evaluator; false if there is none of that name. Its scores stay. */
  synchronized boolean delete(String project, String name) {
    return save(project, nodes -> nodes.remove(name) != null);
  }

  /** The judge of this evaluator version, made once per version. */
  public Judge judge(String project, Evaluator e) {
    Judged j = judges.compute(project + '\n' + e.name(), (k, old) -> old != null && old.evaluator().equals(e)
        ? old : new Judged(e, Kinds.create(e.kind(), e.config(), env)));
    return j.judge();
  }

  /** Changes the project's evaluators as stored now; {@code edit} says whether it changed them. */
  private boolean save(String project, Predicate<Map<String, JsonNode>> edit) {
    try {
      ProjectObjects.Change done = file.change(project, edit);
      use(done.projects());
      return done.changed();
    } catch (IOException ex) {
      throw new UncheckedIOException("could not save " + FILE, ex);
    }
  }

  private void load() throws IOException {
    use(file.read());
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
