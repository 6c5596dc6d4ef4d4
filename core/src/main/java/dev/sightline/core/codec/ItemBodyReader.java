package dev.sightline.core.codec;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.io.SegmentedStringWriter;
import dev.sightline.core.model.Column;
import dev.sightline.core.model.ColumnType;
import dev.sightline.core.model.Row;
import dev.sightline.core.model.Schema;
import dev.sightline.core.model.Table;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the {@code body} object of one item into a row, field by field, straight off the parser.
 *
 * <p>An invalid field never leaves the parser inside its value, so decoding carries on to the end
 * of the body and the batch's next item. Text is held to {@link Utf8} and {@link TextRules}
 * without a second pass over the request: JSON values are decoded strictly as they are sliced out
 * (they are most of the bytes), and only the bytes of names and string values, which Jackson
 * decodes leniently, are checked again. Thread-safe (stateless but for the shared factory).
 */
final class ItemBodyReader {
  private final JsonFactory json;
  private final Map<Table, Map<String, Column>> inputs = new HashMap<>();

  ItemBodyReader(JsonFactory json) {
    this.json = json;
    for (Table t : Table.all()) {
      Map<String, Column> byName = new HashMap<>();
      for (Column c : t.columns()) {
        if (c != Schema.PROJECT_ID && t.role(c) != Table.Role.ROLLUP) {
          byName.put(c.name(), c);
        }
      }
      inputs.put(t, byName);
    }
  }

  /**
   * Reads the value the parser is at (expected: an object) up to its end.
   *
   * @param source the bytes the parser reads, from offset 0, so JSON values can be sliced out of
   *     them as they are instead of being written again (the costliest step otherwise); null when
   *     the parser replays buffered tokens
   * @return the first problem found, naming the field ({@code body.traceId: ...}), or null
   */
  String decode(JsonParser p, Row.Builder row, Source source) throws IOException {
    if (p.currentToken() != JsonToken.START_OBJECT) {
      p.skipChildren();
      return "body: must be an object";
    }
    return readObject(p, row, "", source);
  }

