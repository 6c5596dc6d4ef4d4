package dev.sightline.server.datasets;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sightline.server.http.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The lines of the dataset files: in {@code items.jsonl} an item ({@code "op": "item"}) or a
 * change of its archived state ({@code "op": "archive"}), in {@code runs.jsonl} one run result.
 * JSON payloads are kept as the compact JSON they were given in. Stateless and thread-safe.
 */
final class StoredLines {
  private static final ObjectMapper JSON = new ObjectMapper();

  private StoredLines() {}

  /** A line of {@code items.jsonl}: an item as added, or an archive change of the item {@code id}. */
  record ItemLine(DatasetItem added, String id, boolean archived) {}

  static byte[] item(DatasetItem item) {
    return Json.bytes(g -> {
      g.writeStartObject();
      g.writeStringField("op", "item");
      writeItemFields(g, item);
      g.writeEndObject();
    });
  }

  static byte[] archive(String id, boolean archived, long time) {
    return Json.bytes(g -> {
      g.writeStartObject();
      g.writeStringField("op", "archive");
      g.writeStringField("id", id);
      g.writeBooleanField("archived", archived);
      g.writeNumberField("time", time);
      g.writeEndObject();
    });
  }

  /** The fields of an item, as the API shows them (inside an object the caller opened). */
  static void writeItemFields(JsonGenerator g, DatasetItem item) throws IOException {
    g.writeStringField("id", item.id());
    raw(g, "input", item.input());
    raw(g, "expectedOutput", item.expectedOutput());
    raw(g, "metadata", item.metadata());
    string(g, "sourceTraceId", item.sourceTraceId());
    string(g, "sourceSpanId", item.sourceSpanId());
    g.writeNumberField("createdAt", item.createdAt());
    g.writeBooleanField("archived", item.archived());
  }

  static ItemLine readItemLine(byte[] line) {
    JsonNode n = tree(line);
    if (n.path("op").asText().equals("archive")) {
      return new ItemLine(null, n.path("id").asText(), n.path("archived").asBoolean());
    }
    DatasetItem item = new DatasetItem(n.path("id").asText(), json(n, "input"), json(n, "expectedOutput"),
        json(n, "metadata"), text(n, "sourceTraceId"), text(n, "sourceSpanId"), n.path("createdAt").asLong(),
        n.path("archived").asBoolean());
    return new ItemLine(item, item.id(), item.archived());
  }

  static byte[] runItem(RunItem r) {
    return Json.bytes(g -> {
      g.writeStartObject();
      g.writeStringField("run", r.run());
      writeRunItemFields(g, r);
      g.writeEndObject();
    });
  }

  /** The fields of a run result, as the API shows them (inside an object the caller opened). */
  static void writeRunItemFields(JsonGenerator g, RunItem r) throws IOException {
    g.writeStringField("itemId", r.itemId());
    g.writeStringField("traceId", r.traceId());
    raw(g, "output", r.output());
    string(g, "error", r.error());
    g.writeArrayFieldStart("scores");
    for (RunItem.Judgement j : r.scores()) {
      g.writeStartObject();
      g.writeStringField("name", j.name());
      if (j.value() != null) {
        g.writeNumberField("value", j.value());
      }
      string(g, "label", j.label());
      string(g, "comment", j.comment());
      g.writeEndObject();
    }
    g.writeEndArray();
    g.writeNumberField("time", r.time());
  }

  static RunItem readRunItem(byte[] line) {
    JsonNode n = tree(line);
    List<RunItem.Judgement> scores = new ArrayList<>();
    for (JsonNode s : n.path("scores")) {
      scores.add(new RunItem.Judgement(s.path("name").asText(), s.hasNonNull("value") ? s.get("value").asDouble() : null,
          text(s, "label"), text(s, "comment")));
    }
    return new RunItem(n.path("run").asText(), n.path("itemId").asText(), n.path("traceId").asText(),
        json(n, "output"), text(n, "error"), scores, n.path("time").asLong());
  }

  private static JsonNode tree(byte[] line) {
    try {
      return JSON.readTree(line);
    } catch (IOException e) {
      throw new UncheckedIOException("a dataset file line does not read", e);
    }
  }

  static void raw(JsonGenerator g, String field, String json) throws IOException {
    if (json != null) {
      g.writeFieldName(field);
      g.writeRawValue(json);
    }
  }

  private static void string(JsonGenerator g, String field, String value) throws IOException {
    if (value != null) {
      g.writeStringField(field, value);
    }
  }

  private static String json(JsonNode n, String field) {
    JsonNode v = n.get(field);
    return v == null || v.isMissingNode() ? null : v.toString();
  }

  private static String text(JsonNode n, String field) {
    JsonNode v = n.get(field);
    return v == null || v.isNull() ? null : v.asText();
  }
}
