package dev.sightline.server;

import static dev.sightline.server.testing.Batch.arr;
import static dev.sightline.server.testing.Batch.message;
import static dev.sightline.server.testing.Batch.obj;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sightline.server.auth.Role;
import dev.sightline.server.testing.ApiClient;
import dev.sightline.server.testing.ApiResponse;
import dev.sightline.server.testing.Batch;
import dev.sightline.server.testing.TestServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Datasets over real HTTP: creation and its refusals, items given or copied from stored spans and
 * from the generations of a trace filter, paging, archiving, the JSONL export, a restart, and a
 * run's results judged by the dataset's evaluators with the scores stored on the run's traces.
 */
class DatasetEndToEndTest {
  private static final String QA = "{\"name\": \"qa\", \"description\": \"support answers\", \"evaluators\": "
      + "[{\"name\": \"mentions-parcel\", \"kind\": \"contains\", \"config\": {\"values\": [\"parcel\"]}},"
      + " {\"name\": \"short\", \"kind\": \"length\", \"config\": {\"max\": 20}}]}";
  @TempDir Path data;

  @Test
  void datasetsAreCreatedOnceAndBadDefinitionsAreRefusedNamingTheField() throws Exception {
    try (TestServer server = TestServer.builder(data).withoutOtlpGrpc().start()) {
      ApiClient api = server.newProject();
      ApiResponse created = api.postJson("/api/datasets", QA);
      assertThat(created.status()).as(created.text()).isEqualTo(201);
      assertThat(created.json().path("evaluators").get(1).path("config").path("max").asInt()).isEqualTo(20);
      assertThat(api.postJson("/api/datasets", QA).status()).isEqualTo(409);
      assertThat(api.postJson("/api/datasets", "{\"name\": \"../x\"}").errorMessage())
          .isEqualTo("name: must match [a-z0-9][a-z0-9._-]{0,63}");
      assertThat(api.postJson("/api/datasets", "{\"name\": \"a\", \"colour\": 1}").errorMessage())
          .startsWith("colour: unknown field");
      assertThat(api.postJson("/api/datasets", "{\"name\": \"a\", \"evaluators\": [{\"name\": \"r\", "
          + "\"kind\": \"regex\", \"config\": {\"pattern\": \"(\"}}]}").errorMessage())
          .startsWith("evaluators[0].config.pattern: ");
      assertThat(api.postJson("/api/datasets", "{\"name\": \"a\", \"evaluators\": [{\"name\": \"r\", "
          + "\"kind\": \"telepathy\"}]}").errorMessage()).startsWith("evaluators[0].kind: must be one of");
      assertThat(api.getJson("/api/datasets").path("items")).extracting(d -> d.path("name").asText())
          .containsExactly("qa");
      assertThat(server.newProject().getJson("/api/datasets").path("items")).isEmpty();
      assertThat(api.get("/api/datasets/nope").status()).isEqualTo(404);
      assertThat(api.postJson("/api/datasets/nope/items", "{\"input\": 1}").status()).isEqualTo(404);
      String project = server.server().keys().projectOf(api.key()).orElseThrow();
      ApiClient reader = api.withKey(server.server().keys().createKey(project, "dash", Role.READ));
      assertThat(reader.postJson("/api/datasets", QA.replace("\"qa\"", "\"qb\"")).status()).isEqualTo(403);
    }
  }

