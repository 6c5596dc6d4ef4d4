package dev.sightline.server;

import static dev.sightline.server.testing.Batch.arr;
import static dev.sightline.server.testing.Batch.obj;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sightline.server.testing.ApiClient;
import dev.sightline.server.testing.ApiResponse;
import dev.sightline.server.testing.Batch;
import dev.sightline.server.testing.TestServer;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code GET /api/metrics} over HTTP: the success, mean and time-to-first-token fields, the groups by
 * organization, release, tag and prompt version, CSV answers, and the 400s naming the parameter.
 */
class MetricsApiTest {
  private static final long MS = 1000;
  private static final long S = 1_000_000;

  @TempDir static Path data;
  static TestServer server;
  static ApiClient api;
  static final long T0 = (Batch.nowMicros() - 600 * S) / S * S;
  /** One bucket holding every row: the point's fields are the totals. */
  static final String RANGE = "from=" + (T0 - 60 * S) + "&to=" + (T0 + 3600 * S) + "&bucket=" + (T0 + 3600 * S) + "us";

  @BeforeAll
  static void start() {
    server = TestServer.start(data);
    api = server.newProject();
    String t1 = Batch.traceId();
    String t2 = Batch.traceId();
    String t3 = Batch.traceId();
    api.ingestOk(Batch.of()
        .trace("traceId", t1, "status", "success", "organization", obj("id", "org-1"), "release", "1.0",
            "tags", arr("vip", "b, \"c\""), "startTime", T0, "endTime", T0 + 100 * MS)
        .trace("traceId", t2, "status", "failure", "organization", obj("id", "org-1"), "release", "1.1",
            "tags", arr("=cmd"), "startTime", T0 + S, "endTime", T0 + S + 200 * MS)
        .trace("traceId", t3, "status", "success", "startTime", T0 + 2 * S, "endTime", T0 + 2 * S + 250 * MS)
        .span("traceId", t1, "spanId", Batch.spanId(), "type", "generation", "status", "success",
            "startTime", T0, "completionStartTime", T0 + 300 * MS, "endTime", T0 + 900 * MS,
            "prompt", obj("slug", "greet", "version", 3))
        .span("traceId", t2, "spanId", Batch.spanId(), "type", "generation", "startTime", T0 + S,
            "completionStartTime", T0 + S + 500 * MS, "endTime", T0 + 2 * S,
            "prompt", obj("slug", "greet", "version", "v2"))
        .span("traceId", t3, "spanId", Batch.spanId(), "type", "tool", "startTime", T0 + 2 * S,
            "endTime", T0 + 2 * S + 10 * MS));
    api.await("/api/metrics?" + RANGE + "&entity=spans", m -> m.path("points").get(0).path("count").asLong() == 3);
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @Test
  void pointsCarrySuccessesTheMeanAndTimeToFirstToken() {
    JsonNode traces = api.getJson("/api/metrics?" + RANGE).path("points").get(0);
    assertThat(traces.path("count").asLong()).isEqualTo(3);
    assertThat(traces.path("successes").asLong()).isEqualTo(2);
    assertThat(traces.path("successRate").asText()).isEqualTo("0.666666666666667");
    assertThat(traces.path("avg").asLong()).as("(100 + 200 + 250) ms / 3").isEqualTo(183_333);
    assertThat(traces.path("ttftP95").isNull()).as("traces have no time to first token").isTrue();

    JsonNode spans = api.getJson("/api/metrics?" + RANGE + "&entity=spans").path("points").get(0);
    assertThat(spans.path("successes").asLong()).isEqualTo(1);
    assertThat(spans.path("ttftP50").asLong()).as("between 300 and 500 ms").isEqualTo(400 * MS);
    assertThat(spans.path("ttftP95").asLong()).isEqualTo(490 * MS);
  }

  @Test
  void groupsByOrganizationReleaseTagAndPromptVersion() {
    assertThat(counts("groupBy=organization")).containsOnly(Map.entry("org-1", 2L), Map.entry("(none)", 1L));
    assertThat(counts("groupBy=release")).containsOnly(Map.entry("1.0", 1L), Map.entry("1.1", 1L),
        Map.entry("(none)", 1L));
    assertThat(counts("groupBy=tag")).as("a trace counts in each of its tags")
        .containsOnly(Map.entry("vip", 1L), Map.entry("b, \"c\"", 1L), Map.entry("=cmd", 1L), Map.entry("(none)", 1L));
    assertThat(counts("groupBy=organization&entity=spans")).as("a span's organization is its trace's")
        .containsOnly(Map.entry("org-1", 2L), Map.entry("(none)", 1L));
    assertThat(counts("groupBy=promptVersion&entity=spans"))
        .containsOnly(Map.entry("greet@3", 1L), Map.entry("greet@v2", 1L), Map.entry("(none)", 1L));
  }

  @Test
  void csvHasAHeaderAndALinePerPointQuotedAsRfc4180() {
    ApiResponse csv = api.get("/api/metrics?" + RANGE + "&groupBy=tag&format=csv");
    assertThat(csv.status()).isEqualTo(200);
    assertThat(csv.header("content-type")).hasValue("text/csv; charset=utf-8");
    long bucket = 0; // one bucket as long as the epoch is old
    String[] lines = csv.text().split("\r\n", -1);
    assertThat(lines).containsExactly(
        "bucketStart,group,count,errors,successes,successRate,avg,p50,p95,p99,ttftP50,ttftP95,ttftP99,"
            + "inputTokens,outputTokens,totalTokens,cost",
        bucket + ",,1,0,1,1,250000,250000,250000,250000,,,,0,0,0,0",
        bucket + ",'=cmd,1,1,0,0,200000,200000,200000,200000,,,,0,0,0,0",
        bucket + ",\"b, \"\"c\"\"\",1,0,1,1,100000,100000,100000,100000,,,,0,0,0,0",
        bucket + ",vip,1,0,1,1,100000,100000,100000,100000,,,,0,0,0,0",
        "");

    String iso = api.get("/api/metrics?" + RANGE + "&format=csv&time=iso").text().split("\r\n")[1];
    assertThat(iso).startsWith("1970-01-01T00:00:00.000000Z,,3,1,2,0.666666666666667,183333,");
    assertThat(api.get("/api/metrics?" + RANGE + "&format=json").json().path("points").size()).isEqualTo(1);
  }

  @Test
  void badParametersAreRefusedNamingThem() {
    assertThat(api.get("/api/metrics?format=xml").errorMessage()).isEqualTo("format: must be json or csv");
    assertThat(api.get("/api/metrics?groupBy=promptVersion").errorMessage())
        .isEqualTo("groupBy: promptVersion applies to spans only");
    ApiResponse unknown = api.get("/api/metrics?groupBy=tags");
    assertThat(unknown.status()).isEqualTo(400);
    assertThat(unknown.errorMessage()).startsWith("groupBy: must be one of").contains("organization", "promptVersion");
  }

  /** Rows per group over the whole range, the absent group as "(none)". */
  private static Map<String, Long> counts(String query) {
    Map<String, Long> counts = new HashMap<>();
    for (JsonNode p : api.getJson("/api/metrics?" + RANGE + "&" + query).path("points")) {
      counts.merge(p.path("group").isNull() ? "(none)" : p.path("group").asText(), p.path("count").asLong(), Long::sum);
    }
    return counts;
  }
}
