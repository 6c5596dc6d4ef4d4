package dev.sightline.internal;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * The exporter: a bounded lock-free queue drained by one daemon thread that writes items into a
 * batch, sends it when it holds {@code batchSize} items or {@code maxBatchBytes} bytes, or when its
 * oldest item has waited {@code flushInterval}, and retries a failed send with backoff. Producers
 * never block; they wake the thread only when it sleeps while a full batch is waiting, so a
 * steady stream costs them no signalling at all.
 */
final class BatchExporter implements Exporter {
  /** Room kept for the envelope {@code {"batch":[...]}} below the byte limit. */
  private static final int ENVELOPE = 16;
  private static final long MAX_PARK_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

  private final Config config;
  private final Counters counters;
  private final Problems problems;
  private final MpscQueue<Object> queue;
  private final Transport transport;
  private final Backoff backoff;
  private final JsonWriter batch;
  private final Thread thread;
  private final long wakeAt;
  private final Object progress = new Object();
  /** Items taken off the queue whose fate is settled; written by the exporter thread only. */
  private volatile long done;
  private volatile long flushTarget;
  private volatile boolean closing;
  private volatile long stopAtNanos;
  /** Whether the exporter thread is (about to be) parked with an unfilled batch: only then do producers wake it. */
  private volatile boolean parked;

  BatchExporter(Config config, Counters counters, Problems problems) {
    this(config, counters, problems, new HttpTransport(config));
  }

  /** An exporter that delivers through {@code transport}; starts its thread. */
  BatchExporter(Config config, Counters counters, Problems problems, Transport transport) {
    this.config = config;
    this.counters = counters;
    this.problems = problems;
    this.queue = new MpscQueue<>(config.queueSize());
    this.transport = transport;
    this.backoff = new Backoff(config.maxBackoff());
    this.batch = new JsonWriter(Math.min(config.maxBatchBytes(), 1 << 20), config.mask());
    this.wakeAt = Math.min(config.batchSize(), Math.max(1, config.queueSize() / 2));
    this.thread = new Thread(this::loop, "sightline-exporter");
    thread.setDaemon(true);
    thread.start();
  }

  @Override
  public void submit(Object item) {
    if (closing) {
      counters.failed.incrementAndGet();
      return;
    }
    long size = queue.offer(item);
    if (size < 0) {
      counters.droppedQueueFull.increment();
    } else if (size >= wakeAt && parked) {
      parked = false;
      LockSupport.unpark(thread);
    }
  }

  @Override
  public boolean flush(Duration timeout) {
    long target = queue.accepted();
    if (done >= target) {
      return true;
    }
    if (flushTarget < target) {
      flushTarget = target;
    }
    LockSupport.unpark(thread);
    return awaitDone(target, System.nanoTime() + timeout.toNanos());
  }

