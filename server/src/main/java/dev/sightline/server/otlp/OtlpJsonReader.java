package dev.sightline.server.otlp;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.google.protobuf.ByteString;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.EnumValueDescriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Message;
import dev.sightline.core.codec.IngestException;
import dev.sightline.core.codec.JsonErrors;
import dev.sightline.core.codec.Utf8;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Base64;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Reads OTLP's JSON encoding of an {@code ExportTraceServiceRequest} into the protobuf message,
 * driven by the message descriptors: the Protobuf JSON mapping with OTLP's differences. Trace and
 * span ids are hex, not base64; enums may be integers (what OTLP sends) or names; 64-bit integers
 * may be strings or numbers; keys may be lowerCamelCase or the original snake_case; unknown keys
 * are ignored, as OTLP requires of receivers. Streams the body (no tree of it is built).
 * Thread-safe.
 */
final class OtlpJsonReader {
  /** Deep enough for OTLP's own nesting and attribute values nested as far as protobuf parses. */
  static final int MAX_DEPTH = 256;
  /** The id fields OTLP/JSON writes as hex. */
  private static final Set<String> HEX_IDS = Set.of("trace_id", "span_id", "parent_span_id");

  private final JsonFactory json = JsonFactory.builder()
      .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(MAX_DEPTH).build())
      .build();
  private final Map<Descriptor, Map<String, FieldDescriptor>> fields = new ConcurrentHashMap<>();

  /**
   * @throws IngestException 400 for malformed JSON or a value of the wrong type, naming it
   */
  ExportTraceServiceRequest read(byte[] body) {
    ExportTraceServiceRequest.Builder request = ExportTraceServiceRequest.newBuilder();
    try (JsonParser p = json.createParser(body)) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        throw new IngestException(400, "body: must be a JSON object {\"resourceSpans\": [...]}");
      }
      readMessage(p, request, body);
      if (p.nextToken() != null) {
        throw new IngestException(400, "body: unexpected content after the JSON object");
      }
    } catch (JsonProcessingException e) {
      throw JsonErrors.malformed(e, MAX_DEPTH);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return request.build();
  }

  /** Reads the object the parser is at into the builder; {@code body} is what the parser reads. */
  private void readMessage(JsonParser p, Message.Builder message, byte[] body) throws IOException {
    Map<String, FieldDescriptor> byName = fields.computeIfAbsent(message.getDescriptorForType(),
        OtlpJsonReader::names);
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      FieldDescriptor f = byName.get(p.currentName());
      JsonToken t = p.nextToken();
      if (f == null || t == JsonToken.VALUE_NULL) {
        p.skipChildren();
      } else if (f.isRepeated()) {
        expect(p, t == JsonToken.START_ARRAY, f, "an array");
        while (p.nextToken() != JsonToken.END_ARRAY) {
          if (p.currentToken() != JsonToken.VALUE_NULL) {
            message.addRepeatedField(f, value(p, message, f, body));
          }
        }
      } else {
        message.setField(f, value(p, message, f, body));
      }
    }
  }

  private Object value(JsonParser p, Message.Builder parent, FieldDescriptor f, byte[] body)
      throws IOException {
    JsonToken t = p.currentToken();
    switch (f.getJavaType()) {
      case MESSAGE:
        expect(p, t == JsonToken.START_OBJECT, f, "an object");
        Message.Builder child = parent.newBuilderForField(f);
        readMessage(p, child, body);
        return child.build();
      case INT:
        return (int) integer(p, f);
      case LONG:
        return integer(p, f);
      case DOUBLE:
        return number(p, f);
      case FLOAT:
        return (float) number(p, f);
      case BOOLEAN:
        expect(p, t.isBoolean(), f, "true or false");
        return p.getBooleanValue();
      case STRING:
        expect(p, t == JsonToken.VALUE_STRING, f, "a string");
        return string(p, f, body);
      case BYTE_STRING:
        expect(p, t == JsonToken.VALUE_STRING, f, HEX_IDS.contains(f.getName()) ? "hex" : "base64");
        return bytes(p, f);
      case ENUM:
        return enumValue(p, f);
      default:
        throw new AssertionError(f.getJavaType());
    }
  }

  /**
   * A string, its bytes checked: Jackson decodes overlong UTF-8 leniently (see {@link Utf8}). NUL
   * and lone surrogates (escapes) pass here and are refused with the span that holds them, by the
   * field rules every mapped value goes through.
   */
  private static String string(JsonParser p, FieldDescriptor f, byte[] body) throws IOException {
    JsonLocation start = p.currentTokenLocation();
    String s = p.getText(); // reads the whole string, so the location is past its closing quote
    if (!Utf8.isWellFormed(body, (int) start.getByteOffset(), (int) p.currentLocation().getByteOffset())) {
      throw new IngestException(400, f.getJsonName() + ": " + Utf8.INVALID + JsonErrors.at(start));
    }
    return s;
  }

  /** 64-bit and smaller integers, as JSON numbers or as strings (how OTLP writes 64-bit ones). */
  private static long integer(JsonParser p, FieldDescriptor f) throws IOException {
    try {
      if (p.currentToken() == JsonToken.VALUE_NUMBER_INT) {
        return p.getLongValue();
      }
      if (p.currentToken() == JsonToken.VALUE_STRING) {
        String s = p.getText().strip();
        boolean unsigned = f.getType() == FieldDescriptor.Type.UINT64 || f.getType() == FieldDescriptor.Type.FIXED64;
        return unsigned ? Long.parseUnsignedLong(s) : Long.parseLong(s);
      }
    } catch (NumberFormatException | JsonProcessingException e) {
      // reported below, with the field's name
    }
    throw fail(p, f, "an integer (a number or a string of digits)");
  }

  private static double number(JsonParser p, FieldDescriptor f) throws IOException {
    if (p.currentToken().isNumeric()) {
      return p.getDoubleValue();
    }
    if (p.currentToken() == JsonToken.VALUE_STRING) {
      switch (p.getText()) {
        case "NaN": return Double.NaN;
        case "Infinity": return Double.POSITIVE_INFINITY;
        case "-Infinity": return Double.NEGATIVE_INFINITY;
        default: break;
      }
    }
    throw fail(p, f, "a number");
  }

  private static ByteString bytes(JsonParser p, FieldDescriptor f) throws IOException {
    String s = p.getText();
    try {
      return ByteString.copyFrom(HEX_IDS.contains(f.getName()) ? HexFormat.of().parseHex(s)
          : Base64.getDecoder().decode(s));
    } catch (IllegalArgumentException e) {
      throw fail(p, f, HEX_IDS.contains(f.getName()) ? "hex" : "base64");
    }
  }

  private static EnumValueDescriptor enumValue(JsonParser p, FieldDescriptor f) throws IOException {
    if (p.currentToken() == JsonToken.VALUE_NUMBER_INT) {
      return f.getEnumType().findValueByNumberCreatingIfUnknown(p.getIntValue());
    }
    EnumValueDescriptor named = p.currentToken() == JsonToken.VALUE_STRING
        ? f.getEnumType().findValueByName(p.getText()) : null;
    if (named == null) {
      throw fail(p, f, "an integer or one of the enum's names");
    }
    return named;
  }

  private static void expect(JsonParser p, boolean ok, FieldDescriptor f, String what) throws IOException {
    if (!ok) {
      throw fail(p, f, what);
    }
  }

  private static IngestException fail(JsonParser p, FieldDescriptor f, String what) {
    return new IngestException(400, f.getJsonName() + ": must be " + what + JsonErrors.at(p.currentTokenLocation()));
  }

  private static Map<String, FieldDescriptor> names(Descriptor d) {
    Map<String, FieldDescriptor> out = new HashMap<>();
    for (FieldDescriptor f : d.getFields()) {
      out.put(f.getName(), f);
      out.put(f.getJsonName(), f);
    }
    return out;
  }
}
