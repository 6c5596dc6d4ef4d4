package dev.sightline.server.evaluation;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sightline.core.model.Row;
import dev.sightline.core.model.Schema;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class ScoreRowsTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Subject SPAN = new Subject("p1", "0af7651916cd43dd8448eb211c80319c", "b7ad6b7169203331",
      "generation", "chat", "gpt-4o", "\"hi\"", "\"hello\"", null, null, 1000L, null);

  @Test
  void verdictRowCarriesTheJudgementAndItsMetadataInOrder() throws Exception {
    Map<String, Object> details = new LinkedHashMap<>();
    details.put("email", 2);
    details.put("phone", 1);
    String id = ScoreRows.id("pii", 3, SPAN.traceId(), SPAN.spanId());
    Row row = ScoreRows.verdict(id, SPAN, "pii", 3, "pii", 42L, new Verdict(3.0, "found", "email: 2, phone: 1", details));

    assertThat(row.string(Schema.SCORE_ID)).isEqualTo(id);
    assertThat(row.string(Schema.NAME)).isEqualTo("pii");
    assertThat(row.string(Schema.SOURCE)).isEqualTo("evaluator");
    assertThat(row.string(Schema.SPAN_ID)).isEqualTo(SPAN.spanId());
    assertThat(row.doubleValue(Schema.VALUE)).isEqualTo(3.0);
    assertThat(row.string(Schema.LABEL)).isEqualTo("found");
    assertThat(row.string(Schema.COMMENT)).isEqualTo("email: 2, phone: 1");
    assertThat(row.string(Schema.METADATA))
        .isEqualTo("{\"evaluatorVersion\":3,\"kind\":\"pii\",\"error\":false,\"email\":2,\"phone\":1}");
  }

  @Test
  void errorRowHasNoValueAndLeavesOutAnUnknownKind() throws Exception {
    Row row = ScoreRows.error(SPAN, "missing", 0, null, 42L, "the project has no evaluator missing");

    assertThat(row.get(Schema.VALUE)).isNull();
    assertThat(row.string(Schema.LABEL)).isEqualTo(ScoreRows.ERROR);
    JsonNode meta = JSON.readTree(row.string(Schema.METADATA));
    assertThat(meta.has("kind")).isFalse();
    assertThat(meta.path("error").asBoolean()).isTrue();
    assertThat(row.string(Schema.SCORE_ID)).isEqualTo(ScoreRows.id("missing", 0, SPAN.traceId(), SPAN.spanId()));
  }

  @Test
  void detailsOfOtherTypesAreWrittenAsJson() throws Exception {
    Map<String, Object> details = new LinkedHashMap<>();
    details.put("missing", List.of("a \"b\"", "c"));
    details.put("ratio", 0.5);
    details.put("note", "line\nbreak");
    Row row = ScoreRows.verdict("x", SPAN, "c", 1, "contains", 1L, new Verdict(0.0, "fail", null, details));

    JsonNode meta = JSON.readTree(row.string(Schema.METADATA));
    assertThat(meta.path("missing").get(0).asText()).isEqualTo("a \"b\"");
    assertThat(meta.path("ratio").asDouble()).isEqualTo(0.5);
    assertThat(meta.path("note").asText()).isEqualTo("line\nbreak");
  }

  @Test
  void idIsTheFirstHalfOfTheSha256OfEvaluatorVersionTraceAndSpanOnEveryThread() throws Exception {
    String expected = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
        .digest(("pii\n3\n" + SPAN.traceId() + "\n" + SPAN.spanId()).getBytes(StandardCharsets.UTF_8)), 0, 16);
    String traceOnly = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
        .digest(("pii\n3\n" + SPAN.traceId() + "\n").getBytes(StandardCharsets.UTF_8)), 0, 16);
    assertThat(ScoreRows.id("pii", 3, SPAN.traceId(), null)).isEqualTo(traceOnly);

    Map<String, Boolean> seen = new ConcurrentHashMap<>();
    ExecutorService pool = Executors.newFixedThreadPool(4);
    for (int i = 0; i < 400; i++) {
      pool.execute(() -> seen.put(ScoreRows.id("pii", 3, SPAN.traceId(), SPAN.spanId()), true));
    }
    pool.shutdown();
    assertThat(pool.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
    assertThat(seen).containsOnlyKeys(expected);
  }
}
