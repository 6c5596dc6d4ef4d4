package dev.sightline.server.otlp;

import dev.sightline.core.codec.DecodedBatch;
import dev.sightline.core.codec.IngestException;
import dev.sightline.core.codec.ItemError;
import dev.sightline.core.codec.NativeDecoder;
import dev.sightline.core.model.Row;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import java.util.ArrayList;
import java.util.List;
import java.util.SortedMap;

/**
 * Maps a decoded OTLP export request onto rows span by span: a span that cannot be stored is
 * rejected alone, with its position among the request's spans (counted across resources and
 * scopes, from 0) and the reason. Deterministic and stateless.
 */
final class TraceRequestMapper {
  /** Most spans in one request, as for items of the native protocol. */
  static final int MAX_SPANS = NativeDecoder.MAX_ITEMS;
  /** Most span events in one request: each may become a row of its own. */
  static final int MAX_EVENTS = NativeDecoder.MAX_ITEMS;
  private static final int MAX_NAME_IN_MESSAGE = 80;

  /**
   * @param rejected spans already rejected while parsing (and absent from {@code request}), by
   *     position among all the request's spans
   * @throws IngestException 413 if the request holds more spans or events than one request may
   */
  static DecodedBatch map(ExportTraceServiceRequest request, SortedMap<Integer, String> rejected,
      String projectId, long receivedAt) {
    checkSize(request, rejected.size());
    List<Row> rows = new ArrayList<>();
    List<ItemError> errors = new ArrayList<>();
    int index = 0;
    for (ResourceSpans rs : request.getResourceSpansList()) {
      TraceConvention.Resource resource = TraceConvention.Resource.of(rs.getResource().getAttributesList());
      for (ScopeSpans ss : rs.getScopeSpansList()) {
        for (Span span : ss.getSpansList()) {
          index = skipRejected(rejected, index, errors);
          try {
            rows.addAll(SpanMapper.map(span, resource, ss.getScope(), projectId, receivedAt));
          } catch (IllegalArgumentException e) {
            errors.add(new ItemError(index, describe(span) + e.getMessage()));
          }
          index++;
        }
      }
    }
    index = skipRejected(rejected, index, errors);
    return new DecodedBatch(rows, errors, index);
  }

  /** Reports the spans rejected while parsing from {@code index} on; returns the next position. */
  private static int skipRejected(SortedMap<Integer, String> rejected, int index, List<ItemError> errors) {
    while (rejected.containsKey(index)) {
      errors.add(new ItemError(index, rejected.get(index)));
      index++;
    }
    return index;
  }

  private static void checkSize(ExportTraceServiceRequest request, int rejected) {
    long spans = rejected;
    long events = 0;
    for (ResourceSpans rs : request.getResourceSpansList()) {
      for (ScopeSpans ss : rs.getScopeSpansList()) {
        spans += ss.getSpansCount();
        for (Span span : ss.getSpansList()) {
          events += span.getEventsCount();
        }
      }
    }
    if (spans > MAX_SPANS) {
      throw new IngestException(413, "body: at most " + MAX_SPANS + " spans per request, got " + spans);
    }
    if (events > MAX_EVENTS) {
      throw new IngestException(413, "body: at most " + MAX_EVENTS + " span events per request, got " + events);
    }
  }

  private static String describe(Span span) {
    String name = span.getName();
    if (name.isEmpty()) {
      return "";
    }
    String shown = name.length() > MAX_NAME_IN_MESSAGE ? name.substring(0, MAX_NAME_IN_MESSAGE) + "…" : name;
    // The name may be what got the span rejected: neither control characters nor unpaired
    // surrogates are echoed (the answer's UTF-8 encoders cannot write the latter).
    StringBuilder out = new StringBuilder(shown.length() + 4).append('"');
    for (int i = 0; i < shown.length(); i++) {
      char c = shown.charAt(i);
      boolean pair = Character.isHighSurrogate(c) && i + 1 < shown.length()
          && Character.isLowSurrogate(shown.charAt(i + 1));
      if (pair) {
        out.append(c).append(shown.charAt(++i));
      } else {
        out.append(Character.isISOControl(c) || Character.isSurrogate(c) ? '?' : c);
      }
    }
    return out.append("\": ").toString();
  }

  private TraceRequestMapper() {}
}
