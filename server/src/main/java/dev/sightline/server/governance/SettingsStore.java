package dev.sightline.server.governance;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sightline.server.state.StateDocument;
import dev.sightline.server.state.StateStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;

/**
 * Each project's settings, kept in {@code settings.json} under the data directory (or as that
 * document in PostgreSQL): {@code {"projects": {"default": {"masking": {...}}}}}. The API changes
 * them; an operator may also edit the file, and another server the shared document, which a
 * running server rereads within a second. A file that does not read stops
 * the server at start with the field at fault; an edit that does not read while it runs is logged
 * and the settings in force are kept. A project without an entry has everything off. Thread-safe.
 */
public final class SettingsStore {
  private static final System.Logger LOG = System.getLogger(SettingsStore.class.getName());
  private final StateDocument<Stored> file;
  private Map<String, ProjectSettings> byProject = Map.of();

  /** The stored form: each project's settings as sent, checked on read. */
  record Stored(Map<String, JsonNode> projects) {}

  private SettingsStore(StateDocument<Stored> file) {
    this.file = file;
  }

  /**
   * Opens the settings under {@code dataDir}.
   *
   * @throws IllegalArgumentException naming the field if the file holds an invalid setting
   */
  public static SettingsStore open(Path dataDir) throws IOException {
    return open(StateStore.files(dataDir));
  }

  /**
   * Opens the settings kept in {@code state}.
   *
   * @throws IllegalArgumentException naming the field if the document holds an invalid setting
   */
  public static SettingsStore open(StateStore state) throws IOException {
    SettingsStore store = new SettingsStore(state.document("settings.json", Stored.class));
    synchronized (store) {
      store.load();
    }
    return store;
  }

  /** The project's settings in force. */
  synchronized ProjectSettings get(String project) {
    if (file.changed()) {
      try {
        load();
      } catch (IOException | IllegalArgumentException e) {
        LOG.log(System.Logger.Level.WARNING, "settings.json changed but does not read, keeping the settings in"
            + " force: " + e.getMessage());
      }
    }
    return byProject.getOrDefault(project, ProjectSettings.DEFAULTS);
  }

  /** The masking of the project's ingest, if it masks anything. */
  public Optional<Masker> masker(String project) {
    return Optional.ofNullable(get(project).masker());
  }

  /** How many days the project keeps traces, if it has a retention window. */
  public OptionalInt retentionDays(String project) {
    Integer days = get(project).retentionDays();
    return days == null ? OptionalInt.empty() : OptionalInt.of(days);
  }

  /** The projects that have a retention window. */
  public Set<String> projectsWithRetention() {
    return projectsWhere(s -> s.retentionDays() != null);
  }

  /** Where the project's new anomalies are posted, if anywhere. */
  public Optional<URI> anomalyWebhookUrl(String project) {
    return Optional.ofNullable(get(project).anomalyWebhookUrl());
  }

  /** The projects that have an anomaly webhook. */
  public Set<String> projectsWithAnomalyWebhook() {
    return projectsWhere(s -> s.anomalyWebhookUrl() != null);
  }

  private synchronized Set<String> projectsWhere(Predicate<ProjectSettings> condition) {
    get(""); // rereads the file if it changed
    Set<String> out = new TreeSet<>();
    byProject.forEach((project, s) -> {
      if (condition.test(s)) {
        out.add(project);
      }
    });
    return out;
  }

  /**
   * Replaces the project's settings.
   *
   * @throws IllegalArgumentException naming the field at fault; nothing is changed then
   */
  synchronized ProjectSettings put(String project, JsonNode settings) {
    ProjectSettings parsed = ProjectSettings.parse(settings, "");
    try {
      apply(projects(file.update(before -> {
        Map<String, JsonNode> next = new HashMap<>(projects(before));
        next.put(project, parsed.toJson());
        return new Stored(next);
      })));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return parsed;
  }

  private void load() throws IOException {
    apply(projects(file.read()));
  }

  private static Map<String, JsonNode> projects(Stored stored) {
    return stored == null || stored.projects() == null ? Map.of() : stored.projects();
  }

  private void apply(Map<String, JsonNode> projects) {
    Map<String, ProjectSettings> parsed = new HashMap<>();
    projects.forEach((project, node) -> parsed.put(project,
        ProjectSettings.parse(node, "settings.json: projects." + project)));
    byProject = parsed;
  }

  /**
   * What a project sets. Immutable.
   *
   * @param retentionDays how long traces are kept, 1 to 36500 days; null to keep them
   * @param anomalyWebhookUrl an http or https URL that new anomalies are posted to; null for none
   */
  record ProjectSettings(MaskingSettings masking, Masker masker, Integer retentionDays, URI anomalyWebhookUrl) {
    static final ProjectSettings DEFAULTS = new ProjectSettings(MaskingSettings.OFF, null, null, null);
    private static final Set<String> FIELDS = Set.of("masking", "retentionDays", "anomalyWebhookUrl");
    private static final int MAX_URL = 2048;

    /** {@code {"masking": {...}, "retentionDays": 30}}; fields are named under {@code prefix} in errors. */
    static ProjectSettings parse(JsonNode node, String prefix) {
      String at = prefix.isEmpty() ? "" : prefix + ".";
      if (node == null || !node.isObject()) {
        throw new IllegalArgumentException((prefix.isEmpty() ? "body" : prefix) + ": must be a JSON object");
      }
      for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
        String name = it.next();
        if (!FIELDS.contains(name)) {
          throw new IllegalArgumentException(at + name
              + ": unknown setting; there are masking, retentionDays and anomalyWebhookUrl");
        }
      }
      MaskingSettings masking = MaskingSettings.parse(node.get("masking"), at + "masking");
      JsonNode days = node.path("retentionDays");
      Integer retentionDays = null;
      if (!days.isMissingNode() && !days.isNull()) {
        if (!days.isIntegralNumber() || days.asLong() < 1 || days.asLong() > 36500) {
          throw new IllegalArgumentException(at + "retentionDays: must be a whole number of days from 1 to 36500,"
              + " or null to keep traces");
        }
        retentionDays = days.intValue();
      }
      return new ProjectSettings(masking, masking.active() ? new Masker(masking) : null, retentionDays,
          webhook(node.path("anomalyWebhookUrl"), at + "anomalyWebhookUrl"));
    }

    private static URI webhook(JsonNode node, String field) {
      if (node.isMissingNode() || node.isNull()) {
        return null;
      }
      String problem = field + ": must be an http or https URL of at most " + MAX_URL + " characters, or null";
      if (!node.isTextual() || node.asText().length() > MAX_URL) {
        throw new IllegalArgumentException(problem);
      }
      try {
        URI uri = new URI(node.asText());
        if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) || uri.getHost() == null) {
          throw new IllegalArgumentException(problem);
        }
        return uri;
      } catch (URISyntaxException e) {
        throw new IllegalArgumentException(problem);
      }
    }

    /** The settings as the API answers them, every switch listed. */
    ObjectNode toJson() {
      ObjectNode out = JsonNodeFactory.instance.objectNode();
      out.set("masking", masking.toJson());
      if (retentionDays == null) {
        out.putNull("retentionDays");
      } else {
        out.put("retentionDays", retentionDays);
      }
      if (anomalyWebhookUrl == null) {
        out.putNull("anomalyWebhookUrl");
      } else {
        out.put("anomalyWebhookUrl", anomalyWebhookUrl.toString());
      }
      return out;
    }
  }
}
