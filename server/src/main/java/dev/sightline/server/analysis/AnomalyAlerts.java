package dev.sightline.server.analysis;

import dev.sightline.core.storage.StorageReader;
import dev.sightline.server.auth.StateFile;
import dev.sightline.server.governance.SettingsStore;
import dev.sightline.server.http.Json;
import dev.sightline.server.query.RetentionWindow;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Posts each new anomaly of a project with an {@code anomalyWebhookUrl} to it, once. A run scans
 * the whole hours of the last {@value #SCAN_HOURS} hours of every such project and posts, oldest
 * first, each finding not yet delivered: {@code {"project": "...", "anomaly": {...}}} as JSON,
 * answered with any 2xx. What was delivered is remembered in {@code anomaly-alerts.json} under the
 * data directory, written after each delivery, so a restart does not post it again. A failed post
 * (no answer in {@value #TIMEOUT_SECONDS} s, or not 2xx) is logged and ends the project's run; the
 * next run tries again, up to {@value #MAX_ATTEMPTS} attempts per finding, then gives it up
 * (logged). Nothing a webhook does stops the run of another project. Not thread-safe: one
 * scheduler thread runs it.
 */
public final class AnomalyAlerts {
  /** How often the server runs it. */
  public static final Duration EVERY = Duration.ofMinutes(5);
  static final int SCAN_HOURS = 3;
  static final int MAX_ATTEMPTS = 5;
  static final int TIMEOUT_SECONDS = 10;
  private static final long HOUR = Detector.BUCKET_MICROS;
  private static final System.Logger LOG = System.getLogger(AnomalyAlerts.class.getName());

  private final AnomalyScan scan;
  private final SettingsStore settings;
  private final RetentionWindow window;
  private final Clock clock;
  private final StateFile<State> file;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(TIMEOUT_SECONDS)).build();
  private State state;

  /**
   * What each project's findings came to, by {@link Anomaly#key()}: entries are dropped once their
   * bucket is too old to be scanned again.
   */
  record State(Map<String, Map<String, Delivery>> projects) {}

  /**
   * @param bucketStart the finding's bucket, epoch microseconds
   * @param attempts posts tried so far
   * @param done delivered, or given up
   */
  record Delivery(long bucketStart, int attempts, boolean done) {}

  public AnomalyAlerts(StorageReader storage, SettingsStore settings, Path dataDir, Clock clock) throws IOException {
    this.scan = new AnomalyScan(storage);
    this.settings = settings;
    this.window = new RetentionWindow(settings, clock);
    this.clock = clock;
    this.file = new StateFile<>(dataDir.resolve("anomaly-alerts.json"), State.class);
    this.state = file.exists() ? file.read() : new State(new HashMap<>());
    if (state.projects() == null) {
      state = new State(new HashMap<>());
    }
  }

  /** One run over every project with a webhook; returns how many findings it delivered. */
  public int runOnce() {
    long now = clock.millis() * 1000;
    int delivered = 0;
    for (String project : settings.projectsWithAnomalyWebhook()) {
      Optional<URI> url = settings.anomalyWebhookUrl(project);
      if (url.isPresent()) {
        delivered += run(project, url.get(), now);
      }
    }
    return delivered;
  }

  private int run(String project, URI url, long now) {
    Map<String, Delivery> sent = state.projects().computeIfAbsent(project, p -> new HashMap<>());
    sent.values().removeIf(d -> d.bucketStart() < now - (SCAN_HOURS + 1) * HOUR);
    List<Anomaly> found = scan.scan(project, null, now - SCAN_HOURS * HOUR, now, window.horizon(project));
    int delivered = 0;
    for (int i = found.size() - 1; i >= 0; i--) {
      Anomaly a = found.get(i);
      Delivery before = sent.getOrDefault(a.key(), new Delivery(a.bucketStart(), 0, false));
      if (before.done()) {
        continue;
      }
      String problem = post(url, project, a);
      int attempts = before.attempts() + 1;
      boolean giveUp = problem != null && attempts >= MAX_ATTEMPTS;
      sent.put(a.key(), new Delivery(a.bucketStart(), attempts, problem == null || giveUp));
      save();
      if (problem == null) {
        delivered++;
      } else {
        LOG.log(System.Logger.Level.WARNING, "anomaly webhook of project " + project + ": " + problem + "; "
            + (giveUp ? "gave up after " + attempts + " attempts" : "the next run tries again"));
        break;
      }
    }
    return delivered;
  }

  /** Posts one finding; null if it was taken, else what went wrong. */
  private String post(URI url, String project, Anomaly a) {
    byte[] body = Json.bytes(g -> {
      g.writeStartObject();
      g.writeStringField("project", project);
      g.writeFieldName("anomaly");
      AnalysisRoutes.write(g, a);
      g.writeEndObject();
    });
    HttpRequest request = HttpRequest.newBuilder(url).timeout(Duration.ofSeconds(TIMEOUT_SECONDS))
        .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
    try {
      int status = http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
      return status / 100 == 2 ? null : "answered " + status;
    } catch (IOException e) {
      return e.toString();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "interrupted";
    }
  }

  private void save() {
    try {
      file.write(state);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
