package dev.sightline.server.prompts;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sightline.server.state.StateFile;
import dev.sightline.server.http.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Prompts in files under the data directory, for one server: {@code prompts/<project>/<name>/}
 * holds one file per version, {@code v<N>.json}, written once and never changed, and
 * {@code index.json}, the versions' summaries and the labels. Every file is replaced atomically
 * and durably (written beside, synced, renamed: {@link StateFile}). A new version's file is
 * written before the index that lists it, so a crash between the two leaves a file that the next
 * create of the name overwrites, never a listed version without its file.
 *
 * <p>Thread-safe: one lock serialises every call, which also makes concurrent creates of a name
 * take consecutive numbers. Only this process writes the files (the data directory is locked);
 * several servers need a shared store instead (see {@link PromptStore}). Names are case-sensitive,
 * so on a case-insensitive file system {@code Greet} and {@code greet} would share a directory:
 * run the server on one that is not (Linux file systems are not).
 */
public final class FilePromptStore implements PromptStore {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String INDEX = "index.json";
  private final Path root;

  /** A store under {@code dataDir/prompts}, created when the first prompt is. */
  public FilePromptStore(Path dataDir) {
    this.root = dataDir.resolve("prompts");
  }

  @Override
  public synchronized List<PromptIndex> list(String project) {
    Path dir = root.resolve(project);
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    List<PromptIndex> prompts = new ArrayList<>();
    try (Stream<Path> names = Files.list(dir)) {
      for (Path name : names.sorted().toList()) {
        if (Files.exists(name.resolve(INDEX))) {
          prompts.add(read(name));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + dir, e);
    }
    return prompts;
  }

  @Override
  public synchronized PromptIndex index(String project, String name) {
    Path dir = dir(project, name);
    return Files.exists(dir.resolve(INDEX)) ? read(dir) : null;
  }

  @Override
  public synchronized PromptVersion version(String project, String name, int version) {
    PromptIndex index = index(project, name);
    if (index == null || !index.has(version)) {
      return null;
    }
    Path file = dir(project, name).resolve("v" + version + ".json");
    try {
      return PromptJson.stored(new StateFile<>(file, JsonNode.class).read());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
  }

  @Override
  public synchronized Created create(String project, Draft draft, long createdAt, String createdBy) {
    Created next = PromptIndex.next(index(project, draft.name()), draft, createdAt, createdBy);
    PromptVersion v = next.version();
    Path dir = dir(project, draft.name());
    try {
      Files.createDirectories(dir);
      JsonNode tree = JSON.readTree(Json.bytes(g -> PromptJson.write(g, v, null)));
      new StateFile<>(dir.resolve("v" + v.version() + ".json"), JsonNode.class).write(tree);
      write(dir, next.index());
      return next;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write prompt " + draft.name() + " under " + dir, e);
    }
  }

  @Override
  public synchronized PromptIndex relabel(String project, String name, int version, List<String> labels) {
    PromptIndex before = index(project, name);
    if (before == null || !before.has(version)) {
      return null;
    }
    PromptIndex after = before.relabelled(version, labels);
    try {
      write(dir(project, name), after);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the labels of prompt " + name, e);
    }
    return after;
  }

  private Path dir(String project, String name) {
    // Both are checked against patterns without '/' or a leading '.', so neither leaves the root.
    return root.resolve(project).resolve(PromptRules.name("name", name));
  }

  private static PromptIndex read(Path dir) {
    try {
      return new StateFile<>(dir.resolve(INDEX), PromptIndex.class).read();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + dir.resolve(INDEX), e);
    }
  }

  private static void write(Path dir, PromptIndex index) throws IOException {
    new StateFile<>(dir.resolve(INDEX), PromptIndex.class).write(index);
  }
}
