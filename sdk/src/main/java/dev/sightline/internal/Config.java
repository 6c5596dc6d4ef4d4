package dev.sightline.internal;

import java.net.URI;
import java.time.Duration;
import java.util.function.UnaryOperator;

/**
 * The client's settings, checked by {@code Sightline.Builder}. Immutable.
 *
 * @param ingestUri where batches are posted, or null for a client that records nothing
 * @param apiKey the bearer key; null only without an endpoint
 * @param sampleRate share of traces recorded, 0 to 1
 * @param maxBatchBytes uncompressed size at which a batch is sent
 * @param queueSize items the queue holds before it drops
 * @param maxRetryTime how long one batch is retried before it is given up
 * @param maxBackoff the longest pause between two attempts (a server's Retry-After may ask for more, up to a minute)
 * @param mask the application's masking of free text before it is sent, or null
 */
public record Config(URI ingestUri, String apiKey, double sampleRate, Duration flushInterval,
    int batchSize, int maxBatchBytes, int queueSize, boolean compression, String environment,
    String release, Duration connectTimeout, Duration requestTimeout, Duration maxRetryTime,
    Duration maxBackoff, boolean shutdownHook, Duration shutdownTimeout, UnaryOperator<String> mask) {

  public boolean enabled() {
    return ingestUri != null;
  }
}
