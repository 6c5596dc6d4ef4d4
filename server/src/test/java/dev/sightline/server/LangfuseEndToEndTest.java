package dev.sightline.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sightline.server.auth.Role;
import dev.sightline.server.testing.ApiClient;
import dev.sightline.server.testing.ApiResponse;
import dev.sightline.server.testing.Otlp;
import dev.sightline.server.testing.TestServer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Langfuse's endpoints over real HTTP, as its SDKs call them: HTTP Basic {@code publicKey:secretKey}
 * with a Sightline key as the secret, OTLP at {@code /api/public/otel/v1/traces} and the batch
 * ingestion API at {@code /api/public/ingestion} with its 207 answer, read back through the query API.
 */
class LangfuseEndToEndTest {
  private static final String INGESTION = "/api/public/ingestion";
  private static final String OTEL = "/api/public/otel/v1/traces";
  @TempDir static Path data;
  static TestServer server;

  @BeforeAll
  static void start() {
    server = TestServer.builder(data).withoutOtlpGrpc().start();
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  private static String basic(String publicKey, String secretKey) {
    return "Basic " + Base64.getEncoder().encodeToString((publicKey + ":" + secretKey).getBytes(StandardCharsets.UTF_8));
  }

  private static ApiResponse post(ApiClient api, String path, byte[] body, String type, String authorization) {
    return api.withKey(null).post(path, body, "Content-Type", type, "Authorization", authorization);
  }

  @Test
  void otlpWithBasicCredentialsMapsLangfuseAttributesInBothEncodings() {
    ApiClient api = server.newProject();
    var request = Otlp.request(List.of("service.name", "support-bot"),
        Otlp.span(Otlp.ROOT, "support-agent", "langfuse.observation.type", "agent",
            "langfuse.user.id", "user-7", "langfuse.session.id", "session-42"),
        Otlp.child(Otlp.CHILD, "draft", "langfuse.observation.type", "generation",
            "langfuse.observation.model.name", "gpt-4o-mini",
            "langfuse.observation.usage_details", "{\"input\": 420, \"output\": 85}"));
    ApiResponse proto = post(api, OTEL, request.toByteArray(), "application/x-protobuf", basic("pk-lf-any", api.key()));
    assertThat(proto.status()).as(proto.toString()).isEqualTo(200);
    JsonNode tree = api.awaitTrace(Otlp.TRACE, 2);
    assertThat(tree.path("trace").path("user").path("id").asText()).isEqualTo("user-7");
    assertThat(tree.path("trace").path("sessionId").asText()).isEqualTo("session-42");
    JsonNode generation = tree.path("spans").get(0).path("children").get(0);
    assertThat(generation.path("type").asText()).isEqualTo("generation");
    assertThat(generation.path("model").asText()).isEqualTo("gpt-4o-mini");
    assertThat(generation.path("inputTokens").asLong()).isEqualTo(420);

    ApiClient other = server.newProject();
    ApiResponse json = post(other, OTEL, Otlp.json(request), "application/json", basic("", other.key()));
    assertThat(json.status()).as(json.toString()).isEqualTo(200);
    assertThat(other.awaitTrace(Otlp.TRACE, 2).path("trace").path("user").path("id").asText()).isEqualTo("user-7");
  }

  @Test
  void basicCredentialsAreCheckedLikeBearerKeysAndOnlyUnderApiPublic() throws Exception {
    ApiClient api = server.newProject();
    byte[] empty = "{\"batch\": []}".getBytes(StandardCharsets.UTF_8);
    ApiResponse wrong = post(api, INGESTION, empty, "application/json", basic("pk-lf-1", "sk-lf-not-a-key"));
    assertThat(wrong.status()).isEqualTo(401);
    assertThat(wrong.errorMessage()).isEqualTo("unknown API key");
    ApiResponse none = api.withKey(null).post(OTEL, empty, "Content-Type", "application/json");
    assertThat(none.status()).isEqualTo(401);
    assertThat(none.errorMessage()).contains("Basic base64(publicKey:secretKey)");
    ApiResponse notBase64 = post(api, INGESTION, empty, "application/json", "Basic %%%");
    assertThat(notBase64.status()).isEqualTo(401);
    assertThat(post(api, "/api/traces", empty, "application/json", basic("pk", api.key())).status()).isEqualTo(401);
    assertThat(api.withKey(null).get("/api/traces", "Authorization", basic("pk", api.key())).errorMessage())
        .isEqualTo("missing API key: send 'Authorization: Bearer <key>'");
    String project = server.server().keys().projectOf(api.key()).orElseThrow();
    String reader = server.server().keys().createKey(project, "dash", Role.READ);
    assertThat(post(api, INGESTION, empty, "application/json", basic("pk", reader)).status()).isEqualTo(403);
    ApiResponse bearer = api.post(INGESTION, empty, "Content-Type", "application/json");
    assertThat(bearer.status()).isEqualTo(207);
    assertThat(bearer.json().path("successes")).isEmpty();
    // Langfuse's read APIs are not served: a known key gets a 404, not the web UI.
    ApiResponse read = api.withKey(null).get("/api/public/traces", "Authorization", basic("pk", api.key()));
    assertThat(read.status()).isEqualTo(404);
  }

  @Test
  void theIngestionApiStoresValidEventsAndAnswersEveryEventById() {
    ApiClient api = server.newProject();
    String trace = "7f3c9a2e-5b1d-4c8e-9f0a-1b2c3d4e5f60";
    String hex = trace.replace("-", "");
    String body = """
        {"batch": [
          {"id": "ev-1", "type": "trace-create", "timestamp": "2026-12-06T10:00:00.000Z", "body": {
            "id": "%1$s", "timestamp": "2026-12-06T10:00:00.000Z", "name": "support-chat", "userId": "user-7",
            "sessionId": "session-42", "release": "1.2.0", "tags": ["vip"], "input": "Where is my parcel?"}},
          {"id": "ev-2", "type": "span-create", "timestamp": "2026-12-06T10:00:00.100Z", "body": {
            "id": "agent-1", "traceId": "%1$s", "name": "support-agent", "startTime": "2026-12-06T10:00:00.100Z"}},
          {"id": "ev-3", "type": "generation-create", "timestamp": "2026-12-06T10:00:00.200Z", "body": {
            "id": "gen-1", "traceId": "%1$s", "parentObservationId": "agent-1", "name": "draft",
            "startTime": "2026-12-06T10:00:00.200Z", "model": "gpt-4o-mini",
            "usageDetails": {"input": 420, "output": 85}, "costDetails": {"total": 0.00123}}},
          {"id": "ev-4", "type": "generation-update", "timestamp": "2026-12-06T10:00:01.000Z", "body": {
            "id": "gen-1", "traceId": "%1$s", "endTime": "2026-12-06T10:00:01.000Z", "output": "It ships tomorrow."}},
          {"id": "ev-5", "type": "span-update", "timestamp": "2026-12-06T10:00:01.100Z", "body": {
            "id": "agent-1", "traceId": "%1$s", "endTime": "2026-12-06T10:00:01.100Z"}},
          {"id": "ev-6", "type": "score-create", "timestamp": "2026-12-06T10:00:02.000Z", "body": {
            "id": "score-1", "traceId": "%1$s", "name": "user-feedback", "value": 1, "comment": "quick"}},
          {"id": "ev-7", "type": "sdk-log", "timestamp": "2026-12-06T10:00:02.000Z", "body": {"log": "flushed"}},
          {"id": "ev-8", "type": "generation-create", "timestamp": "2026-12-06T10:00:02.000Z", "body": {
            "id": "gen-2", "traceId": "%1$s", "usageDetails": {"input": -5}}}
        ], "metadata": {"batch_size": 8, "sdk_name": "langfuse-js"}}
        """.formatted(trace);
    ApiResponse r = post(api, INGESTION, body.getBytes(StandardCharsets.UTF_8), "application/json",
        basic("pk-lf-1", api.key()));
    assertThat(r.status()).as(r.toString()).isEqualTo(207);
    JsonNode answer = r.json();
    assertThat(ApiClient.values(answer.path("successes"), "id"))
        .containsExactly("ev-1", "ev-2", "ev-3", "ev-4", "ev-5", "ev-6", "ev-7");
    assertThat(answer.path("successes").get(0).path("status").asInt()).isEqualTo(201);
    JsonNode error = answer.path("errors").get(0);
    assertThat(error.path("id").asText()).isEqualTo("ev-8");
    assertThat(error.path("status").asInt()).isEqualTo(400);
    assertThat(error.path("message").asText()).isEqualTo("body.usageDetails: must be an integer from 0 to 9007199254740991");
    assertThat(error.path("error").asText()).isEqualTo("Invalid request data");

    JsonNode tree = api.awaitTrace(hex, t -> t.path("totals").path("spanCount").asInt() == 2
        && t.path("scores").size() == 1 && t.path("spans").get(0).path("children").get(0).has("endTime"));
    JsonNode t = tree.path("trace");
    assertThat(t.path("name").asText()).isEqualTo("support-chat");
    assertThat(t.path("referenceId").asText()).isEqualTo(trace);
    assertThat(t.path("user").path("id").asText()).isEqualTo("user-7");
    assertThat(t.path("sessionId").asText()).isEqualTo("session-42");
    assertThat(tree.path("totals").path("inputTokens").asLong()).isEqualTo(420);
    JsonNode agent = tree.path("spans").get(0);
    assertThat(agent.path("name").asText()).isEqualTo("support-agent");
    assertThat(agent.path("duration").asLong()).isEqualTo(1_000_000);
    JsonNode generation = agent.path("children").get(0);
    assertThat(generation.path("type").asText()).isEqualTo("generation");
    assertThat(generation.path("model").asText()).isEqualTo("gpt-4o-mini");
    assertThat(generation.path("outputTokens").asLong()).isEqualTo(85);
    assertThat(generation.path("cost").asDouble()).isEqualTo(0.00123);
    assertThat(generation.path("output").asText()).isEqualTo("It ships tomorrow.");
    assertThat(generation.path("referenceId").asText()).isEqualTo("gen-1");
    assertThat(tree.path("scores").get(0).path("scoreId").asText()).isEqualTo("score-1");
    assertThat(api.getJson("/api/references/" + trace).path("trace").path("traceId").asText()).isEqualTo(hex);
  }

  @Test
  void aBodyThatIsNoIngestionBatchIsA400AndStoresNothing() {
    ApiClient api = server.newProject();
    ApiResponse r = post(api, INGESTION, "{\"events\": []}".getBytes(StandardCharsets.UTF_8), "application/json",
        basic("pk", api.key()));
    assertThat(r.status()).isEqualTo(400);
    assertThat(r.errorMessage()).isEqualTo("batch: required, an array of events");
    ApiResponse gzip = api.post(INGESTION, new byte[] {31, -117}, "Content-Type", "application/json",
        "Content-Encoding", "gzip");
    assertThat(gzip.status()).isEqualTo(415);
    ApiResponse text = api.post(INGESTION, new byte[0], "Content-Type", "text/plain");
    assertThat(text.status()).isEqualTo(415);
  }
}
