package dev.sightline.server.langfuse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sightline.core.codec.DecodedBatch;
import dev.sightline.core.codec.IngestException;
import dev.sightline.core.codec.NativeDecoder;
import dev.sightline.core.model.Row;
import dev.sightline.core.model.Schema;
import dev.sightline.core.model.Table;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Langfuse's ingestion events as native rows: each event translated, then decoded by the native
 * decoder exactly as the server does, and the results named by event id.
 */
class IngestionBatchTest {
  private static final String TRACE_UUID = "0b8c3f6e-1d2a-4e5f-9a7b-3c4d5e6f7a8b";
  private static final String TRACE_HEX = "0b8c3f6e1d2a4e5f9a7b3c4d5e6f7a8b";

  private static DecodedBatch decode(IngestionBatch batch) {
    return new NativeDecoder().decode(batch.nativeRequest(), "p", 1_800_000_000_000_000L);
  }

  private static IngestionBatch translate(String events) {
    return IngestionBatch.translate(("{\"batch\": [" + events + "], \"metadata\": {\"sdk_name\": \"js\"}}")
        .getBytes(StandardCharsets.UTF_8));
  }

  private static Row row(DecodedBatch batch, Table table, int nth) {
    return batch.rows().stream().filter(r -> r.table() == table).skip(nth).findFirst().orElseThrow();
  }

  @Test
  void aTraceKeepsItsUuidAsHexAndItsFieldsMapOntoTheTrace() {
    DecodedBatch d = decode(translate("""
        {"id": "e1", "type": "trace-create", "timestamp": "2026-12-06T10:00:00.000Z", "body": {
          "id": "%s", "timestamp": "2026-12-06T10:00:00.000Z", "name": "support-chat", "userId": "user-7",
          "sessionId": "session-42", "release": "1.2.0", "version": "v3", "environment": "production",
          "input": {"q": "Where is my parcel?"}, "output": "tomorrow", "metadata": {"channel": "web"},
          "tags": ["vip"], "public": true, "unknownField": 1}}
        """.formatted(TRACE_UUID)));
    assertThat(d.errors()).isEmpty();
    Row trace = row(d, Table.TRACES, 0);
    assertThat(trace.string(Schema.TRACE_ID)).isEqualTo(TRACE_HEX);
    assertThat(trace.string(Schema.REFERENCE_ID)).isEqualTo(TRACE_UUID);
    assertThat(trace.string(Schema.NAME)).isEqualTo("support-chat");
    assertThat(trace.string(Schema.USER_ID)).isEqualTo("user-7");
    assertThat(trace.string(Schema.SESSION_ID)).isEqualTo("session-42");
    assertThat(trace.string(Schema.RELEASE)).isEqualTo("1.2.0");
    assertThat(trace.string(Schema.ENVIRONMENT)).isEqualTo("production");
    assertThat(trace.list(Schema.TAGS)).containsExactly("vip");
    assertThat(trace.longValue(Schema.START_TIME)).isEqualTo(1_796_551_200_000_000L);
    assertThat(trace.get(Schema.METADATA).toString()).contains("\"channel\":\"web\"", "\"public\":true");
    assertThat(trace.get(Schema.ATTRIBUTES).toString()).contains("\"version\":\"v3\"");
  }

