package dev.sightline.server.otlp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sightline.core.model.Column;
import dev.sightline.core.model.Schema;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The trace row a span contributes to: the trace-level attributes any span may carry (user,
 * session, conversation), and for a root span the trace as a whole, from the span and from its
 * resource ({@code service.name} as the feature, {@code service.version} as the release,
 * {@code deployment.environment.name} as the environment, every resource attribute as an
 * attribute). Runs after the span's own fields are mapped, which a root span's trace copies.
 */
final class TraceConvention {
  /** What the OpenTelemetry SDKs report when the application set no {@code service.name}. */
  private static final String UNKNOWN_SERVICE = "unknown_service";

  /**
   * What a resource says about the traces whose root it produced.
   *
   * @param attributes every resource attribute, flat (see {@link AnyValues#flat})
   * @param keys the keys of {@code attributes}, in order
   * @param values the JSON text of each key's value in {@code attributes}
   * @param feature {@code service.name} unless it is the SDKs' unknown-service default, or null
   * @param environment {@code langfuse.environment}, else {@code deployment.environment.name},
   *     else {@code deployment.environment}, or null
   * @param release {@code langfuse.release}, else {@code service.version}, or null
   */
  record Resource(ObjectNode attributes, List<String> keys, List<String> values, String feature,
      String environment, String release) {

    static Resource of(List<KeyValue> attributes) {
      ObjectNode flat = AnyValues.NODES.objectNode();
      Map<String, String> text = new HashMap<>();
      for (KeyValue kv : attributes) {
        flat.set(kv.getKey(), AnyValues.flat(kv.getValue()));
        String t = AnyValues.text(kv.getValue());
        if (t != null && !t.isBlank()) {
          text.put(kv.getKey(), t);
        }
      }
      List<String> keys = new ArrayList<>(flat.size());
      List<String> values = new ArrayList<>(flat.size());
      for (Map.Entry<String, JsonNode> e : flat.properties()) {
        keys.add(e.getKey());
        values.add(e.getValue().toString());
      }
      String service = text.get("service.name");
      return new Resource(flat, List.copyOf(keys), List.copyOf(values),
          service == null || service.startsWith(UNKNOWN_SERVICE) ? null : service,
          first(text, "langfuse.environment", "deployment.environment.name", "deployment.environment"),
          first(text, "langfuse.release", "service.version"));
    }

    /**
     * The resource attributes and then the span's that no convention took, as the text of one
     * JSON object, as a tree of them would print (a span attribute replaces a resource attribute
     * of its key, in its place); null if there are none.
     */
    String attributesWith(SpanAttributes span) {
      int n = keys.size();
      String[] k = keys.toArray(new String[n + span.slots()]);
      Object[] v = values.toArray(new Object[n + span.slots()]);
      for (int slot = 0; slot < span.slots(); slot++) {
        String key = span.key(slot);
        if (key == null) {
          continue;
        }
        int at = 0;
        while (at < n && !k[at].equals(key)) {
          at++;
        }
        if (at == n) {
          k[n++] = key;
        }
        v[at] = span.value(slot);
      }
      if (n == 0) {
        return null;
      }
      StringBuilder out = new StringBuilder(16 * n);
      for (int i = 0; i < n; i++) {
        JsonText.appendString(out.append(i == 0 ? '{' : ','), k[i]);
        out.append(':');
        if (v[i] instanceof AnyValue) {
          AnyValues.appendFlat(out, (AnyValue) v[i]);
        } else {
          out.append((String) v[i]);
        }
      }
      return out.append('}').toString();
    }

    private static String first(Map<String, String> values, String... keys) {
      for (String key : keys) {
        if (values.containsKey(key)) {
          return values.get(key);
        }
      }
      return null;
    }
  }

  private static final List<Column> COPIED_FROM_ROOT = List.of(Schema.START_TIME, Schema.END_TIME,
      Schema.STATUS, Schema.STATUS_MESSAGE, Schema.INPUT, Schema.OUTPUT, Schema.TAGS);

  static void apply(MappedSpan s, Resource resource) {
    Fields t = s.trace;
    s.string(t, Schema.USER_ID, "user.id", "enduser.id");
    s.string(t, Schema.SESSION_ID, "session.id");
    String conversation = s.attributes.takeString("gen_ai.conversation.id");
    if (conversation != null) {
      t.offer(Schema.CONVERSATION_ID, conversation);
      t.offer(Schema.SESSION_ID, conversation);
    }
    if (!s.root) {
      return;
    }
    String name = s.span.getName();
    if (!name.isEmpty()) {
      t.offer(Schema.NAME, name);
    }
    // The root span's name stands in for a missing service name, cut to the feature's limit
    // rather than rejecting a span for a value it did not send.
    t.offer(Schema.FEATURE, resource.feature() != null ? resource.feature()
        : name.isEmpty() ? null : name.substring(0, Math.min(name.length(), Schema.FEATURE.maxLength())));
    for (Column c : COPIED_FROM_ROOT) {
      t.offer(c, s.fields.get(c));
    }
    t.offer(Schema.ENVIRONMENT, resource.environment());
    t.offer(Schema.RELEASE, resource.release());
    if (!resource.attributes().isEmpty()) {
      t.merge(Schema.ATTRIBUTES, "resource", resource.attributes());
    }
  }

  private TraceConvention() {}
}
