package dev.sightline.server.ingest.otlp;

import dev.sightline.server.ingest.BatchDecoder;
import dev.sightline.server.ingest.DecodedBatch;
import dev.sightline.server.ingest.IngestException;
import dev.sightline.server.ingest.ItemError;
import dev.sightline.server.model.Row;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import java.util.ArrayList;
import java.util.List;

/**
 * Maps a decoded OTLP export request onto rows span by span: a span that cannot be stored is
 * rejected alone, with its position among the request's spans (counted across resources and
 * scopes, from 0) and the reason. Deterministic and stateless.
 */
final class TraceRequestMapper {
  /** Most spans in one request, as for items of the native protocol. */
  static final int MAX_SPANS = BatchDecoder.MAX_ITEMS;
  /** Most span events in one request: each may become a row of its own. */
  static final int MAX_EVENTS = BatchDecoder.MAX_ITEMS;
  private static final int MAX_NAME_IN_MESSAGE = 80;

  /**
   * @throws IngestException 413 if the request holds more spans or events than one request may
   */
  static DecodedBatch map(ExportTraceServiceRequest request, String projectId, long receivedAt) {
    checkSize(request);
    List<Row> rows = new ArrayList<>();
    List<ItemError> errors = new ArrayList<>();
    int index = 0;
    for (ResourceSpans rs : request.getResourceSpansList()) {
      TraceConvention.Resource resource = TraceConvention.Resource.of(rs.getResource().getAttributesList());
      for (ScopeSpans ss : rs.getScopeSpansList()) {
        for (Span span : ss.getSpansList()) {
          try {
            rows.addAll(SpanMapper.map(span, resource, ss.getScope(), projectId, receivedAt));
          } catch (IllegalArgumentException e) {
            errors.add(new ItemError(index, describe(span) + e.getMessage()));
          }
          index++;
        }
      }
    }
    return new DecodedBatch(rows, errors, index);
  }

  private static void checkSize(ExportTraceServiceRequest request) {
    long spans = 0;
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
    return "\"" + (name.length() > MAX_NAME_IN_MESSAGE ? name.substring(0, MAX_NAME_IN_MESSAGE) + "…" : name)
        + "\": ";
  }

  private TraceRequestMapper() {}
}
