package dev.sightline.server.collector;

import dev.sightline.core.model.Row;
import dev.sightline.core.model.Table;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/** The write path's meters: items made durable, log sync latency, storage batch size and latency. */
final class PipelineMetrics {
  private final Map<Table, Counter> accepted = new HashMap<>();
  private final Timer sync;
  private final Timer write;
  private final DistributionSummary batchRows;
  private final Counter writeFailures;
  private final AtomicInteger consecutiveFailures = new AtomicInteger();

  PipelineMetrics(MeterRegistry registry) {
    for (Table t : Table.all()) {
      accepted.put(t, Counter.builder("sightline.ingest.items").tag("type", t.itemType())
          .description("Items made durable, by type").register(registry));
    }
    sync = Timer.builder("sightline.wal.sync").description("Write-ahead log append and fsync")
        .publishPercentiles(0.5, 0.99).register(registry);
    write = Timer.builder("sightline.storage.write").description("Storage batch write latency")
        .publishPercentiles(0.5, 0.99).register(registry);
    batchRows = DistributionSummary.builder("sightline.storage.write.rows")
        .description("Input rows per storage batch").register(registry);
    writeFailures = Counter.builder("sightline.storage.write.failures")
        .description("Storage batch writes that failed and were retried").register(registry);
  }

  void accepted(List<Row> rows) {
    for (Row r : rows) {
      accepted.get(r.table()).increment();
    }
  }

  void synced(long nanos) {
    sync.record(nanos, TimeUnit.NANOSECONDS);
  }

  void loaded(int rows, long nanos) {
    consecutiveFailures.set(0);
    batchRows.record(rows);
    write.record(nanos, TimeUnit.NANOSECONDS);
  }

  void loadFailed() {
    consecutiveFailures.incrementAndGet();
    writeFailures.increment();
  }

  int consecutiveFailures() {
    return consecutiveFailures.get();
  }
}
