package dev.sightline.storage.tests;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sightline.core.codec.DecodedBatch;
import dev.sightline.core.codec.NativeDecoder;
import dev.sightline.core.model.Row;
import dev.sightline.core.model.Schema;
import dev.sightline.core.model.Table;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Shared fixture traces: native ingestion requests ({@code {"batch":[...]}}) kept as JSON files
 * beside this class, for the storage contract, for benchmarks and for tests that post them to a
 * server. Their times start at {@link TestRows#T0}; {@link #body(String, long)} moves them.
 *
 * <ul>
 *   <li>{@value #RAG_CHAT}: a question answered from documents: an agent with an embedding, a
 *       retrieval and a generation (chat messages, prompt, tokens, cost), and a feedback score;
 *   <li>{@value #AGENT_TOOLS}: a failed trip planner: spans of the plain type {@code span}, two
 *       parallel tool calls of which one fails with an error, and a generation of another provider.
 * </ul>
 */
public final class Fixtures {
  public static final String RAG_CHAT = "rag-chat";
  /** The trace id of {@value #RAG_CHAT}. */
  public static final String RAG_CHAT_TRACE = "5a1e0c4b9d2f47e8a3b6c0d1e2f30405";
  public static final String AGENT_TOOLS = "agent-tools";
  /** The trace id of {@value #AGENT_TOOLS}. */
  public static final String AGENT_TOOLS_TRACE = "7c3d9e1f20a44b5c8d6e7f8091a2b3c4";
  /** Every fixture's name. */
  public static final List<String> ALL = List.of(RAG_CHAT, AGENT_TOOLS);

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Set<String> TIME_FIELDS = Set.of("startTime", "endTime", "completionStartTime", "time");

  private Fixtures() {}

  /** The fixture's request body as stored, times from {@link TestRows#T0}. */
  public static byte[] body(String name) {
    try (InputStream in = Fixtures.class.getResourceAsStream("fixtures/" + name + ".json")) {
      if (in == null) {
        throw new IllegalArgumentException("no fixture named " + name + "; there are " + ALL);
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The fixture's request body with every time moved by {@code shiftMicros} (e.g. to end near now). */
  public static byte[] body(String name, long shiftMicros) {
    try {
      JsonNode request = JSON.readTree(body(name));
      for (JsonNode item : request.get("batch")) {
        ObjectNode fields = (ObjectNode) item.get("body");
        for (String field : TIME_FIELDS) {
          if (fields.has(field)) {
            fields.put(field, fields.get(field).asLong() + shiftMicros);
          }
        }
      }
      return JSON.writeValueAsBytes(request);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * The rows the pipeline would store for the fixture in this project: decoded as the server
   * decodes them, each trace rolled up from its spans ({@link TestRows#rollUp}).
   */
  public static List<Row> rows(String name, String projectId) {
    DecodedBatch batch = new NativeDecoder().decode(body(name), projectId, TestRows.T0);
    if (!batch.errors().isEmpty()) {
      throw new IllegalStateException("fixture " + name + " has invalid items: " + batch.errors());
    }
    List<Row> rows = new ArrayList<>();
    for (Row row : batch.rows()) {
      if (row.table() != Table.TRACES) {
        rows.add(row);
        continue;
      }
      List<Row> spans = batch.rows().stream().filter(r -> r.table() == Table.SPANS
          && r.string(Schema.TRACE_ID).equals(row.string(Schema.TRACE_ID))).toList();
      rows.add(TestRows.rollUp(row, spans));
    }
    return rows;
  }
}
