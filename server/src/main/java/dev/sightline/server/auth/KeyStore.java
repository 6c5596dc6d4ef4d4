package dev.sightline.server.auth;

import dev.sightline.server.state.StateDocument;
import dev.sightline.server.state.StateStore;
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
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;

/**
 * Projects and their API keys, kept in {@code auth.json} under the data directory. Only SHA-256
 * hashes of keys are stored (keys are long random strings, so a slow hash adds nothing); a key is
 * named by its id, the first 12 hex digits of that hash, which tells keys apart without revealing
 * anything. Each key has a {@link Role} and an optional name. The CLI or another server (with the
 * state in PostgreSQL) may change the keys while a server runs: the server rereads them when they
 * changed, at most once a second, so a new or revoked key counts within a second. Every change is
 * made on the keys as stored then ({@link StateDocument#update}), so changes made at once through
 * two servers both stay.
 *
 * <p>Thread-safe.
 */
public final class KeyStore {
  /** The project that exists from the first start. */
  public static final String DEFAULT_PROJECT = "default";
  private static final Pattern PROJECT_ID = Pattern.compile("[a-z0-9][a-z0-9_-]{0,63}");
  private static final SecureRandom RANDOM = new SecureRandom();

  private final StateDocument<State> file;
  private final KeyUsage usage;
  private State state;
  private Map<String, StoredKey> byHash = Map.of();

  /** The stored form. */
  record State(List<Project> projects, List<StoredKey> keys) {}

  /** A project. {@code createdAt} is epoch milliseconds. */
  public record Project(String id, String name, long createdAt) {}

  /**
   * A key's hash, its first characters, its project, and since roles exist its name and role (null
   * in files written before: no name, {@link Role#WRITE}).
   */
  record StoredKey(String sha256, String prefix, String projectId, long createdAt, String name, String role,
      Limits limits) {
    String id() {
      return sha256.substring(0, 12); // as idOf
    }

    KeyInfo info(Long lastUsedAt) {
      return new KeyInfo(id(), projectId, name, Role.of(role), createdAt, lastUsedAt, limits());
    }

    @Override
    public Limits limits() {
      return limits == null ? Limits.NONE : limits;
    }
  }

  /**
   * A key's rate limits; null for none. Requests count on every route, spans (items of any kind)
   * on ingestion; over either, the key gets 429 with {@code Retry-After}.
   *
   * @param requestsPerSecond 1 to 1,000,000, or null
   * @param spansPerSecond 1 to 100,000,000, or null
   */
  public record Limits(Integer requestsPerSecond, Integer spansPerSecond) {
    public static final Limits NONE = new Limits(null, null);

    public Limits {
      check("requestsPerSecond", requestsPerSecond, 1_000_000);
      check("spansPerSecond", spansPerSecond, 100_000_000);
    }

    private static void check(String field, Integer value, int max) {
      if (value != null && (value < 1 || value > max)) {
        throw new IllegalArgumentException(field + ": must be from 1 to " + max + ", or absent for no limit");
      }
    }
  }

  /**
   * A key as listed: never the key itself.
   *
   * @param createdAt epoch milliseconds
   * @param lastUsedAt epoch milliseconds, to the minute; null if never used
   */
  public record KeyInfo(String id, String projectId, String name, Role role, long createdAt, Long lastUsedAt,
      Limits limits) {}

  /** What a request's key grants: its project, role and limits. */
  public record Access(String projectId, String keyId, Role role, Limits limits) {}

  private KeyStore(StateStore state) {
    this.file = state.document("auth.json", State.class);
    this.usage = new KeyUsage(state);
  }

  /** Opens the store under {@code dataDir}, creating it with the default project if missing. */
  public static KeyStore open(Path dataDir) throws IOException {
    Files.createDirectories(dataDir);
    return open(StateStore.files(dataDir));
  }

  /** Opens the keys kept in {@code state}, creating them with the default project if missing. */
  public static KeyStore open(StateStore state) throws IOException {
    KeyStore store = new KeyStore(state);
    store.change(s -> s != null ? s : new State(List.of(new Project(DEFAULT_PROJECT, DEFAULT_PROJECT,
        System.currentTimeMillis())), List.of()));
    return store;
  }

  /** What a key grants, if it is known; counts as a use of it. */
  public Optional<Access> access(String key) {
    String hash = sha256(key);
    StoredKey k;
    synchronized (this) {
      // Rereads the file at most once a second, so that keys the CLI creates or revokes count in a
      // running server.
      reloadIfChanged();
      k = byHash.get(hash);
      if (k == null && file.changedNow()) {
        // A key created a moment ago works at once; an unknown key costs one file check.
        reloadQuietly();
        k = byHash.get(hash);
      }
    }
    if (k == null) {
      return Optional.empty();
    }
    usage.touch(k.id());
    return Optional.of(new Access(k.projectId(), k.id(), Role.of(k.role()), k.limits()));
  }

  /** The project a key belongs to, if the key is known. */
  public Optional<String> projectOf(String key) {
    return access(key).map(Access::projectId);
  }

  /** A project's keys, oldest first. */
  public synchronized List<KeyInfo> keys(String projectId) throws IOException {
    load();
    requireProject(state, projectId);
    List<KeyInfo> out = new ArrayList<>();
    for (StoredKey k : state.keys()) {
      if (k.projectId().equals(projectId)) {
        out.add(k.info(usage.lastUsed(k.id())));
      }
    }
    return out;
  }