  @Test
  void aGenerationWithUsageCostPromptAndParentMapsOntoASpan() {
    DecodedBatch d = decode(translate("""
        {"id": "e1", "type": "generation-create", "timestamp": "2026-12-06T10:00:01.000Z", "body": {
          "id": "gen-1", "traceId": "%s", "parentObservationId": "agent-1", "name": "draft",
          "startTime": "2026-12-06T10:00:01.000Z", "completionStartTime": "2026-12-06T10:00:01.250Z",
          "model": "gpt-4o-mini", "modelParameters": {"temperature": 0.2, "stream": false},
          "usage": {"input": 1, "output": 2, "unit": "TOKENS"},
          "usageDetails": {"input": 420, "output": 85, "cache_read_input_tokens": 100, "audio": 3},
          "costDetails": {"input": 0.001, "output": 0.0002},
          "promptName": "support-answer", "promptVersion": 3, "level": "WARNING"}},
        {"id": "e2", "type": "generation-update", "timestamp": "2026-12-06T10:00:02.000Z", "body": {
          "id": "gen-1", "traceId": "%s", "endTime": "2026-12-06T10:00:02", "output": "It ships tomorrow."}}
        """.formatted(TRACE_UUID, TRACE_UUID)));
    assertThat(d.errors()).isEmpty();
    Row created = row(d, Table.SPANS, 0);
    assertThat(created.string(Schema.TRACE_ID)).isEqualTo(TRACE_HEX);
    assertThat(created.string(Schema.SPAN_ID)).hasSize(16).isEqualTo(LangfuseIds.spanId("gen-1"));
    assertThat(created.string(Schema.REFERENCE_ID)).isEqualTo("gen-1");
    assertThat(created.string(Schema.PARENT_SPAN_ID)).isEqualTo(LangfuseIds.spanId("agent-1"));
    assertThat(created.string(Schema.TYPE)).isEqualTo("generation");
    assertThat(created.string(Schema.MODEL)).isEqualTo("gpt-4o-mini");
    assertThat(created.longValue(Schema.INPUT_TOKENS)).isEqualTo(420);
    assertThat(created.longValue(Schema.OUTPUT_TOKENS)).isEqualTo(85);
    assertThat(created.longValue(Schema.CACHE_READ_TOKENS)).isEqualTo(100);
    assertThat(created.doubleValue(Schema.COST)).isCloseTo(0.0012, org.assertj.core.data.Offset.offset(1e-12));
    assertThat(created.get(Schema.PROMPT).toString()).contains("\"slug\":\"support-answer\"", "\"version\":3");
    assertThat(created.get(Schema.METADATA).toString()).contains("\"level\":\"WARNING\"", "\"audio\":3");
    assertThat(created.longValue(Schema.COMPLETION_START_TIME)).isEqualTo(1_796_551_201_250_000L);
    Row updated = row(d, Table.SPANS, 1);
    assertThat(updated.key()).isEqualTo(created.key());
    assertThat(updated.longValue(Schema.END_TIME)).isEqualTo(1_796_551_202_000_000L); // a local time is UTC
    assertThat(updated.string(Schema.TYPE)).isEqualTo("generation");
  }

  @Test
  void openAiUsageAnErrorLevelEventsAndObservationsWithoutTrace() {
    DecodedBatch d = decode(translate("""
        {"id": "e1", "type": "span-create", "timestamp": "2026-12-06T10:00:00Z",
         "body": {"id": "lonely", "level": "ERROR", "statusMessage": "boom"}},
        {"id": "e2", "type": "event-create", "timestamp": "2026-12-06T10:00:03+01:00",
         "body": {"traceId": "t-1", "name": "cache-miss"}},
        {"id": "e3", "type": "observation-create", "timestamp": "2026-12-06T10:00:00Z",
         "body": {"id": "g", "traceId": "t-1", "type": "GENERATION",
                  "usage": {"promptTokens": 7, "completionTokens": 5, "totalTokens": 12}}},
        {"id": "e4", "type": "tool-create", "timestamp": "2026-12-06T10:00:00Z",
         "body": {"id": "call", "traceId": "t-1", "name": "lookup"}},
        {"id": "e5", "type": "span-create", "body": {"id": "a", "traceId": "t-1", "type": "AGENT"}},
        {"id": "e6", "type": "span-create", "body": {"id": "b", "traceId": "t-1", "type": "whatever"}},
        {"id": "e7", "type": "span-update", "body": {"id": "b", "traceId": "t-1"}}
        """));
    assertThat(d.errors()).isEmpty();
    Row lonely = row(d, Table.SPANS, 0);
    assertThat(lonely.string(Schema.TRACE_ID)).isEqualTo(LangfuseIds.traceId("lonely"));
    assertThat(lonely.string(Schema.STATUS)).isEqualTo("failure");
    assertThat(lonely.string(Schema.STATUS_MESSAGE)).isEqualTo("boom");
    assertThat(lonely.longValue(Schema.START_TIME)).isEqualTo(1_796_551_200_000_000L);
    Row event = row(d, Table.SPANS, 1);
    assertThat(event.string(Schema.TYPE)).isEqualTo("event");
    assertThat(event.string(Schema.SPAN_ID)).isEqualTo(LangfuseIds.spanId("e2")); // the event's id
    assertThat(event.longValue(Schema.END_TIME)).isEqualTo(event.longValue(Schema.START_TIME))
        .isEqualTo(1_796_547_603_000_000L);
    Row generation = row(d, Table.SPANS, 2);
    assertThat(generation.string(Schema.TYPE)).isEqualTo("generation");
    assertThat(generation.longValue(Schema.INPUT_TOKENS)).isEqualTo(7);
    assertThat(generation.longValue(Schema.TOTAL_TOKENS)).isEqualTo(12);
    assertThat(row(d, Table.SPANS, 3).string(Schema.TYPE)).isEqualTo("tool");
    assertThat(row(d, Table.SPANS, 4).string(Schema.TYPE)).isEqualTo("agent"); // a v3 SDK's typed span
    assertThat(row(d, Table.SPANS, 5).string(Schema.TYPE)).isEqualTo("span");
    assertThat(row(d, Table.SPANS, 6).string(Schema.TYPE)).as("an update leaves the type").isNull();
  }

