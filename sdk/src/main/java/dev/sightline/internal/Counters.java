package dev.sightline.internal;

import dev.sightline.ExportStats;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/** The exporter's counters (see {@link ExportStats}). Thread-safe. */
final class Counters {
  final LongAdder droppedQueueFull = new LongAdder();
  final LongAdder sampledOut = new LongAdder();
  final AtomicLong sent = new AtomicLong();
  final AtomicLong rejected = new AtomicLong();
  final AtomicLong failed = new AtomicLong();
  final AtomicLong retries = new AtomicLong();
  final AtomicLong batches = new AtomicLong();

  ExportStats snapshot(long enqueued, long queued, long recordingErrors) {
    return new ExportStats(enqueued, sent.get(), droppedQueueFull.sum(), rejected.get(),
        failed.get(), retries.get(), batches.get(), queued, sampledOut.sum(), recordingErrors);
  }
}