  @Test
  void itemsFromSpansTracesAndBodiesArePagedArchivedExportedAndSurviveARestart() throws Exception {
    String trace = Batch.traceId();
    String generation = Batch.spanId();
    String tool = Batch.spanId();
    String other = Batch.traceId();
    List<String> ids = new ArrayList<>();
    try (TestServer server = TestServer.builder(data).withoutOtlpGrpc().start()) {
      ApiClient api = server.client(server.createProject("shop"));
      api.ingestOk(Batch.of()
          .trace("traceId", trace, "feature", "support", "input", "where is my parcel?", "output", "tomorrow")
          .span("traceId", trace, "spanId", generation, "type", "generation", "model", "m",
              "input", arr(message("user", "where is my parcel?")), "output", message("assistant", "It ships tomorrow."))
          .span("traceId", trace, "spanId", tool, "type", "tool", "input", obj("id", 7), "output", "ok")
          .trace("traceId", other, "feature", "billing")
          .span("traceId", other, "spanId", Batch.spanId(), "type", "generation", "input", "invoice?", "output", "sent"));
      api.awaitTrace(trace, 2);
      api.awaitTrace(other, 1);
      assertThat(api.postJson("/api/datasets", QA).status()).isEqualTo(201);

      ApiResponse fromSpan = api.postJson("/api/datasets/qa/items",
          "{\"fromSpan\": {\"traceId\": \"" + trace + "\", \"spanId\": \"" + generation + "\"}}");
      assertThat(fromSpan.status()).as(fromSpan.text()).isEqualTo(201);
      JsonNode copied = fromSpan.json().path("items").get(0);
      assertThat(copied.path("input").get(0).path("content").asText()).isEqualTo("where is my parcel?");
      assertThat(copied.path("expectedOutput").path("content").asText()).isEqualTo("It ships tomorrow.");
      assertThat(copied.path("sourceTraceId").asText()).isEqualTo(trace);
      assertThat(copied.path("sourceSpanId").asText()).isEqualTo(generation);
      ids.add(copied.path("id").asText());

      JsonNode wholeTrace = api.postJson("/api/datasets/qa/items", "{\"fromSpan\": {\"traceId\": \"" + trace + "\"}}")
          .json().path("items").get(0);
      assertThat(wholeTrace.path("input").asText()).isEqualTo("where is my parcel?");
      assertThat(wholeTrace.path("expectedOutput").asText()).isEqualTo("tomorrow");
      assertThat(wholeTrace.has("sourceSpanId")).isFalse();
      ids.add(wholeTrace.path("id").asText());

      ApiResponse missing = api.postJson("/api/datasets/qa/items",
          "{\"fromSpan\": {\"traceId\": \"" + trace + "\", \"spanId\": \"" + Batch.spanId() + "\"}}");
      assertThat(missing.status()).isEqualTo(404);
      assertThat(missing.errorMessage()).startsWith("fromSpan: the project has no stored span");
      assertThat(server.newProject().postJson("/api/datasets", QA).status()).isEqualTo(201);

      ApiResponse list = api.postJson("/api/datasets/qa/items", "{\"items\": [{\"input\": {\"q\": \"a\"}, "
          + "\"expectedOutput\": \"b\", \"metadata\": {\"difficulty\": \"easy\"}}, {\"input\": \"c\"}]}");
      assertThat(list.status()).isEqualTo(201);
      list.json().path("items").forEach(i -> ids.add(i.path("id").asText()));
      assertThat(api.postJson("/api/datasets/qa/items", "{\"items\": [{\"input\": 1}, {\"inptu\": 2}]}").errorMessage())
          .startsWith("items[1].inptu: unknown field");
      assertThat(api.postJson("/api/datasets/qa/items", "{\"input\": \"" + "x".repeat(1 << 20) + "\"}").errorMessage())
          .isEqualTo("input: 1048578 bytes of JSON, more than the limit of 1048576");
      assertThat(api.postJson("/api/datasets/qa/items", "{\"metadata\": 3}").errorMessage())
          .isEqualTo("metadata: must be an object");

      ApiResponse generations = api.postJson("/api/datasets/qa/items/from-traces?feature=support", "");
      assertThat(generations.status()).as(generations.text()).isEqualTo(201);
      assertThat(generations.json().path("added").asInt()).isEqualTo(1);
      assertThat(generations.json().path("traces").asInt()).isEqualTo(1);
      assertThat(generations.json().path("items").get(0).path("sourceSpanId").asText()).isEqualTo(generation);
      ids.add(generations.json().path("items").get(0).path("id").asText());
      assertThat(api.postJson("/api/datasets/qa/items/from-traces?feture=support", "").errorMessage())
          .startsWith("feture: unknown parameter");

      JsonNode first = api.getJson("/api/datasets/qa/items?limit=3");
      assertThat(ApiClient.field(first, "id")).containsExactlyElementsOf(ids.subList(0, 3));
      JsonNode second = api.getJson("/api/datasets/qa/items?limit=3&cursor=" + first.path("nextCursor").asText());
      assertThat(ApiClient.field(second, "id")).containsExactlyElementsOf(ids.subList(3, 5));
      assertThat(second.path("nextCursor").isNull()).isTrue();

      ApiResponse archived = api.patchJson("/api/datasets/qa/items/" + ids.get(1), "{\"archived\": true}");
      assertThat(archived.status()).isEqualTo(200);
      assertThat(archived.json().path("archived").asBoolean()).isTrue();
      assertThat(api.patchJson("/api/datasets/qa/items/" + ids.get(1), "{\"archived\": \"yes\"}").errorMessage())
          .isEqualTo("archived: required, true or false");
      assertThat(api.patchJson("/api/datasets/qa/items/nope", "{\"archived\": true}").status()).isEqualTo(404);
      assertThat(ApiClient.field(api.getJson("/api/datasets/qa/items?archived=true"), "id")).containsExactly(ids.get(1));
      assertThat(api.getJson("/api/datasets/qa/items").path("items")).hasSize(4);
      assertThat(api.getJson("/api/datasets/qa").path("archivedItems").asInt()).isEqualTo(1);

      ApiResponse export = api.get("/api/datasets/qa/items.jsonl?archived=all");
      assertThat(export.status()).isEqualTo(200);
      List<String> lines = export.text().lines().toList();
      assertThat(lines).hasSize(5);
      assertThat(ApiClient.parse(lines.get(1)).path("archived").asBoolean()).isTrue();
      assertThat(Files.readString(data.resolve("audit.jsonl"))).contains("dataset.create", "dataset.items.add");
    }
    try (TestServer server = TestServer.builder(data).withoutOtlpGrpc().start()) {
      ApiClient api = server.client("shop");
      assertThat(ApiClient.field(api.getJson("/api/datasets/qa/items?archived=all&limit=10"), "id"))
          .containsExactlyElementsOf(ids);
    }
  }

