package dev.sightline.server.otlp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sightline.core.model.Column;
import dev.sightline.core.model.Schema;

/**
 * Key-value properties an application attaches to a whole trace through its instrumentation
 * (the AI SDK's telemetry metadata and runtime context, OpenLLMetry's association properties):
 * {@code userId} or {@code user_id} is the trace's user, {@code sessionId} or {@code session_id}
 * its session, {@code tags} its tags, every other key its metadata.
 */
final class TraceProperties {

  /** Applies the properties to the trace row; a field already set is kept. */
  static void apply(Fields trace, ObjectNode properties) {
    if (properties == null) {
      return;
    }
    text(trace, Schema.USER_ID, properties, "userId", "user_id");
    text(trace, Schema.SESSION_ID, properties, "sessionId", "session_id");
    JsonNode tags = properties.remove("tags");
    if (tags != null) {
      trace.offer(Schema.TAGS, AnyValues.strings(tags));
    }
    if (!properties.isEmpty()) {
      trace.merge(Schema.METADATA, "metadata", properties);
    }
  }

  private static void text(Fields trace, Column c, ObjectNode properties, String... keys) {
    for (String key : keys) {
      JsonNode value = properties.get(key);
      if (value != null && value.isValueNode() && !value.isNull()) {
        properties.remove(key);
        trace.offer(c, value.asText());
      }
    }
  }

  private TraceProperties() {}
}
