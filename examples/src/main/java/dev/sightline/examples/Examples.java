package dev.sightline.examples;

import dev.sightline.ExportStats;
import dev.sightline.Sightline;
import java.time.Duration;

/** What the example mains print at the end: where to look, and what the exporter did. */
final class Examples {

  static void report(Sightline sightline, String feature, String traceId) {
    if (!sightline.isEnabled()) {
      System.out.println("SIGHTLINE_ENDPOINT is not set: nothing was recorded.");
      return;
    }
    boolean delivered = sightline.flush(Duration.ofSeconds(5));
    ExportStats stats = sightline.stats();
    System.out.println((delivered ? "" : "NOT all delivered: ") + "sent " + stats.sent() + ", rejected "
        + stats.rejected() + ", dropped " + (stats.dropped() - stats.rejected())
        + (stats.rejected() > 0 || !delivered ? " (the SDK's log above says why)" : ""));
    System.out.println("see it: GET /api/traces?feature=" + feature + "  or  GET /api/traces/" + traceId);
  }

  private Examples() {}
}