  private String readObject(JsonParser p, Row.Builder row, String prefix, Source source)
      throws IOException {
    Map<String, Column> columns = inputs.get(row.table());
    String error = null;
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String field = prefix + p.currentName();
      long nameStart = Source.needsCheck(source) ? p.currentTokenLocation().getByteOffset() : 0;
      p.nextToken();
      Column c = columns.get(field);
      String problem;
      if (Source.needsCheck(source) && !isWellFormed(source, nameStart, p.currentTokenLocation().getByteOffset())) {
        problem = skip(p, "field name " + Utf8.INVALID);
      } else if (c != null) {
        problem = readValue(p, c, row, source);
      } else if (prefix.isEmpty() && isGroup(columns, field)) {
        problem = p.currentToken() == JsonToken.START_OBJECT
            ? readObject(p, row, field + ".", source) : skip(p, "must be an object");
      } else {
        problem = skip(p, field.equals("projectId")
            ? "set by the API key, not by the body" : "unknown field");
      }
      if (error == null && problem != null) {
        // A group's own fields come back named already (body.user.id: ...).
        error = problem.startsWith("body.") ? problem
            : "body." + (problem.startsWith(field) ? problem : field + ": " + problem);
      }
    }
    return error;
  }

  private String readValue(JsonParser p, Column c, Row.Builder row, Source source)
      throws IOException {
    JsonToken t = p.currentToken();
    if (t == JsonToken.VALUE_NULL) {
      return null;
    }
    try {
      Object value = readTyped(p, c, row.table(), t, source);
      if (value == null) {
        return skip(p, "must be " + expected(c, row.table()));
      }
      row.set(c, value);
      return null;
    } catch (IllegalArgumentException e) {
      p.skipChildren();
      return e.getMessage();
    }
  }

  /** The value, or null if the JSON token has the wrong type (the caller skips it). */
  private Object readTyped(JsonParser p, Column c, Table table, JsonToken t, Source source)
      throws IOException {
    switch (c.type()) {
      case STRING:
        return t == JsonToken.VALUE_STRING ? FieldRules.string(c, text(p, source)) : null;
      case LONG:
        if (t != JsonToken.VALUE_NUMBER_INT) {
          return null;
        }
        // An integer beyond a long is out of range just as a negative one is.
        return FieldRules.count(p.getNumberType() == JsonParser.NumberType.BIG_INTEGER ? -1 : p.getLongValue());
      case DOUBLE:
        return t.isNumeric() ? FieldRules.number(c, p.getDoubleValue()) : null;
      case BOOLEAN:
        return t.isBoolean() ? p.getBooleanValue() : null;
      case TIMESTAMP:
        if (t == JsonToken.VALUE_NUMBER_INT) {
          return Timestamps.check(p.getLongValue());
        }
        return t == JsonToken.VALUE_STRING ? Timestamps.parseIso(text(p, source)) : null;
      case STRING_LIST:
        return t == JsonToken.START_ARRAY ? readStrings(p, c, source) : null;
      case JSON:
        if (table.role(c) == Table.Role.MERGED && t != JsonToken.START_OBJECT) {
          return null;
        }
        return source != null && c != Schema.ATTRIBUTES ? sliceJson(p, c, source) : copyJson(p, c, source);
      default:
        throw new AssertionError(c.type());
    }
  }

  private List<String> readStrings(JsonParser p, Column c, Source source) throws IOException {
    List<String> out = new ArrayList<>();
    for (JsonToken t = p.nextToken(); t != JsonToken.END_ARRAY; t = p.nextToken()) {
      if (t != JsonToken.VALUE_STRING) {
        throw failInside(p, "must be an array of strings");
      }
      String s;
      try {
        s = text(p, source);
        FieldRules.listItem(c, out.size(), s);
      } catch (IllegalArgumentException e) {
        throw failInside(p, e.getMessage());
      }
      out.add(s);
    }
    return List.copyOf(out);
  }

  /**
   * The value's text exactly as sent. The parser has checked its syntax while skipping over it, but
   * not all of its UTF-8 (see {@link Utf8}): the slice is decoded strictly, and its escapes are
   * held to {@link TextRules} (the slice has no other way to carry a NUL or a lone surrogate).
   */
  private static String sliceJson(JsonParser p, Column c, Source source) throws IOException {
    long start = p.currentTokenLocation().getByteOffset();
    if (p.currentToken().isScalarValue()) {
      p.getText(); // finishes a lazily read string, so the location is past its closing quote
    } else {
      p.skipChildren();
    }
    long length = p.currentLocation().getByteOffset() - start;
    if (length > c.maxLength()) {
      throw new IllegalArgumentException("JSON text larger than " + c.maxLength() + " bytes (UTF-8)");
    }
    String json = Utf8.decode(source.bytes(), (int) start, (int) length, source.wellFormed());
    String problem = TextRules.escapes(json);
    if (problem != null) {
      throw new IllegalArgumentException(problem);
    }
    return json;
  }

  /**
   * The value as compact JSON, written again token by token (for {@code attributes}, to check that
   * they are flat; and for bodies replayed from buffered tokens, which have no bytes to slice).
   *
   * @param source the request's bytes, to check the value's UTF-8, or null when the parser replays
   *     buffered tokens (their bytes were checked when they were buffered)
   */
  private String copyJson(JsonParser p, Column c, Source source) throws IOException {
    long start = Source.needsCheck(source) ? p.currentTokenLocation().getByteOffset() : 0;
    boolean flat = c == Schema.ATTRIBUTES;
    SegmentedStringWriter out = new SegmentedStringWriter(json._getBufferRecycler());
    try (JsonGenerator g = json.createGenerator(out)) {
      if (flat) {
        g.writeStartObject();
        while (p.nextToken() == JsonToken.FIELD_NAME) {
          g.writeFieldName(p.currentName());
          if (!p.nextToken().isScalarValue()) {
            throw failInside(p, "values must be strings, numbers or booleans (attributes are flat)");
          }
          g.copyCurrentEvent(p);
        }
        g.writeEndObject();
      } else {
        g.copyCurrentStructure(p);
      }
    }
    if (Source.needsCheck(source) && !isWellFormed(source, start, p.currentLocation().getByteOffset())) {
      throw new IllegalArgumentException(Utf8.INVALID);
    }
    return FieldRules.json(c, out.getAndClear());
  }

  /**
   * The string value the parser is at, its bytes checked as well-formed UTF-8 (Jackson decodes
   * overlong forms leniently); NUL and surrogates are the field rules' to check.
   *
   * @param source the request's bytes, or null when the parser replays buffered tokens
   */
  static String text(JsonParser p, Source source) throws IOException {
    if (!Source.needsCheck(source)) {
      return p.getText();
    }
    long start = p.currentTokenLocation().getByteOffset();
    String s = p.getText(); // reads the whole string, so the location is past its closing quote
    if (!isWellFormed(source, start, p.currentLocation().getByteOffset())) {
      throw new IllegalArgumentException(Utf8.INVALID);
    }
    return s;
  }

  /** Whether {@code source[start, end)} is well-formed UTF-8; true if it needs no check. */
  static boolean isWellFormed(Source source, long start, long end) {
    return !Source.needsCheck(source) || Utf8.isWellFormed(source.bytes(), (int) start, (int) end);
  }

  /**
   * Skips the rest of the array or object the parser is inside, so that the caller's value ends
   * cleanly, and returns the exception to throw.
   */
  private static IllegalArgumentException failInside(JsonParser p, String problem) throws IOException {
    p.skipChildren();
    for (JsonToken t = p.nextToken(); t != null && !t.isStructEnd(); t = p.nextToken()) {
      p.skipChildren();
    }
    return new IllegalArgumentException(problem);
  }

  private static String skip(JsonParser p, String problem) throws IOException {
    p.skipChildren();
    return problem;
  }

  private static boolean isGroup(Map<String, Column> columns, String field) {
    return columns.containsKey(field + ".id");
  }

  private static String expected(Column c, Table table) {
    if (c.type() == ColumnType.JSON) {
      return table.role(c) == Table.Role.MERGED ? "an object" : "JSON";
    }
    switch (c.type()) {
      case STRING: return "a string";
      case LONG: return "an integer";
      case DOUBLE: return "a number";
      case BOOLEAN: return "true or false";
      case TIMESTAMP: return "an ISO-8601 string or epoch microseconds";
      default: return "an array of strings";
    }
  }
}
