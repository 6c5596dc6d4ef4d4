package dev.sightline.server.analysis;

import dev.sightline.core.storage.StorageReader;
import dev.sightline.server.state.StateDocument;
import dev.sightline.server.state.StateStore;
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
import java.util.function.Consumer;

/**
 * Posts each new anomaly of a project with an {@code anomalyWebhookUrl} to it, once. A run scans
 * the whole hours of the last {@value #SCAN_HOURS} hours of every such project and posts, oldest
 * first, each finding not yet delivered: {@code {"project": "...", "anomaly": {...}}} as JSON,
 * answered with any 2xx. What was delivered is remembered in {@code anomaly-alerts.json} under the
 * data directory (or that document in PostgreSQL), written after each delivery, so a restart does
 * not post it again. Before each post the finding is claimed in the document for twice the post's
 * timeout, so servers sharing the document post it once between them. A failed post
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
  private final StateDocument<State> file;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(TIMEOUT_SECONDS)).build();

  /**
   * What each project's findings came to, by {@link Anomaly#key()}: entries are dropped once their
   * bucket is too old to be scanned again.
   */
  record State(Map<String, Map<String, Delivery>> projects) {}

  /**
   * @param bucketStart the finding's bucket, epoch microseconds
   * @param attempts posts tried so far
   * @param done delivered, or given up
   * @param claimedUntil epoch milliseconds until which a run posting it holds it; null when none does
   */
  record Delivery(long bucketStart, int attempts, boolean done, Long claimedUntil) {}

  public AnomalyAlerts(StorageReader storage, SettingsStore settings, Path dataDir, Clock clock) {
    this(storage, settings, StateStore.files(dataDir), clock);
  }

  /** Alerts that remember their deliveries in {@code state}. */
  public AnomalyAlerts(StorageReader storage, SettingsStore settings, StateStore state, Clock clock) {
    this.scan = new AnomalyScan(storage);
    this.settings = settings;
    this.window = new RetentionWindow(settings, clock);
    this.clock = clock;
    this.file = state.document("anomaly-alerts.json", State.class);
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
    List<Anomaly> found = scan.scan(project, null, now - SCAN_HOURS * HOUR, now, window.horizon(project));
    int delivered = 0;
    for (int i = found.size() - 1; i >= 0; i--) {
      Anomaly a = found.get(i);
      Delivery claimed = claim(project, a, now);
      if (claimed == null) {
        continue;
      }
      String problem = post(url, project, a);
      int attempts = claimed.attempts();
      boolean giveUp = problem != null && attempts >= MAX_ATTEMPTS;
      change(project, sent -> sent.put(a.key(), new Delivery(a.bucketStart(), attempts, problem == null || giveUp,
          null)));
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

  /**
   * Takes a finding to post, counting the attempt, unless it is done or another run holds it;
   * drops the project's entries too old to be scanned again.
   *
   * @return the claimed delivery, or null if there is nothing to post
   */
  private Delivery claim(String project, Anomaly a, long nowMicros) {
    long nowMillis = nowMicros / 1000;
    Delivery[] claimed = new Delivery[1];
    change(project, sent -> {
      sent.values().removeIf(d -> d.bucketStart() < nowMicros - (SCAN_HOURS + 1) * HOUR);
      Delivery before = sent.getOrDefault(a.key(), new Delivery(a.bucketStart(), 0, false, null));
      boolean held = before.claimedUntil() != null && before.claimedUntil() > nowMillis;
      if (!before.done() && !held) {
        claimed[0] = new Delivery(a.bucketStart(), before.attempts() + 1, false,
            nowMillis + 2_000L * TIMEOUT_SECONDS);
        sent.put(a.key(), claimed[0]);
      }
    });
    return claimed[0];
  }

  /** Changes a project's deliveries as stored now. */
  private void change(String project, Consumer<Map<String, Delivery>> edit) {
    try {
      file.update(before -> {
        Map<String, Map<String, Delivery>> projects = new HashMap<>(
            before == null || before.projects() == null ? Map.of() : before.projects());
        Map<String, Delivery> sent = new HashMap<>(projects.getOrDefault(project, Map.of()));
        edit.accept(sent);
        projects.put(project, sent);
        return new State(projects);
      });
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
