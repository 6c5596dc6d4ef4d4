package dev.sightline.internal;

import java.time.Duration;

/** Defaults of the client settings, in one place for the builder, its docs and the disabled client. */
public final class Configs {
  public static final double SAMPLE_RATE = 1.0;
  public static final Duration FLUSH_INTERVAL = Duration.ofSeconds(1);
  public static final int BATCH_SIZE = 512;
  public static final int MAX_BATCH_BYTES = 4 << 20;
  public static final int QUEUE_SIZE = 16_384;
  public static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
  public static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(10);
  public static final Duration MAX_RETRY_TIME = Duration.ofMinutes(5);
  public static final Duration MAX_BACKOFF = Duration.ofSeconds(5);
  public static final Duration SHUTDOWN_TIMEOUT = Duration.ofSeconds(5);
  /** The server's limit of items per request. */
  public static final int MAX_BATCH_SIZE = 10_000;

  static Config disabled() {
    return new Config(null, null, SAMPLE_RATE, FLUSH_INTERVAL, BATCH_SIZE, MAX_BATCH_BYTES, QUEUE_SIZE,
        true, null, null, CONNECT_TIMEOUT, REQUEST_TIMEOUT, MAX_RETRY_TIME, MAX_BACKOFF, false, SHUTDOWN_TIMEOUT,
        null);
  }

  private Configs() {}
}
