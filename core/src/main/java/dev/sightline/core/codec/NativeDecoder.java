package dev.sightline.core.codec;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.util.TokenBuffer;
import dev.sightline.core.model.Row;
import dev.sightline.core.model.Schema;
import dev.sightline.core.model.Table;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Decodes a native ingestion request, {@code {"batch":[{"type":"span","body":{...}}, ...]}}, into
 * rows. Items are checked one by one: an invalid item is reported with its index and reason and
 * its valid neighbours are kept. Only a request that cannot be read as a whole (malformed JSON,
 * nesting too deep, too many items) fails entirely, with an {@link IngestException}.
 *
 * <p>Deterministic for a given body, project and arrival time, so the write-ahead log can keep the
 * raw body and replay it. Thread-safe.
 */
public final class NativeDecoder implements RequestDecoder {
  /** Deepest nesting accepted anywhere in a request. */
  public static final int MAX_DEPTH = 64;
  /** Most items in one request. */
  public static final int MAX_ITEMS = 10_000;

  private final JsonFactory json;
  private final ItemBodyReader bodies;

  public NativeDecoder() {
    this.json = JsonFactory.builder()
        .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(MAX_DEPTH).build())
        .build();
    this.bodies = new ItemBodyReader(json);
  }

  /** Decodes a request body (JSON, UTF-8); {@code receivedAt} is the default time of scores. */
  @Override
  public DecodedBatch decode(byte[] body, String projectId, long receivedAt) {
    List<Row> rows = new ArrayList<>();
    List<ItemError> errors = new ArrayList<>();
    int items = 0;
    Source source = Source.of(body);
    try (JsonParser p = json.createParser(body)) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        throw new IngestException(400, "body: must be a JSON object {\"batch\": [...]}");
      }
      boolean sawBatch = false;
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String field = p.currentName();
        p.nextToken();
        if (!field.equals("batch")) {
          throw new IngestException(400, field + ": unknown field; a request is {\"batch\": [...]}");
        }
        if (p.currentToken() != JsonToken.START_ARRAY) {
          throw new IngestException(400, "batch: must be an array of items");
        }
        sawBatch = true;
        while (p.nextToken() != JsonToken.END_ARRAY) {
          if (items == MAX_ITEMS) {
            throw new IngestException(413, "batch: at most " + MAX_ITEMS + " items per request");
          }
          Row row = decodeItem(p, source, items, projectId, receivedAt, errors);
          if (row != null) {
            rows.add(row);
          }
          items++;
        }
      }
      if (!sawBatch) {
        throw new IngestException(400, "batch: required");
      }
      if (p.nextToken() != null) {
        throw new IngestException(400, "body: unexpected content after the JSON object");
      }
    } catch (JsonProcessingException e) {
      throw JsonErrors.malformed(e, MAX_DEPTH);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return new DecodedBatch(rows, errors, items);
  }

  private Row decodeItem(JsonParser p, Source source, int index, String projectId, long receivedAt,
      List<ItemError> errors) throws IOException {
    if (p.currentToken() != JsonToken.START_OBJECT) {
      p.skipChildren();
      errors.add(new ItemError(index, "item: must be an object {\"type\": ..., \"body\": {...}}"));
      return null;
    }
    Table table = null;
    String problem = null;
    Row.Builder row = null;
    TokenBuffer early = null;
    boolean typed = false;
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String field = p.currentName();
      long nameStart = Source.needsCheck(source) ? p.currentTokenLocation().getByteOffset() : 0;
      p.nextToken();
      if (Source.needsCheck(source)
          && !ItemBodyReader.isWellFormed(source, nameStart, p.currentTokenLocation().getByteOffset())) {
        p.skipChildren();
        problem = first(problem, "item: a field name is " + Utf8.INVALID);
      } else if (field.equals("type")) {
        typed = true;
        table = p.currentToken() == JsonToken.VALUE_STRING ? tableOf(typeName(p, source)) : null;
        p.skipChildren();
      } else if (field.equals("body") && (table != null || !typed)) {
        if (table == null) {
          // The body came before the type: keep its tokens until the type says how to read it,
          // checking its UTF-8 now, while its bytes are at hand.
          long start = Source.needsCheck(source) ? p.currentTokenLocation().getByteOffset() : 0;
          early = TokenBuffer.asCopyOfValue(p);
          if (Source.needsCheck(source)
              && !ItemBodyReader.isWellFormed(source, start, p.currentLocation().getByteOffset())) {
            problem = first(problem, "body: " + Utf8.INVALID);
          }
        } else {
          row = Row.builder(table);
          problem = first(problem, bodies.decode(p, row, source));
        }
      } else {
        p.skipChildren();
        problem = first(problem, field.equals("body") ? null : field + ": unknown field");
      }
    }
    if (table == null) {
      problem = typed ? "type: must be one of \"trace\", \"span\", \"score\"" : "type: required";
    } else if (early != null) {
      row = Row.builder(table);
      try (JsonParser buffered = early.asParser()) {
        buffered.nextToken();
        problem = first(problem, bodies.decode(buffered, row, null));
      }
    } else if (row == null) {
      problem = first(problem, "body: required");
    }
    if (problem == null) {
      row.set(Schema.PROJECT_ID, projectId);
      problem = ItemRules.complete(row, receivedAt);
      problem = problem == null ? null : "body." + problem;
    }
    if (problem != null) {
      errors.add(new ItemError(index, problem));
      return null;
    }
    return row.build();
  }

  /** The item's type as sent, or null if its bytes are not well-formed UTF-8 (no type then). */
  private static String typeName(JsonParser p, Source source) throws IOException {
    try {
      return ItemBodyReader.text(p, source);
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  private static Table tableOf(String type) {
    for (Table t : Table.all()) {
      if (t.itemType().equals(type)) {
        return t;
      }
    }
    return null;
  }

  private static String first(String current, String next) {
    return current != null ? current : next;
  }
}
