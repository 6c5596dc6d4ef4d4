package dev.sightline.server.langfuse;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sightline.core.codec.IngestException;
import dev.sightline.core.codec.ItemError;
import dev.sightline.core.codec.JsonErrors;
import dev.sightline.core.codec.NativeDecoder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A request of Langfuse's batch ingestion API, {@code {"batch": [{"id", "type", "timestamp",
 * "body"}, …], "metadata": …}}, translated into a native ingestion request: one native item per
 * event that stores something, in order, so that it is decoded, checked, logged and replayed as
 * native requests are. Keeps which event each item came from, to answer per event. Immutable.
 */
public final class IngestionBatch {
  private static final ObjectMapper JSON = new ObjectMapper(JsonFactory.builder()
      .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(NativeDecoder.MAX_DEPTH).build())
      .build());

  private final byte[] nativeRequest;
  private final List<String> eventIds;
  private final int[] eventOfItem;
  private final Map<Integer, String> invalid;
  private final List<String> itemTypes;

  private IngestionBatch(byte[] nativeRequest, List<String> eventIds, int[] eventOfItem,
      Map<Integer, String> invalid, List<String> itemTypes) {
    this.nativeRequest = nativeRequest;
    this.eventIds = eventIds;
    this.eventOfItem = eventOfItem;
    this.invalid = invalid;
    this.itemTypes = itemTypes;
  }

  /** One event's result: {@code error} is null when it was taken. */
  public record Result(String eventId, String error) {}

  /**
   * @param body the request body, plain JSON
   * @throws IngestException (400) when the body is not such a request at all
   */
  public static IngestionBatch translate(byte[] body) {
    JsonNode request;
    try {
      request = JSON.readTree(body);
    } catch (JsonProcessingException e) {
      throw JsonErrors.malformed(e, NativeDecoder.MAX_DEPTH);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    if (request == null || !request.isObject()) {
      throw new IngestException(400, "body: must be a JSON object {\"batch\": [...]}");
    }
    JsonNode batch = request.get("batch");
    if (batch == null || !batch.isArray()) {
      throw new IngestException(400, "batch: required, an array of events");
    }
    if (batch.size() > NativeDecoder.MAX_ITEMS) {
      throw new IngestException(413, "batch: at most " + NativeDecoder.MAX_ITEMS + " events per request");
    }
    ArrayNode items = JSON.createArrayNode();
    List<String> ids = new ArrayList<>(batch.size());
    List<Integer> sources = new ArrayList<>(batch.size());
    List<String> types = new ArrayList<>(batch.size());
    Map<Integer, String> invalid = new HashMap<>();
    for (JsonNode event : batch) {
      int index = ids.size();
      JsonNode id = event.path("id");
      ids.add(id.isTextual() ? id.asText() : "");
      try {
        ObjectNode item = item(event);
        if (item != null) {
          items.add(item);
          sources.add(index);
          types.add(item.get("type").asText());
        }
      } catch (Bodies.InvalidEvent e) {
        invalid.put(index, e.getMessage());
      }
    }
    ObjectNode translated = JSON.createObjectNode();
    translated.set("batch", items);
    try {
      return new IngestionBatch(JSON.writeValueAsBytes(translated), List.copyOf(ids),
          sources.stream().mapToInt(Integer::intValue).toArray(), invalid, List.copyOf(types));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a tree read from JSON writes", e);
    }
  }

  private static ObjectNode item(JsonNode event) {
    if (!event.isObject()) {
      throw new Bodies.InvalidEvent("event: must be an object {\"id\", \"type\", \"timestamp\", \"body\"}");
    }
    String id = Bodies.text(event, "id", "");
    if (id == null) {
      throw new Bodies.InvalidEvent("id: required, the event's id");
    }
    String type = Bodies.text(event, "type", "");
    if (type == null) {
      throw new Bodies.InvalidEvent("type: required, one of " + Events.TYPES);
    }
    JsonNode body = event.get("body");
    if (body == null || !body.isObject()) {
      throw new Bodies.InvalidEvent("body: required, an object");
    }
    return Events.item(type, body, new Observations.Event(id, Bodies.text(event, "timestamp", "")));
  }

  /** The native request ({@code {"batch": [...]}}, JSON) that stores these events. */
  public byte[] nativeRequest() {
    return nativeRequest.clone();
  }

  /**
   * Each event's result, in request order, given the errors of the native items.
   *
   * @param itemErrors the native decoder's errors, indexed by native item
   */
  public List<Result> results(List<ItemError> itemErrors) {
    Map<Integer, String> errors = new HashMap<>(invalid);
    for (ItemError e : itemErrors) {
      errors.putIfAbsent(eventOfItem[e.index()], ErrorFields.langfuse(itemTypes.get(e.index()), e.message()));
    }
    List<Result> results = new ArrayList<>(eventIds.size());
    for (int i = 0; i < eventIds.size(); i++) {
      results.add(new Result(eventIds.get(i), errors.get(i)));
    }
    return results;
  }
}
