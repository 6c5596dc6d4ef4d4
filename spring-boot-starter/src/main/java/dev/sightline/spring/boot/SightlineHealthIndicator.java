package dev.sightline.spring.boot;

import dev.sightline.ExportStats;
import dev.sightline.Sightline;
import java.util.concurrent.atomic.AtomicReference;
import org.springframework.boot.actuate.health.AbstractHealthIndicator;
import org.springframework.boot.actuate.health.Health;

/**
 * The exporter's health, as the actuator's {@code sightline} component: UP while items are
 * delivered (or nothing was recorded), DOWN when, since the previous check, items were given up or
 * dropped and none was delivered, so a server that stays away shows; the details are the
 * exporter's counters. With no endpoint configured it is UP with {@code enabled: false}.
 *
 * <p>Thread-safe: concurrent checks compare against whichever previous snapshot won.
 */
public class SightlineHealthIndicator extends AbstractHealthIndicator {
  private final Sightline sightline;
  private final AtomicReference<ExportStats> previous = new AtomicReference<>();

  public SightlineHealthIndicator(Sightline sightline) {
    super("Sightline exporter health check failed");
    this.sightline = sightline;
  }

  @Override
  protected void doHealthCheck(Health.Builder builder) {
    if (!sightline.isEnabled()) {
      builder.up().withDetail("enabled", false);
      return;
    }
    ExportStats now = sightline.stats();
    ExportStats before = previous.getAndSet(now);
    long lost = now.failed() + now.droppedQueueFull() - (before == null ? 0 : before.failed() + before.droppedQueueFull());
    long delivered = now.sent() - (before == null ? 0 : before.sent());
    (lost > 0 && delivered == 0 ? builder.down() : builder.up())
        .withDetail("enabled", true)
        .withDetail("queued", now.queued())
        .withDetail("sent", now.sent())
        .withDetail("batches", now.batches())
        .withDetail("retries", now.retries())
        .withDetail("droppedQueueFull", now.droppedQueueFull())
        .withDetail("rejected", now.rejected())
        .withDetail("failed", now.failed())
        .withDetail("sampledOut", now.sampledOut())
        .withDetail("recordingErrors", now.recordingErrors());
  }
}
