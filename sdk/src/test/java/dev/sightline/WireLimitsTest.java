package dev.sightline;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sightline.core.codec.FieldRules;
import dev.sightline.core.model.Column;
import dev.sightline.core.model.Schema;
import dev.sightline.testing.RealServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The SDK cuts strings to the server's limits, which {@link Schema} defines once: every field the
 * application can make too long arrives cut to exactly its column's length, and the server takes
 * it. A limit changed on one side only fails here (a longer SDK limit loses the item, a shorter one
 * loses text the server would keep).
 */
class WireLimitsTest {
  private static final String LONG = "x".repeat(70_000);

  @Test
  void everyStringIsCutToItsColumnsLimitAndTaken() throws Exception {
    try (RealServer server = RealServer.start()) {
      Sightline s = Sightline.builder().endpoint(server.endpoint()).apiKey(server.apiKey())
          .environment(LONG).release(LONG).build();
      Trace trace = s.trace(LONG).name(LONG).referenceId(LONG).sessionId(LONG).conversationId(LONG)
          .user(new User(LONG, LONG, LONG)).organization(new Organization(LONG, LONG)).tags(LONG)
          .start();
      Generation generation = trace.generation(LONG).referenceId(LONG).promptId(LONG).deploymentId(LONG)
          .provider(LONG).model(LONG).start();
      generation.setStatus(Status.FAILURE, LONG);
      generation.end();
      trace.feedback(Feedback.of(LONG).withComment(LONG).withAuthor(LONG));
      trace.setStatus(Status.FAILURE, LONG);
      trace.end();
      assertThat(s.flush(Duration.ofSeconds(10))).isTrue();

      JsonNode tree = server.await("/api/traces/" + trace.traceId(),
          t -> t.get("spans").size() == 1 && t.get("scores").size() == 1);
      List<String> wrong = new ArrayList<>();
      JsonNode t = tree.get("trace");
      check(wrong, "trace", t, Schema.FEATURE, Schema.NAME, Schema.REFERENCE_ID, Schema.SESSION_ID,
          Schema.CONVERSATION_ID, Schema.USER_ID, Schema.USER_NAME, Schema.USER_EMAIL, Schema.ORGANIZATION_ID,
          Schema.ORGANIZATION_NAME, Schema.ENVIRONMENT, Schema.RELEASE, Schema.STATUS_MESSAGE);
      expect(wrong, "trace tags[0]", t.get("tags").get(0), FieldRules.MAX_LIST_ITEM);
      JsonNode g = tree.get("spans").get(0);
      check(wrong, "generation", g, Schema.NAME, Schema.REFERENCE_ID, Schema.PROMPT_ID, Schema.DEPLOYMENT_ID,
          Schema.PROVIDER, Schema.MODEL, Schema.STATUS_MESSAGE);
      JsonNode score = tree.get("scores").get(0);
      check(wrong, "score", score, Schema.LABEL, Schema.COMMENT, Schema.AUTHOR);
      // A feedback without a value sends its tag as both name and label, so the shorter limit holds.
      expect(wrong, "score name", score.get("name"), Math.min(Schema.NAME.maxLength(), Schema.LABEL.maxLength()));
      assertThat(wrong).isEmpty();
      s.shutdown(Duration.ofSeconds(5));
    }
  }

  private static void check(List<String> wrong, String what, JsonNode node, Column... columns) {
    for (Column c : columns) {
      JsonNode value = node;
      for (String part : c.name().split("\\.")) {
        value = value == null ? null : value.get(part);
      }
      expect(wrong, what + " " + c.name(), value, c.maxLength());
    }
  }

  private static void expect(List<String> wrong, String field, JsonNode value, int limit) {
    int length = value == null ? -1 : value.asText().length();
    if (length != limit) {
      wrong.add(field + ": " + length + " characters, the server's limit is " + limit);
    }
  }
}