  @Test
  void aRunsOutputsAreJudgedAndTheirScoresStoredOnTheirTraces() {
    try (TestServer server = TestServer.builder(data).withoutOtlpGrpc().start()) {
      ApiClient api = server.newProject();
      api.postJson("/api/datasets", QA);
      JsonNode items = api.postJson("/api/datasets/qa/items", "{\"items\": [{\"input\": \"where?\", "
          + "\"expectedOutput\": \"in the parcel box\"}, {\"input\": \"when?\"}, {\"input\": \"who?\"}]}").json().path("items");
      String t1 = Batch.traceId();
      String t2 = Batch.traceId();
      String t3 = Batch.traceId();
      ApiResponse report = api.postJson("/api/datasets/qa/runs/run-1/items", "{\"items\": ["
          + "{\"itemId\": \"" + items.get(0).path("id").asText() + "\", \"traceId\": \"" + t1 + "\", \"output\": \"your parcel\"},"
          + "{\"itemId\": \"" + items.get(1).path("id").asText() + "\", \"traceId\": \"" + t2 + "\","
          + " \"output\": \"a very long answer without the word\"},"
          + "{\"itemId\": \"" + items.get(2).path("id").asText() + "\", \"traceId\": \"" + t3 + "\", \"error\": \"boom\"}]}");
      assertThat(report.status()).as(report.text()).isEqualTo(200);
      assertThat(report.json().path("items").get(0).path("scores")).extracting(s -> s.path("name").asText() + " "
          + s.path("label").asText()).containsExactly("mentions-parcel pass", "short pass");
      assertThat(report.json().path("items").get(2).path("scores")).isEmpty();

      JsonNode scores = api.await("/api/scores?traceId=" + t2, r -> r.path("items").size() == 2).path("items");
      assertThat(scores).extracting(s -> s.path("name").asText() + " " + s.path("value").asDouble() + " "
          + s.path("source").asText()).containsExactlyInAnyOrder("mentions-parcel 0.0 evaluator", "short 0.0 evaluator");
      assertThat(scores.get(0).path("metadata").path("datasetRun").asText()).isEqualTo("run-1");

      JsonNode runs = api.getJson("/api/datasets/qa/runs").path("items");
      assertThat(runs).hasSize(1);
      assertThat(runs.get(0).path("items").asInt()).isEqualTo(3);
      assertThat(runs.get(0).path("errors").asInt()).isEqualTo(1);
      assertThat(runs.get(0).path("scores").path("mentions-parcel").path("avg").asDouble()).isEqualTo(0.5);
      JsonNode run = api.getJson("/api/datasets/qa/runs/run-1");
      assertThat(run.path("items").get(0).path("expectedOutput").asText()).isEqualTo("in the parcel box");
      assertThat(run.path("items").get(2).path("error").asText()).isEqualTo("boom");
      assertThat(api.get("/api/datasets/qa/runs/run-2").status()).isEqualTo(404);

      assertThat(api.postJson("/api/datasets/qa/runs/run-1/items", "{\"itemId\": \"nope\", \"traceId\": \"" + t1 + "\"}")
          .errorMessage()).isEqualTo("itemId: the dataset has no item nope");
      assertThat(api.postJson("/api/datasets/qa/runs/bad run/items".replace(" ", "%20"), "{}").errorMessage())
          .startsWith("run: must match");
    }
  }
}
