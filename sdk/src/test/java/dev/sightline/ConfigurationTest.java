package dev.sightline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The client builder and the environment: bad settings fail at once, naming the field. */
class ConfigurationTest {

  @Test
  void builderFailsFastNamingTheField() {
    Sightline.Builder b = Sightline.builder();
    assertThatThrownBy(() -> b.sampleRate(1.5)).hasMessageStartingWith("sampleRate:");
    assertThatThrownBy(() -> b.sampleRate(Double.NaN)).hasMessageStartingWith("sampleRate:");
    assertThatThrownBy(() -> b.batchSize(0)).hasMessageStartingWith("batchSize:");
    assertThatThrownBy(() -> b.batchSize(10_001)).hasMessageStartingWith("batchSize:");
    assertThatThrownBy(() -> b.queueSize(0)).hasMessageStartingWith("queueSize:");
    assertThatThrownBy(() -> b.maxBatchBytes(10)).hasMessageStartingWith("maxBatchBytes:");
    assertThatThrownBy(() -> b.flushInterval(Duration.ZERO)).hasMessageStartingWith("flushInterval:");
    assertThatThrownBy(() -> b.flushInterval(null)).hasMessageStartingWith("flushInterval:");
    assertThatThrownBy(() -> b.endpoint("ftp://x")).hasMessageStartingWith("endpoint:");
    assertThatThrownBy(() -> b.endpoint("not a url")).hasMessageStartingWith("endpoint:");
    assertThatThrownBy(() -> b.apiKey("has space")).hasMessageStartingWith("apiKey:");
    assertThatThrownBy(() -> Sightline.builder().endpoint("http://127.0.0.1:1").build())
        .hasMessageStartingWith("apiKey:");
  }

  @Test
  void environmentIsReadAndCheckedNamingTheVariable() {
    assertThatThrownBy(() -> Sightline.builder().fromEnvironment(Map.of("SIGHTLINE_SAMPLE_RATE", "lots")))
        .hasMessageStartingWith("SIGHTLINE_SAMPLE_RATE:");
    assertThatThrownBy(() -> Sightline.builder().fromEnvironment(Map.of("SIGHTLINE_BATCH_SIZE", "-3")))
        .hasMessageContaining("batchSize");
    assertThatThrownBy(() -> Sightline.builder().fromEnvironment(Map.of("SIGHTLINE_FLUSH_INTERVAL", "soon")))
        .hasMessageStartingWith("SIGHTLINE_FLUSH_INTERVAL:");
    Sightline s = Sightline.builder().fromEnvironment(Map.of(
        "SIGHTLINE_ENDPOINT", "http://127.0.0.1:9/", "SIGHTLINE_API_KEY", "k",
        "SIGHTLINE_SAMPLE_RATE", "0.25", "SIGHTLINE_FLUSH_INTERVAL", "250ms",
        "SIGHTLINE_BATCH_SIZE", "100", "SIGHTLINE_QUEUE_SIZE", "1000")).shutdownHook(false).build();
    try {
      assertThat(s.isEnabled()).isTrue();
    } finally {
      s.shutdown(Duration.ofMillis(100));
    }
  }

  @Test
  void withoutEndpointTheClientIsDisabledButFullyUsable() {
    Sightline s = Sightline.builder().fromEnvironment(Map.of()).build();
    assertThat(s.isEnabled()).isFalse();
    Trace t = s.trace("feature").input("x").start();
    assertThat(t.isRecorded()).isFalse();
    assertThat(t.traceId()).hasSize(32);
    t.span("child").run(span -> span.setAttribute("a", 1L));
    assertThat(t.end()).isNotBlank();
    assertThat(s.flush(Duration.ofMillis(10))).isTrue();
    assertThat(s.stats().enqueued()).isZero();
    s.close();
  }
}
