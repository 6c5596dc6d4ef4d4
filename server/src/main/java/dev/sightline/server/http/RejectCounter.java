package dev.sightline.server.http;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/** Counts what the API turned away, by reason: invalid items, malformed or oversized requests ... */
public final class RejectCounter {
  private final MeterRegistry registry;

  public RejectCounter(MeterRegistry registry) {
    this.registry = registry;
  }

  public void count(String reason, long n) {
    Counter.builder("sightline.ingest.rejected").tag("reason", reason)
        .description("Requests or items rejected, by reason").register(registry).increment(n);
  }
}