  /**
   * Revokes a key; a running server refuses it within a second.
   *
   * @return the key revoked
   * @throws IllegalArgumentException if the project has no key with this id
   */
  public synchronized KeyInfo revokeKey(String projectId, String keyId) throws IOException {
    StoredKey[] revoked = new StoredKey[1];
    change(s -> {
      requireProject(s, projectId);
      revoked[0] = s.keys().stream().filter(k -> k.projectId().equals(projectId) && k.id().equals(keyId))
          .findFirst().orElseThrow(() -> new IllegalArgumentException("key: project '" + projectId
              + "' has no key " + keyId + " (ids are listed by 'key list')"));
      List<StoredKey> keys = new ArrayList<>(s.keys());
      keys.remove(revoked[0]);
      return new State(s.projects(), keys);
    });
    return revoked[0].info(usage.lastUsed(keyId));
  }

  public synchronized List<Project> projects() {
    reloadIfChanged();
    return state.projects();
  }

  public synchronized boolean hasKeys(String projectId) {
    reloadIfChanged();
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
    Project p = new Project(id, id, System.currentTimeMillis());
    change(s -> {
      if (s.projects().stream().anyMatch(q -> q.id().equals(id))) {
        throw new IllegalArgumentException("project: '" + id + "' already exists");
      }
      List<Project> projects = new ArrayList<>(s.projects());
      projects.add(p);
      return new State(projects, s.keys());
    });
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
    int[] revoked = new int[1];
    change(s -> {
      requireProject(s, id);
      List<Project> projects = new ArrayList<>(s.projects());
      projects.removeIf(p -> p.id().equals(id));
      List<StoredKey> keys = new ArrayList<>(s.keys());
      keys.removeIf(k -> k.projectId().equals(id));
      revoked[0] = s.keys().size() - keys.size();
      return new State(projects, keys);
    });
    return revoked[0];
  }

  /** A new {@link Role#WRITE} key without a name or limits (see {@link #createKey(String, String, Role, Limits)}). */
  public String createKey(String projectId) throws IOException {
    return createKey(projectId, null, Role.WRITE, Limits.NONE);
  }

  /** A new key without limits. */
  public String createKey(String projectId, String name, Role role) throws IOException {
    return createKey(projectId, name, role, Limits.NONE);
  }

  /**
   * Generates, stores and returns a new key for a project. The key is not recoverable later.
   *
   * @param name what the key is for ({@code ci-exporter}), up to 64 characters; null for none
   * @throws IllegalArgumentException if the project does not exist or the name is too long
   */
  public synchronized String createKey(String projectId, String name, Role role, Limits limits) throws IOException {
    if (name != null && (name.isBlank() || name.length() > 64)) {
      throw new IllegalArgumentException("name: 1 to 64 characters");
    }
    byte[] random = new byte[24];
    RANDOM.nextBytes(random);
    String key = "sl_" + HexFormat.of().formatHex(random);
    store(projectId, key, name, role, limits);
    return key;
  }

  /**
   * Stores a key chosen by the operator ({@code SIGHTLINE_API_KEY}) as an {@link Role#ADMIN} key
   * of that name; a no-op if it is already registered for this project.
   *
   * @throws IllegalArgumentException if the project does not exist, the key belongs to another
   *     project or is shorter than 16 characters
   */
  public synchronized void registerKey(String projectId, String key) throws IOException {
    if (key.length() < 16) {
      throw new IllegalArgumentException("key: must be at least 16 characters");
    }
    store(projectId, key, "SIGHTLINE_API_KEY", Role.ADMIN, Limits.NONE);
  }

  private void store(String projectId, String key, String name, Role role, Limits limits) throws IOException {
    String hash = sha256(key);
    change(s -> {
      requireProject(s, projectId);
      for (StoredKey existing : s.keys()) {
        if (existing.sha256().equals(hash)) {
          if (!existing.projectId().equals(projectId)) {
            throw new IllegalArgumentException("key: already belongs to another project");
          }
          return s;
        }
      }
      List<StoredKey> keys = new ArrayList<>(s.keys());
      keys.add(new StoredKey(hash, key.substring(0, 7), projectId, System.currentTimeMillis(), name,
          role.wireName(), limits == Limits.NONE ? null : limits));
      return new State(s.projects(), keys);
    });
  }

  private static void requireProject(State state, String projectId) {
    if (state.projects().stream().noneMatch(p -> p.id().equals(projectId))) {
      throw new IllegalArgumentException("project: '" + projectId + "' does not exist");
    }
  }

  private void setState(State next) {
    Map<String, StoredKey> hashes = new HashMap<>();
    for (StoredKey k : next.keys()) {
      hashes.put(k.sha256(), k);
    }
    state = next;
    byHash = hashes;
  }

  private void reloadIfChanged() {
    if (file.changed()) {
      reloadQuietly();
    }
  }

  private void reloadQuietly() {
    try {
      load();
    } catch (IOException e) {
      // Keep serving with the keys already known.
    }
  }

  private void load() throws IOException {
    setState(file.read());
  }

  /** Changes the keys as stored now, and uses the result. */
  private void change(UnaryOperator<State> op) throws IOException {
    setState(file.update(op));
  }

  /** The id a key is listed and revoked by. */
  public static String idOf(String key) {
    return sha256(key).substring(0, 12);
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
