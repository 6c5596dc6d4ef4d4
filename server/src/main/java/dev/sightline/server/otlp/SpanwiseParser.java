package dev.sightline.server.otlp;

import com.google.protobuf.ByteString;
import com.google.protobuf.CodedInputStream;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.WireFormat;
import dev.sightline.core.codec.Utf8;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.InstrumentationScope;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import io.opentelemetry.proto.trace.v1.Status;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Parses an export request whose strings are not all valid UTF-8 span by span, so that only the
 * spans at fault are rejected. protobuf-java refuses the whole message for one such string (proto3
 * strings must be UTF-8), which would sink every span of the request; this parser walks the wire
 * format of the request, its resource spans and scope spans itself and parses each resource, scope
 * and span on its own. Used only after a whole parse failed for invalid UTF-8, so a valid request
 * costs nothing more. Stateless.
 */
final class SpanwiseParser {
  /** The message protobuf-java gives for a string that is not valid UTF-8. */
  static final String INVALID_UTF8 = "Protocol message had invalid UTF-8.";

  /**
   * The request's parseable spans, and why each other one was rejected.
   *
   * @param rejected by position among all the request's spans (from 0, across resources and scopes)
   */
  record Split(ExportTraceServiceRequest request, SortedMap<Integer, String> rejected) {}