  @Override
  public boolean shutdown(Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    stopAtNanos = deadline;
    closing = true;
    LockSupport.unpark(thread);
    try {
      thread.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime()) + 50));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return !thread.isAlive() && done >= queue.accepted();
  }

  @Override
  public long accepted() {
    return queue.accepted();
  }

  @Override
  public long queued() {
    return queue.size();
  }

  private boolean awaitDone(long target, long deadline) {
    synchronized (progress) {
      while (done < target) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          return false;
        }
        try {
          TimeUnit.NANOSECONDS.timedWait(progress, left);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return false;
        }
      }
      return true;
    }
  }

  private void loop() {
    Pending pending = new Pending();
    while (true) {
      try {
        if (!step(pending)) {
          return;
        }
      } catch (Throwable t) { // the thread must survive anything, or tracing silently stops
        problems.log("exporter error; batch dropped", t);
        counters.failed.addAndGet(pending.items);
        settle(pending);
      }
    }
  }

  /** One turn of the loop; false when the exporter has finished. */
  private boolean step(Pending p) {
    if (closing && System.nanoTime() - stopAtNanos > 0) {
      abandon(p);
      return false;
    }
    Object item = queue.poll();
    if (item != null) {
      add(p, item);
      if (p.items >= config.batchSize() || batch.size() >= config.maxBatchBytes() - ENVELOPE) {
        send(p);
      }
      return true;
    }
    boolean hurry = closing || flushTarget > done;
    long waited = System.nanoTime() - p.startedNanos;
    if (p.items > 0 && (hurry || waited >= config.flushInterval().toNanos())) {
      send(p);
    } else if (p.items == 0 && p.taken > 0) {
      settle(p); // everything taken was skipped: nothing to send, but flush waiters count it
    } else if (closing && p.items == 0) {
      return false;
    } else {
      long wait = p.items > 0 ? config.flushInterval().toNanos() - waited : config.flushInterval().toNanos();
      parked = true;
      if (queue.size() < wakeAt) { // re-check: a producer may have filled a batch before seeing the flag
        LockSupport.parkNanos(this, Math.max(1, Math.min(wait, MAX_PARK_NANOS)));
      }
      parked = false;
    }
    return true;
  }

  private void add(Pending p, Object item) {
    if (p.taken++ == 0) {
      batch.reset();
      batch.beginObject().name("batch").beginArray();
    }
    batch.mark();
    boolean written;
    try {
      written = Wire.write(batch, item);
    } catch (RuntimeException | StackOverflowError e) {
      batch.rollback();
      problems.report("a recorded value could not be written as JSON; item dropped", e);
      return;
    }
    if (written && batch.sinceMark() > config.maxBatchBytes() - ENVELOPE) {
      batch.rollback();
      counters.rejected.incrementAndGet();
      problems.log("an item larger than maxBatchBytes was dropped", null);
    } else if (written && p.items++ == 0) {
      p.startedNanos = System.nanoTime();
    }
  }

  private void send(Pending p) {
    batch.endArray().endObject();
    long giveUpAt = System.nanoTime() + config.maxRetryTime().toNanos();
    for (int attempt = 0; ; attempt++) {
      long deadline = closing ? Math.min(giveUpAt, stopAtNanos) : giveUpAt;
      Duration timeout = Duration.ofNanos(Math.max(1_000_000, Math.min(config.requestTimeout().toNanos(),
          deadline - System.nanoTime())));
      Outcome o = transport.post(batch.array(), batch.size(), p.items, timeout);
      if (o.kind() == Outcome.Kind.OK) {
        counters.sent.addAndGet(o.accepted());
        counters.batches.incrementAndGet();
        if (o.rejected() > 0) {
          counters.rejected.addAndGet(o.rejected());
          problems.log("the server refused items: " + o.message(), null);
        }
        break;
      }
      if (o.kind() == Outcome.Kind.REJECTED) {
        counters.rejected.addAndGet(p.items);
        problems.log("the server refused a batch: " + o.message(), null);
        break;
      }
      counters.retries.incrementAndGet();
      problems.log("sending failed, will retry: " + o.message(), null);
      long pauseNanos = TimeUnit.MILLISECONDS.toNanos(backoff.delayMillis(attempt, o.retryAfterMillis()));
      if (!pause(pauseNanos, giveUpAt)) {
        counters.failed.addAndGet(p.items);
        problems.log("gave up sending a batch after retrying: " + o.message(), null);
        break;
      }
    }
    settle(p);
  }

  /** Sleeps before a retry; false if the batch must be given up instead (deadline or shutdown). */
  private boolean pause(long nanos, long giveUpAt) {
    long wakeAtNanos = System.nanoTime() + nanos;
    while (true) {
      long deadline = closing ? Math.min(giveUpAt, stopAtNanos) : giveUpAt;
      if (wakeAtNanos - deadline > 0) {
        return false;
      }
      long left = wakeAtNanos - System.nanoTime();
      if (left <= 0) {
        return true;
      }
      LockSupport.parkNanos(this, Math.min(left, MAX_PARK_NANOS)); // short naps: notice shutdown
    }
  }

  /** At the shutdown deadline: what is still pending or queued is given up. */
  private void abandon(Pending p) {
    long lost = p.items;
    while (queue.poll() != null) {
      p.taken++;
      lost++;
    }
    if (lost > 0) {
      counters.failed.addAndGet(lost);
      problems.log("shutdown timed out; " + lost + " items not delivered", null);
    }
    settle(p);
  }

  private void settle(Pending p) {
    synchronized (progress) {
      done += p.taken;
      progress.notifyAll();
    }
    p.items = 0;
    p.taken = 0;
  }

  /** The batch being filled: items written, and items taken off the queue (some may be skipped). */
  private static final class Pending {
    int items;
    int taken;
    long startedNanos;
  }
}
