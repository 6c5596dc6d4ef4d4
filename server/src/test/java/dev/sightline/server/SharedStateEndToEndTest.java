package dev.sightline.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sightline.server.auth.KeyStore;
import dev.sightline.server.auth.Role;
import dev.sightline.server.auth.ServerCount;
import dev.sightline.server.state.PostgresServer;
import dev.sightline.server.state.StateSettings;
import dev.sightline.server.testing.ApiClient;
import dev.sightline.server.testing.ApiResponse;
import dev.sightline.server.testing.TestServer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two servers, each with its own data directory and in-memory store, sharing their state in one
 * real PostgreSQL ({@code --state postgres}), over HTTP: what is made through one is served by the
 * other (keys within about a second), creates through both at once all stay, and a backup says
 * that the state is backed up with pg_dump.
 */
class SharedStateEndToEndTest {
  /** A change through one server shows on the other within this (it checks once a second). */
  private static final Duration SEEN_WITHIN = Duration.ofMillis(2500);
  @TempDir Path dataA;
  @TempDir Path dataB;
  @TempDir Path backups;
  private TestServer a;
  private TestServer b;
  private ApiClient adminA;
  private ApiClient adminB;

  @BeforeEach
  void start() throws Exception {
    StateSettings shared = StateSettings.postgres(PostgresServer.get().newDatabase(), PostgresServer.user(), null);
    a = TestServer.builder(dataA).withoutOtlpGrpc().state(shared).start();
    b = TestServer.builder(dataB).withoutOtlpGrpc().state(shared).start();
    a.createProject("team");
    String key = a.server().keys().createKey("team", "ops", Role.ADMIN);
    adminA = new ApiClient(a.uri(), key);
    adminB = new ApiClient(b.uri(), key);
  }

  @AfterEach
  void stop() {
    if (b != null) {
      b.close();
    }
    a.close();
  }

  @Test
  void aKeyMadeThroughOneServerOpensTheOtherWithinASecond() {
    assertThat(seen(adminB, "/api/keys/current")).as("the admin key made through a's store").isLessThan(2500);
    ApiResponse made = adminA.postJson("/api/keys", "{\"name\": \"ci\", \"role\": \"write\"}");
    assertThat(made.status()).as(made.toString()).isEqualTo(201);
    ApiClient ciOnB = new ApiClient(b.uri(), made.json().path("key").asText());
    assertThat(seen(ciOnB, "/api/keys/current")).isLessThan(SEEN_WITHIN.toMillis());

    assertThat(adminA.delete("/api/keys/" + made.json().path("id").asText()).status()).isEqualTo(200);
    long deadline = System.currentTimeMillis() + SEEN_WITHIN.toMillis();
    while (ciOnB.get("/api/keys/current").status() == 200 && System.currentTimeMillis() < deadline) {
      sleep(50);
    }
    assertThat(ciOnB.get("/api/keys/current").status()).as("revoked through a").isEqualTo(401);
    // The watcher has read the database by now: /health says so, and does not need a key.
    ApiResponse health = new ApiClient(b.uri(), "").get("/health");
    assertThat(health.status()).isEqualTo(200);
    assertThat(health.json().path("state").asText()).isEqualTo("ok");
  }

  @Test
  void aKeysRateIsSharedByTheServers() throws Exception {
    long deadline = System.currentTimeMillis() + 2 * ServerCount.BEAT.toMillis();
    while ((a.server().servers() < 2 || b.server().servers() < 2) && System.currentTimeMillis() < deadline) {
      sleep(100);
    }
    assertThat(List.of(a.server().servers(), b.server().servers())).containsExactly(2, 2);
    String key = a.server().keys().createKey("team", "dashboard", Role.READ, new KeyStore.Limits(4, null));
    for (TestServer server : List.of(a, b)) {
      ApiClient client = new ApiClient(server.uri(), key);
      long wait = System.currentTimeMillis() + SEEN_WITHIN.toMillis(); // b reads the new key within a second
      while (client.get("/api/traces").status() == 401 && System.currentTimeMillis() < wait) {
        sleep(50);
      }
      assertThat(client.get("/api/traces").status()).as("its second of its 2 on this server").isEqualTo(200);
      ApiResponse over = client.get("/api/traces");
      assertThat(over.status()).as("its third on this server").isEqualTo(429);
      assertThat(over.errorMessage()).contains("over its 4 requests per second (2 on this server, one of 2 sharing it);");
    }
    b.close();
    b = null;
    deadline = System.currentTimeMillis() + 2 * ServerCount.BEAT.toMillis();
    while (a.server().servers() > 1 && System.currentTimeMillis() < deadline) {
      sleep(100);
    }
    assertThat(a.server().servers()).as("b left").isEqualTo(1);
  }

