package dev.sightline.spring.example;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sightline.server.testing.ApiClient;
import dev.sightline.server.testing.TestServer;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.context.ConfigurableApplicationContext;

@Timeout(value = 120, unit = TimeUnit.SECONDS)
class SpringAiExampleTest {

  @Test
  void probe(@TempDir Path dataDir) throws Exception {
    try (TestServer server = TestServer.start(dataDir); FakeOpenAi openAi = FakeOpenAi.start()) {
      ApiClient client = server.newProject();
      try (ConfigurableApplicationContext context = SpringAiExample.run(openAi,
          "--sightline.endpoint=" + client.base(), "--sightline.api-key=" + client.key())) {
        System.out.println("ANSWER " + context.getBean(SpringAiExample.Question.class).answer());
      }
      JsonNode list = client.await("/api/traces?feature=train-times", p -> p.path("items").size() == 1);
      System.out.println("LIST " + list.toPrettyString());
      String traceId = list.at("/items/0/traceId").asText();
      JsonNode tree = client.awaitTrace(traceId, t -> !t.path("trace").path("status").asText().equals("pending"));
      System.out.println("TREE " + tree.toPrettyString());
    }
  }
}
