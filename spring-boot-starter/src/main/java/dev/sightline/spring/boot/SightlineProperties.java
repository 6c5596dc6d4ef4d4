package dev.sightline.spring.boot;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The {@code sightline.*} properties: where the client sends traces, and what the Spring AI
 * observation handler records. Environment variables bind too ({@code SIGHTLINE_ENDPOINT},
 * {@code SIGHTLINE_API_KEY}, ...), by Spring Boot's relaxed binding. Every value may be left
 * unset (null): the SDK's default applies. Mutable bean for the binder; read once at start-up.
 */
@ConfigurationProperties("sightline")
public class SightlineProperties {
  /** The server's base URL, e.g. http://127.0.0.1:7600; without it the client records nothing. */
  private String endpoint;
  /** The project's API key; required with an endpoint. */
  private String apiKey;
  /** The share of traces recorded, 0 to 1 (default 1), decided per trace. */
  private Double sampleRate;
  /** The environment recorded on every trace, e.g. production. */
  private String environment;
  /** The application release recorded on every trace. */
  private String release;
  /** The longest a recorded item waits before its batch is sent (default 1s). */
  private Duration flushInterval;
  /** How long closing the application context waits for queued items to be delivered (default 5s). */
  private Duration shutdownTimeout;
  private final SpringAi springAi = new SpringAi();

  public String getEndpoint() {
    return endpoint;
  }

  public void setEndpoint(String endpoint) {
    this.endpoint = endpoint;
  }

  public String getApiKey() {
    return apiKey;
  }

  public void setApiKey(String apiKey) {
    this.apiKey = apiKey;
  }

  public Double getSampleRate() {
    return sampleRate;
  }

  public void setSampleRate(Double sampleRate) {
    this.sampleRate = sampleRate;
  }

  public String getEnvironment() {
    return environment;
  }

  public void setEnvironment(String environment) {
    this.environment = environment;
  }

  public String getRelease() {
    return release;
  }

  public void setRelease(String release) {
    this.release = release;
  }

  public Duration getFlushInterval() {
    return flushInterval;
  }

  public void setFlushInterval(Duration flushInterval) {
    this.flushInterval = flushInterval;
  }

  public Duration getShutdownTimeout() {
    return shutdownTimeout;
  }

  public void setShutdownTimeout(Duration shutdownTimeout) {
    this.shutdownTimeout = shutdownTimeout;
  }

  public SpringAi getSpringAi() {
    return springAi;
  }

  /** {@code sightline.spring-ai.*}: how Spring AI's observations are recorded. */
  public static class SpringAi {
    /** Whether Spring AI's observations are recorded as Sightline spans. */
    private boolean enabled = true;
    /**
     * Whether prompts, completions, tool arguments and results, embedded texts and retrieved
     * documents are recorded; off by default, so only models, tokens and timings leave the process.
     */
    private boolean captureContent;
    /**
     * The feature slug of the traces started for Spring AI calls made outside any Sightline trace;
     * defaults to spring.application.name, else spring-ai.
     */
    private String feature;

    public boolean isEnabled() {
      return enabled;
    }

    public void setEnabled(boolean enabled) {
      this.enabled = enabled;
    }

    public boolean isCaptureContent() {
      return captureContent;
    }

    public void setCaptureContent(boolean captureContent) {
      this.captureContent = captureContent;
    }

    public String getFeature() {
      return feature;
    }

    public void setFeature(String feature) {
      this.feature = feature;
    }
  }
}