  /**
   * @throws InvalidProtocolBufferException if the request is malformed other than by its UTF-8
   */
  static Split parse(byte[] body) throws InvalidProtocolBufferException {
    ExportTraceServiceRequest.Builder request = ExportTraceServiceRequest.newBuilder();
    SortedMap<Integer, String> rejected = new TreeMap<>();
    int[] position = {0};
    try {
      CodedInputStream in = CodedInputStream.newInstance(body);
      for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
        if (tag == lengthDelimited(ExportTraceServiceRequest.RESOURCE_SPANS_FIELD_NUMBER)) {
          request.addResourceSpans(resourceSpans(in.readBytes(), position, rejected));
        } else {
          in.skipField(tag);
        }
      }
    } catch (InvalidProtocolBufferException e) {
      throw e;
    } catch (IOException e) {
      throw new InvalidProtocolBufferException(e);
    }
    return new Split(request.build(), rejected);
  }

  private static ResourceSpans resourceSpans(ByteString bytes, int[] position, SortedMap<Integer, String> rejected)
      throws IOException {
    ResourceSpans.Builder out = ResourceSpans.newBuilder();
    ByteString resource = ByteString.EMPTY;
    List<ByteString> scopes = new ArrayList<>();
    CodedInputStream in = bytes.newCodedInput();
    for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
      if (tag == lengthDelimited(ResourceSpans.RESOURCE_FIELD_NUMBER)) {
        resource = in.readBytes();
      } else if (tag == lengthDelimited(ResourceSpans.SCOPE_SPANS_FIELD_NUMBER)) {
        scopes.add(in.readBytes());
      } else {
        in.skipField(tag); // schema_url: nothing Sightline keeps
      }
    }
    String resourceProblem = null;
    try {
      out.setResource(Resource.parseFrom(resource));
    } catch (InvalidProtocolBufferException e) {
      resourceProblem = utf8Problem(e, "resource: an attribute is ");
    }
    for (ByteString scope : scopes) {
      ScopeSpans kept = scopeSpans(scope, resourceProblem, position, rejected);
      if (kept.getSpansCount() > 0) {
        out.addScopeSpans(kept);
      }
    }
    return out.build();
  }

  /**
   * The scope's parseable spans; the others (all of them, if {@code problem} is not null or the
   * scope itself cannot be parsed) are rejected.
   */
  private static ScopeSpans scopeSpans(ByteString bytes, String problem, int[] position,
      SortedMap<Integer, String> rejected) throws IOException {
    ScopeSpans.Builder out = ScopeSpans.newBuilder();
    ByteString scope = ByteString.EMPTY;
    List<ByteString> spans = new ArrayList<>();
    CodedInputStream in = bytes.newCodedInput();
    for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
      if (tag == lengthDelimited(ScopeSpans.SCOPE_FIELD_NUMBER)) {
        scope = in.readBytes();
      } else if (tag == lengthDelimited(ScopeSpans.SPANS_FIELD_NUMBER)) {
        spans.add(in.readBytes());
      } else {
        in.skipField(tag);
      }
    }
    if (problem == null) {
      try {
        out.setScope(InstrumentationScope.parseFrom(scope));
      } catch (InvalidProtocolBufferException e) {
        problem = utf8Problem(e, "scope: its name, version or an attribute is ");
      }
    }
    for (ByteString span : spans) {
      int at = position[0]++;
      if (problem != null) {
        rejected.put(at, problem);
        continue;
      }
      try {
        out.addSpans(Span.parseFrom(span));
      } catch (InvalidProtocolBufferException e) {
        utf8Problem(e, "");
        rejected.put(at, invalidField(span));
      }
    }
    return out.build();
  }

  /**
   * Which string of a span is not valid UTF-8, as the span's field: {@code name},
   * {@code attributes["key"]}, {@code events[2]} ...
   */
  private static String invalidField(ByteString span) throws IOException {
    CodedInputStream in = span.newCodedInput();
    int events = 0;
    int links = 0;
    for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
      int field = WireFormat.getTagFieldNumber(tag);
      if (WireFormat.getTagWireType(tag) != WireFormat.WIRETYPE_LENGTH_DELIMITED) {
        in.skipField(tag);
        continue;
      }
      ByteString value = in.readBytes();
      String where = null;
      if (field == Span.NAME_FIELD_NUMBER && !value.isValidUtf8()) {
        where = "name";
      } else if (field == Span.TRACE_STATE_FIELD_NUMBER && !value.isValidUtf8()) {
        where = "traceState";
      } else if (field == Span.ATTRIBUTES_FIELD_NUMBER) {
        where = attribute(value);
      } else if (field == Span.EVENTS_FIELD_NUMBER) {
        where = parses(value, Span.Event.parser()) ? null : "events[" + events + "]";
        events++;
      } else if (field == Span.LINKS_FIELD_NUMBER) {
        where = parses(value, Span.Link.parser()) ? null : "links[" + links + "]";
        links++;
      } else if (field == Span.STATUS_FIELD_NUMBER) {
        where = parses(value, Status.parser()) ? null : "status.message";
      }
      if (where != null) {
        return where + ": " + Utf8.INVALID;
      }
    }
    return "a string is " + Utf8.INVALID;
  }

  /** The attribute named as {@code attributes["key"]} if it is not valid UTF-8, else null. */
  private static String attribute(ByteString keyValue) throws IOException {
    if (parses(keyValue, KeyValue.parser())) {
      return null;
    }
    CodedInputStream in = keyValue.newCodedInput();
    for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
      if (tag == lengthDelimited(KeyValue.KEY_FIELD_NUMBER)) {
        ByteString key = in.readBytes();
        return key.isValidUtf8() ? "attributes[\"" + key.toStringUtf8() + "\"]" : "an attribute key";
      }
      in.skipField(tag);
    }
    return "an attribute";
  }

  private static boolean parses(ByteString bytes, com.google.protobuf.Parser<?> parser) {
    try {
      parser.parseFrom(bytes);
      return true;
    } catch (InvalidProtocolBufferException e) {
      return false;
    }
  }

  /**
   * The rejection for a part that failed for its UTF-8.
   *
   * @throws InvalidProtocolBufferException the failure, if it is not about UTF-8: the request is
   *     malformed as a whole then
   */
  private static String utf8Problem(InvalidProtocolBufferException e, String what)
      throws InvalidProtocolBufferException {
    if (!INVALID_UTF8.equals(e.getMessage())) {
      throw e;
    }
    return what + Utf8.INVALID;
  }

  /** The tag of a length-delimited field (messages, strings, bytes): its number, then wire type 2. */
  private static int lengthDelimited(int field) {
    return field << 3 | WireFormat.WIRETYPE_LENGTH_DELIMITED;
  }

  private SpanwiseParser() {}
}
