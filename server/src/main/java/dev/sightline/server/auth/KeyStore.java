package dev.sightline.server.auth;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Projects and their API keys, kept in {@code auth.json} under the data directory. Only SHA-256
 * hashes of keys are stored (keys are long random strings, so a slow hash adds nothing). The CLI
 * may change the file while a server runs: the server rereads it when a key is unknown and the
 * file has changed, at most once a second.
 *
 * <p>Thread-safe.
 */
public final class KeyStore {
  /** The project that exists from the first start. */
  public static final String DEFAULT_PROJECT = "default";
  private static final Pattern PROJECT_ID = Pattern.compile("[a-z0-9][a-z0-9_-]{0,63}");
  private static final SecureRandom RANDOM = new SecureRandom();

  private final StateFile<State> file;
  private State state;
  private Map<String, String> projectByHash = Map.of();

  /** The stored form. */
  record State(List<Project> projects, List<StoredKey> keys) {}

  /** A project. {@code createdAt} is epoch milliseconds. */
  public record Project(String id, String name, long createdAt) {}

  /** A key's hash, its first characters (to tell keys apart in listings) and its project. */
  record StoredKey(String sha256, String prefix, String projectId, long createdAt) {}

  private KeyStore(Path file) {
    this.file = new StateFile<>(file, State.class);
  }

  /** Opens the store under {@code dataDir}, creating it with the default project if missing. */
  public static KeyStore open(Path dataDir) throws IOException {
    Files.createDirectories(dataDir);
    KeyStore store = new KeyStore(dataDir.resolve("auth.json"));
    synchronized (store) {
      if (store.file.exists()) {
        store.load();
      } else {
        store.setState(new State(List.of(new Project(DEFAULT_PROJECT, DEFAULT_PROJECT,
            System.currentTimeMillis())), List.of()));
        store.save();
      }
    }
    return store;
  }

  /** The project a key belongs to, if the key is known. */
  public Optional<String> projectOf(String key) {
    String hash = sha256(key);
    synchronized (this) {
      // Rereads the file at most once a second, so that keys the CLI creates or revokes count in a
      // running server.
      reloadIfChanged();
      return find(hash);
    }
  }

  public synchronized List<Project> projects() {
    return state.projects();
  }

  public synchronized boolean hasKeys(String projectId) {
    return state.keys().stream().anyMatch(k -> k.projectId().equals(projectId));
  }

  /**
   * Creates a project.
   *
   * @param id lower-case letters, digits, {@code -} and {@code _}, up to 64 characters
   * @throws IllegalArgumentException if the id is malformed or taken
   */
  public synchronized Project createProject(String id) throws IOException {
    if (!PROJECT_ID.matcher(id).matches()) {
      throw new IllegalArgumentException(
          "project: use lower-case letters, digits, '-' and '_' (up to 64), starting with a letter or digit");
    }
    load();
    if (state.projects().stream().anyMatch(p -> p.id().equals(id))) {
      throw new IllegalArgumentException("project: '" + id + "' already exists");
    }
    Project p = new Project(id, id, System.currentTimeMillis());
    List<Project> projects = new ArrayList<>(state.projects());
    projects.add(p);
    setState(new State(projects, state.keys()));
    save();
    return p;
  }

  /**
   * Deletes a project and revokes its keys; a running server stops taking them within a second.
   * Its stored data is not touched.
   *
   * @return how many keys were revoked
   * @throws IllegalArgumentException if there is no such project, or it is the default one
   */
  public synchronized int deleteProject(String id) throws IOException {
    if (DEFAULT_PROJECT.equals(id)) {
      throw new IllegalArgumentException("project: '" + DEFAULT_PROJECT + "' cannot be deleted");
    }
    load();
    if (state.projects().stream().noneMatch(p -> p.id().equals(id))) {
      throw new IllegalArgumentException("project: '" + id + "' does not exist");
    }
    List<Project> projects = new ArrayList<>(state.projects());
    projects.removeIf(p -> p.id().equals(id));
    List<StoredKey> keys = new ArrayList<>(state.keys());
    int before = keys.size();
    keys.removeIf(k -> k.projectId().equals(id));
    setState(new State(projects, keys));
    save();
    return before - keys.size();
  }

  /** Generates, stores and returns a new key for a project. The key is not recoverable later. */
  public synchronized String createKey(String projectId) throws IOException {
    byte[] random = new byte[24];
    RANDOM.nextBytes(random);
    String key = "sl_" + HexFormat.of().formatHex(random);
    registerKey(projectId, key);
    return key;
  }

  /**
   * Stores a key chosen by the operator (e.g. {@code SIGHTLINE_API_KEY}); a no-op if it is already
   * registered for this project.
   *
   * @throws IllegalArgumentException if the project does not exist, the key belongs to another
   *     project or is shorter than 16 characters
   */
  public synchronized void registerKey(String projectId, String key) throws IOException {
    if (key.length() < 16) {
      throw new IllegalArgumentException("key: must be at least 16 characters");
    }
    load();
    if (state.projects().stream().noneMatch(p -> p.id().equals(projectId))) {
      throw new IllegalArgumentException("project: '" + projectId + "' does not exist");
    }
    String hash = sha256(key);
    Optional<String> owner = find(hash);
    if (owner.isPresent()) {
      if (!owner.get().equals(projectId)) {
        throw new IllegalArgumentException("key: already belongs to another project");
      }
      return;
    }
    List<StoredKey> keys = new ArrayList<>(state.keys());
    keys.add(new StoredKey(hash, key.substring(0, 7), projectId, System.currentTimeMillis()));
    setState(new State(state.projects(), keys));
    save();
  }

  private Optional<String> find(String hash) {
    return Optional.ofNullable(projectByHash.get(hash));
  }

  private void setState(State next) {
    Map<String, String> byHash = new HashMap<>();
    for (StoredKey k : next.keys()) {
      byHash.put(k.sha256(), k.projectId());
    }
    state = next;
    projectByHash = byHash;
  }

  private void reloadIfChanged() {
    if (file.changedOnDisk()) {
      try {
        load();
      } catch (IOException e) {
        // Keep serving with the keys already known.
      }
    }
  }

  private void load() throws IOException {
    setState(file.read());
  }

  private void save() throws IOException {
    file.write(state);
  }

  static String sha256(String key) {
    try {
      return HexFormat.of().formatHex(
          MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new AssertionError("every JDK has SHA-256", e);
    }
  }
}
