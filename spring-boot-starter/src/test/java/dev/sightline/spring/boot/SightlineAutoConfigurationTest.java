package dev.sightline.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sightline.Sightline;
import dev.sightline.server.testing.ApiClient;
import dev.sightline.server.testing.TestServer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.Status;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** The auto-configuration in application contexts, with and without a real server on loopback. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class SightlineAutoConfigurationTest {
  private final ApplicationContextRunner contexts = new ApplicationContextRunner().withConfiguration(
      AutoConfigurations.of(SightlineAutoConfiguration.class, SightlineHealthAutoConfiguration.class,
          SightlineSpringAiAutoConfiguration.class));

  @Test
  void withoutAnEndpointTheClientRecordsNothingAndHealthSaysSo() {
    contexts.withPropertyValues("sightline.api-key=").run(context -> {
      assertThat(context).hasNotFailed();
      assertThat(context.getBean(Sightline.class).isEnabled()).isFalse();
      Health health = context.getBean(SightlineHealthIndicator.class).health();
      assertThat(health.getStatus()).isEqualTo(Status.UP);
      assertThat(health.getDetails()).containsEntry("enabled", false);
      assertThat(context).hasSingleBean(SightlineObservationHandler.class);
    });
  }

  @Test
  void anEndpointWithoutAKeyStopsTheStartNamingTheField() {
    contexts.withPropertyValues("sightline.endpoint=http://127.0.0.1:1").run(context ->
        assertThat(context).getFailure().rootCause().hasMessageContaining("apiKey"));
  }

  @Test
  void propertiesAndTheMaskingBeanReachTheServerAndHealthCountsTheDelivery(@TempDir Path dataDir) {
    try (TestServer server = TestServer.start(dataDir)) {
      ApiClient client = server.newProject();
      String[] traceId = new String[1];
      contexts.withPropertyValues("sightline.endpoint=" + client.base(), "sightline.api-key=" + client.key(),
              "sightline.environment=staging", "sightline.release=2.4.1", "sightline.flush-interval=50ms")
          .withBean(SightlineMasking.class, () -> text -> text.replaceAll("\\d{16}", "[CARD]"))
          .run(context -> {
            Sightline sightline = context.getBean(Sightline.class);
            try (var trace = sightline.trace("checkout").input("pay with 4111111111111111").start()) {
              traceId[0] = trace.traceId();
            }
            assertThat(sightline.flush(Duration.ofSeconds(10))).isTrue();
            Health health = context.getBean(SightlineHealthIndicator.class).health();
            assertThat(health.getStatus()).isEqualTo(Status.UP);
            assertThat(health.getDetails()).containsEntry("enabled", true).containsEntry("failed", 0L);
            assertThat((Long) health.getDetails().get("sent")).isPositive();
          });
      JsonNode trace = client.awaitTrace(traceId[0], t -> t.at("/trace/status").asText().equals("success"));
      assertThat(trace.at("/trace/input").asText()).isEqualTo("pay with [CARD]");
      assertThat(trace.at("/trace/environment").asText()).isEqualTo("staging");
      assertThat(trace.at("/trace/release").asText()).isEqualTo("2.4.1");
    }
  }

  @Test
  void springAiCanBeLeftUntraced() {
    contexts.withPropertyValues("sightline.spring-ai.enabled=false").run(context ->
        assertThat(context).doesNotHaveBean(SightlineObservationHandler.class));
  }
}