  @Test
  void evaluatorsBackfillsPromptsDatasetsSettingsModelsAndScoreConfigsMadeOnOneAreServedByTheOther() {
    seen(adminB, "/api/keys/current");
    assertThat(adminA.postJson("/api/evaluators", "{\"name\": \"short\", \"kind\": \"length\", \"target\":"
        + " \"generation\", \"config\": {\"max\": 10}}").status()).isEqualTo(201);
    assertThat(adminA.postJson("/api/prompts", "{\"name\": \"greet\", \"prompt\": \"Hi {{name}}\","
        + " \"labels\": [\"production\"]}").status()).isEqualTo(201);
    assertThat(adminA.postJson("/api/datasets", "{\"name\": \"qa\"}").status()).isEqualTo(201);
    assertThat(adminA.postJson("/api/datasets/qa/items", "{\"items\": [{\"input\": \"where?\"}]}").status())
        .isEqualTo(201);
    assertThat(adminA.putJson("/api/settings", "{\"retentionDays\": 30}").status()).isEqualTo(200);
    assertThat(adminA.postJson("/api/models", "{\"id\": \"house-model\", \"match\": \"house-.*\","
        + " \"prices\": [{\"from\": \"2025-01-01\", \"input\": 1.0, \"output\": 4.0}]}").status()).isEqualTo(201);
    assertThat(adminA.putJson("/api/score-configs/helpfulness", "{\"dataType\": \"numeric\", \"min\": 1,"
        + " \"max\": 5}").status()).isEqualTo(201);

    // Prompts and datasets are read from the database on every request; the documents within a second.
    assertThat(adminB.getJson("/api/prompts/greet").path("prompt").asText()).isEqualTo("Hi {{name}}");
    assertThat(adminB.getJson("/api/datasets/qa/items").path("items").get(0).path("input").asText())
        .isEqualTo("where?");
    assertThat(adminB.await("/api/evaluators/short", e -> e.path("version").asInt() == 1, SEEN_WITHIN)
        .path("config").path("max").asInt()).isEqualTo(10);
    adminB.await("/api/settings", s -> s.path("retentionDays").asInt() == 30, SEEN_WITHIN);
    adminB.await("/api/models", m -> m.toString().contains("house-model"), SEEN_WITHIN);
    adminB.await("/api/score-configs", c -> c.toString().contains("helpfulness"), SEEN_WITHIN);

    // And back: b changes the evaluator and the prompt's label, a serves the change.
    assertThat(adminB.putJson("/api/evaluators/short", "{\"name\": \"short\", \"kind\": \"length\","
        + " \"target\": \"generation\", \"config\": {\"max\": 20}}").status()).isEqualTo(200);
    adminA.await("/api/evaluators/short", e -> e.path("version").asInt() == 2, SEEN_WITHIN);
    assertThat(adminB.postJson("/api/prompts", "{\"name\": \"greet\", \"prompt\": \"Hello\"}").json()
        .path("version").asInt()).isEqualTo(2);
    assertThat(adminA.getJson("/api/prompts/greet?label=latest").path("prompt").asText()).isEqualTo("Hello");

    // A backfill runs on the server that started it; every server answers its progress.
    ApiResponse started = adminA.postJson("/api/evaluators/short/run", "{\"from\": \"2026-01-01T00:00:00Z\"}");
    assertThat(started.status()).as(started.toString()).isEqualTo(202);
    String run = "/api/evaluators/short/runs/" + started.json().path("runId").asText();
    assertThat(adminB.await(run, r -> r.path("status").asText().equals("done"), SEEN_WITHIN).path("evaluator")
        .asText()).isEqualTo("short");
    assertThat(adminB.getJson("/api/evaluators/short/runs").path("items")).hasSize(1);

    // One audit log: what was done through a is listed through b.
    assertThat(adminB.getJson("/api/audit").toString()).contains("evaluator.create", "settings.update",
        "prompt.create", "model.put", "evaluator.update");
  }

  @Test
  void createsThroughBothServersAtOnceAllStay() throws Exception {
    seen(adminB, "/api/keys/current");
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Callable<Integer>> creates = new ArrayList<>();
      for (int i = 0; i < 12; i++) {
        ApiClient via = i % 2 == 0 ? adminA : adminB;
        int n = i;
        creates.add(() -> via.postJson("/api/evaluators", "{\"name\": \"e" + n + "\", \"kind\": \"length\","
            + " \"target\": \"generation\", \"config\": {\"max\": 10}}").status());
        creates.add(() -> via.postJson("/api/keys", "{\"name\": \"k" + n + "\", \"role\": \"read\"}").status());
        creates.add(() -> via.postJson("/api/prompts", "{\"name\": \"race\", \"prompt\": \"v" + n + "\"}")
            .status());
        creates.add(() -> via.postJson("/api/datasets", "{\"name\": \"d" + n + "\"}").status());
      }
      for (Future<Integer> f : pool.invokeAll(creates)) {
        assertThat(f.get()).isEqualTo(201);
      }
    } finally {
      pool.shutdownNow();
    }
    for (ApiClient via : List.of(adminA, adminB)) {
      via.await("/api/evaluators", e -> e.path("items").size() == 12, SEEN_WITHIN);
      JsonNode keys = via.await("/api/keys", k -> k.path("items").size() == 13, SEEN_WITHIN);
      assertThat(keys.toString()).contains("\"k0\"", "\"k11\"");
      assertThat(via.getJson("/api/prompts/race?label=latest").path("version").asInt()).isEqualTo(12);
      assertThat(via.getJson("/api/datasets").path("items")).hasSize(12);
    }
  }

  @Test
  void aBackupSaysFirstThatTheStateIsBackedUpWithPgDump() throws Exception {
    String key = a.server().keys().createKey("default", "backup", Role.ADMIN);
    ApiResponse answer = new ApiClient(a.uri(), key).post("/api/backup?dir=" + backups.resolve("b1"), new byte[0]);
    assertThat(answer.status()).isEqualTo(200);
    // The note comes first, whatever follows: the in-memory store has nothing to copy (the backup
    // fails), the DuckDB store (this suite run from dist) is copied.
    assertThat(answer.text()).startsWith("note the shared state (keys, settings").contains("pg_dump")
        .containsPattern("\n(failed|done) ");
  }

  /** Milliseconds until {@code path} answers 200 to this client (fails after 15 s). */
  private static long seen(ApiClient client, String path) {
    long start = System.currentTimeMillis();
    while (client.get(path).status() != 200) {
      assertThat(System.currentTimeMillis() - start).as(path + " still refused").isLessThan(15_000);
      sleep(50);
    }
    return System.currentTimeMillis() - start;
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