  @Test
  void scoresTakeNumbersAsValuesAndStringsAsLabels() {
    DecodedBatch d = decode(translate("""
        {"id": "e1", "type": "score-create", "timestamp": "2026-12-06T10:00:00Z", "body": {
          "id": "s-1", "traceId": "%s", "observationId": "gen-1", "name": "helpful", "value": 0.9,
          "comment": "good", "dataType": "NUMERIC"}},
        {"id": "e2", "type": "score-create", "timestamp": "2026-12-06T10:00:00Z", "body": {
          "traceId": "%s", "name": "tone", "value": "polite"}}
        """.formatted(TRACE_UUID, TRACE_UUID)));
    assertThat(d.errors()).isEmpty();
    Row numeric = row(d, Table.SCORES, 0);
    assertThat(numeric.string(Schema.SCORE_ID)).isEqualTo("s-1");
    assertThat(numeric.string(Schema.TRACE_ID)).isEqualTo(TRACE_HEX);
    assertThat(numeric.string(Schema.SPAN_ID)).isEqualTo(LangfuseIds.spanId("gen-1"));
    assertThat(numeric.doubleValue(Schema.VALUE)).isEqualTo(0.9);
    assertThat(numeric.string(Schema.COMMENT)).isEqualTo("good");
    assertThat(numeric.longValue(Schema.TIME)).isEqualTo(1_796_551_200_000_000L);
    assertThat(row(d, Table.SCORES, 1).string(Schema.LABEL)).isEqualTo("polite");
  }

  @Test
  void everyEventIsAnsweredByItsIdWithTheLangfuseFieldAtFault() {
    IngestionBatch batch = translate("""
        {"id": "ok", "type": "trace-create", "body": {"id": "t"}},
        {"id": "log", "type": "sdk-log", "body": {"log": "hello"}},
        {"id": "bad-type", "type": "trace-delete", "body": {}},
        {"id": "no-body", "type": "span-create"},
        {"id": "no-id", "type": "span-update", "body": {"traceId": "t"}},
        {"id": "bad-time", "type": "span-create", "body": {"id": "s", "traceId": "t", "startTime": "yesterday"}},
        {"id": "bad-tokens", "type": "generation-create", "body": {"id": "g", "usageDetails": {"input": -1}}},
        {"id": "no-name", "type": "score-create", "body": {"traceId": "t", "value": 1}},
        {"type": "trace-create", "body": {}}
        """);
    DecodedBatch d = decode(batch);
    List<IngestionBatch.Result> results = batch.results(d.errors());
    assertThat(results).extracting(IngestionBatch.Result::eventId)
        .containsExactly("ok", "log", "bad-type", "no-body", "no-id", "bad-time", "bad-tokens", "no-name", "");
    assertThat(results.get(0).error()).isNull();
    assertThat(results.get(1).error()).isNull();
    assertThat(results.get(2).error()).startsWith("type: 'trace-delete' is not one of trace-create");
    assertThat(results.get(3).error()).isEqualTo("body: required, an object");
    assertThat(results.get(4).error()).startsWith("body.id: required");
    assertThat(results.get(5).error()).startsWith("body.startTime: ");
    assertThat(results.get(6).error()).startsWith("body.usageDetails: ");
    assertThat(results.get(7).error()).startsWith("body.name: ");
    assertThat(results.get(8).error()).startsWith("id: required");
    assertThat(d.rows()).hasSize(1);
  }

  @Test
  void aBodyThatIsNoBatchFailsWhole() {
    assertThatThrownBy(() -> IngestionBatch.translate("{\"events\": []}".getBytes(StandardCharsets.UTF_8)))
        .isInstanceOf(IngestException.class).hasMessage("batch: required, an array of events");
    assertThatThrownBy(() -> IngestionBatch.translate("{\"batch\": [".getBytes(StandardCharsets.UTF_8)))
        .isInstanceOf(IngestException.class).hasMessageStartingWith("malformed JSON");
  }

  @Test
  void idsMapDeterministically() {
    assertThat(LangfuseIds.traceId("4BF92F3577B34DA6A3CE929D0E0E4736")).isEqualTo("4bf92f3577b34da6a3ce929d0e0e4736");
    assertThat(LangfuseIds.traceId("my-trace")).hasSize(32).isEqualTo(LangfuseIds.traceId("my-trace"))
        .isNotEqualTo(LangfuseIds.traceId("my-trace2"));
    assertThat(LangfuseIds.spanId("00F067AA0BA902B7")).isEqualTo("00f067aa0ba902b7");
    assertThat(LangfuseIds.original("00F067AA0BA902B7", "00f067aa0ba902b7")).isNull();
    assertThat(LangfuseIds.original("x".repeat(257), "ab")).isNull();
  }
}
