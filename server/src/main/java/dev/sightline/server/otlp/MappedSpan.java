package dev.sightline.server.otlp;

import dev.sightline.core.model.Column;
import dev.sightline.core.model.Schema;
import dev.sightline.core.model.Table;
import io.opentelemetry.proto.trace.v1.Span;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One OTLP span while the conventions map it: what is still unmapped (attributes, events) and the
 * fields of the span row and of its trace row mapped so far.
 *
 * <p>The conventions run from the most explicit (Langfuse) to the most generic, and each mapping
 * takes its attribute only while the field is unset, so that an attribute a more explicit one made
 * redundant stays in the span's attributes. Not thread-safe.
 */
final class MappedSpan {
  final Span span;
  /** Whether the span has no parent, so that it describes its trace as a whole. */
  final boolean root;
  final SpanAttributes attributes;
  /** Events no convention has taken yet, in the order sent. */
  final List<Span.Event> events;
  final Fields fields = new Fields(Table.SPANS);
  /** Fields of the span's trace row: all of them for a root span, trace-level attributes for others. */
  final Fields trace = new Fields(Table.TRACES);

  MappedSpan(Span span, boolean root) {
    this.span = span;
    this.root = root;
    this.attributes = new SpanAttributes(span.getAttributesList());
    this.events = new ArrayList<>(span.getEventsList());
  }

  /** Maps the first present of these attributes (scalar text) to a field. */
  void string(Fields target, Column c, String... keys) {
    if (!target.has(c)) {
      target.offer(c, attributes.takeString(keys));
    }
  }

  /** Maps an attribute that a convention defines as JSON to a JSON field. */
  void document(Fields target, Column c, String key) {
    if (!target.has(c) && attributes.has(key)) {
      target.offer(c, attributes.takeDocumentValue(key));
    }
  }

  /**
   * Maps the first present of these attributes to a count of the span (tokens).
   *
   * @throws IllegalArgumentException if the attribute is not a count
   */
  void count(Column c, String... keys) {
    if (!fields.has(c)) {
      fields.offer(c, attributes.takeCount(keys));
    }
  }

  /** Maps a kind attribute through a vocabulary (lower-case keys); a value outside it stays. */
  void type(String key, Map<String, String> types) {
    String value = attributes.peek(key);
    String type = value == null ? null : types.get(value.toLowerCase(Locale.ROOT));
    if (type != null && fields.offer(Schema.TYPE, type)) {
      attributes.take(key);
    }
  }
}
