package dev.sightline.server.analysis;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import dev.sightline.core.model.Row;
import dev.sightline.core.model.Schema;
import dev.sightline.core.model.Table;
import dev.sightline.core.storage.LogPosition;
import dev.sightline.core.storage.WriteBatch;
import dev.sightline.core.storage.memory.InMemoryStorage;
import dev.sightline.server.governance.SettingsStore;
import dev.sightline.server.state.Postgres;
import dev.sightline.server.state.PostgresServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The webhook gets each new anomaly once: again after a failed post, never after a restart, and
 * once between servers that share the state in PostgreSQL.
 */
class AnomalyAlertsTest {
  private static final long HOUR = Detector.BUCKET_MICROS;
  /** Half past some hour. */
  private static final long NOW = 1_800_000_000L * 1_000_000 / HOUR * HOUR + HOUR / 2;
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;
  private final InMemoryStorage storage = new InMemoryStorage();
  private final List<String> received = new CopyOnWriteArrayList<>();
  private final AtomicInteger failuresLeft = new AtomicInteger(1);
  private HttpServer hook;

  @BeforeEach
  void startWebhook() throws IOException {
    hook = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    hook.createContext("/hook", exchange -> {
      received.add(new String(exchange.getRequestBody().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8));
      exchange.sendResponseHeaders(failuresLeft.getAndDecrement() > 0 ? 500 : 204, -1);
      exchange.close();
    });
    hook.start();
  }

  @AfterEach
  void stop() {
    hook.stop(0);
  }

  @Test
  void eachAnomalyIsPostedOnceRetriedAfterAFailureAndNotResentAfterARestart() throws Exception {
    Files.writeString(dir.resolve("settings.json"), "{\"projects\": {\"p\": {\"anomalyWebhookUrl\": "
        + "\"http://127.0.0.1:" + hook.getAddress().getPort() + "/hook\"}, \"quiet\": {}}}");
    SettingsStore settings = SettingsStore.open(dir);
    long spikeHour = NOW / HOUR * HOUR - HOUR;
    storage.write(new WriteBatch(traces("p", spikeHour), Set.of(), new LogPosition(0, 1)));
    storage.write(new WriteBatch(traces("quiet", spikeHour), Set.of(), new LogPosition(0, 2)));
    Clock clock = Clock.fixed(Instant.ofEpochSecond(0, NOW * 1000), ZoneOffset.UTC);

    AnomalyAlerts alerts = new AnomalyAlerts(storage, settings, dir, clock);
    assertThat(alerts.runOnce()).as("the webhook answers 500 first").isZero();
    assertThat(alerts.runOnce()).isEqualTo(1);
    assertThat(alerts.runOnce()).isZero();
    assertThat(new AnomalyAlerts(storage, settings, dir, clock).runOnce()).as("after a restart").isZero();

    assertThat(received).hasSize(2);
    assertThat(received.get(1)).isEqualTo(received.get(0));
    JsonNode body = JSON.readTree(received.get(1));
    assertThat(body.path("project").asText()).isEqualTo("p");
    JsonNode anomaly = body.path("anomaly");
    assertThat(anomaly.path("feature").asText()).isEqualTo("chat");
    assertThat(anomaly.path("metric").asText()).isEqualTo("latencyP95");
    assertThat(anomaly.path("bucketStart").asLong()).isEqualTo(spikeHour);
    assertThat(anomaly.path("direction").asText()).isEqualTo("up");
    assertThat(anomaly.path("value").asDouble()).isGreaterThan(2 * anomaly.path("baseline").asDouble());
  }

  @Test
  void serversSharingTheStateInPostgresPostEachAnomalyOnceBetweenThem() throws Exception {
    failuresLeft.set(0);
    Files.writeString(dir.resolve("settings.json"), "{\"projects\": {\"p\": {\"anomalyWebhookUrl\": "
        + "\"http://127.0.0.1:" + hook.getAddress().getPort() + "/hook\"}}}");
    SettingsStore settings = SettingsStore.open(dir);
    storage.write(new WriteBatch(traces("p", NOW / HOUR * HOUR - HOUR), Set.of(), new LogPosition(0, 1)));
    Clock clock = Clock.fixed(Instant.ofEpochSecond(0, NOW * 1000), ZoneOffset.UTC);
    String url = PostgresServer.get().newDatabase();
    try (Postgres one = Postgres.connect(url, PostgresServer.user(), null);
        Postgres two = Postgres.connect(url, PostgresServer.user(), null)) {
      List<Callable<Integer>> runs = List.of(() -> new AnomalyAlerts(storage, settings, one, clock).runOnce(),
          () -> new AnomalyAlerts(storage, settings, two, clock).runOnce());
      ExecutorService pool = Executors.newFixedThreadPool(2);
      int delivered = 0;
      for (Future<Integer> f : pool.invokeAll(runs)) {
        delivered += f.get();
      }
      pool.shutdown();
      assertThat(delivered).isEqualTo(1);
      assertThat(new AnomalyAlerts(storage, settings, two, clock).runOnce()).as("after a restart").isZero();
    }
    assertThat(received).hasSize(1);
  }

  @Test
  void aNewFeatureIsNotASurgeButItsSpikeAfterThreeDaysIs() {
    long spikeHour = NOW / HOUR * HOUR - HOUR;
    storage.write(new WriteBatch(traces("new", spikeHour), Set.of(), new LogPosition(0, 1)));
    AnomalyScan scan = new AnomalyScan(storage);

    assertThat(scan.scan("new", null, spikeHour - 8 * 24 * HOUR, NOW, null))
        .extracting(Anomaly::metric, Anomaly::bucketStart)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("latencyP95", spikeHour));
  }

  /** Eight days of 30 traces an hour of about 500 ms; those of the spike hour take 3 s. */
  private static List<Row> traces(String project, long spikeHour) {
    Random random = new Random(5);
    List<Row> rows = new ArrayList<>();
    for (long hour = spikeHour - 8 * 24 * HOUR; hour <= spikeHour; hour += HOUR) {
      for (int i = 0; i < 30; i++) {
        long start = hour + i * 60_000_000L;
        long duration = hour == spikeHour ? 3_000_000 : 500_000 + random.nextInt(50_000);
        rows.add(Row.builder(Table.TRACES).set(Schema.PROJECT_ID, project)
            .set(Schema.TRACE_ID, String.format("%032x", rows.size())).set(Schema.FEATURE, "chat")
            .set(Schema.STATUS, "success").set(Schema.START_TIME, start).set(Schema.END_TIME, start + duration)
            .build());
      }
    }
    return rows;
  }
}
