package dev.sightline.dist;

import dev.sightline.server.testing.ApiClient;
import dev.sightline.server.testing.ApiResponse;
import dev.sightline.server.testing.Batch;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Concurrent clients posting {@link Workload} traces continuously until {@link #stop} and
 * recording what was acknowledged (HTTP 200). A request whose answer is lost (the server died or
 * is stopping) is not acknowledged: it may or may not be stored. Even clients send gzip bodies;
 * every fourth request also carries the client's previous acknowledged trace again, as a client
 * retrying would, which must not count twice.
 */
final class Load {
  private final ApiClient api;
  private final Queue<Workload.Sent> acknowledged;
  private final AtomicInteger seq;
  private final AtomicBoolean stopping = new AtomicBoolean();
  private final AtomicInteger acked = new AtomicInteger();
  private final AtomicInteger unavailable = new AtomicInteger();
  private final ExecutorService pool;
  private final List<Future<?>> clients = new ArrayList<>();

  /**
   * @param acknowledged where every acknowledged trace is added
   * @param seq numbers the traces, shared across loads so that every trace is told apart
   */
  Load(ApiClient api, int clients, Queue<Workload.Sent> acknowledged, AtomicInteger seq) {
    this.api = api;
    this.acknowledged = acknowledged;
    this.seq = seq;
    this.pool = Executors.newFixedThreadPool(clients);
    for (int c = 0; c < clients; c++) {
      int client = c;
      this.clients.add(pool.submit(() -> run(client)));
    }
  }

  static Queue<Workload.Sent> newLog() {
    return new ConcurrentLinkedQueue<>();
  }

  /** Waits until this load has had at least this many acknowledgements. */
  void awaitAcknowledged(int count) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (acked.get() < count) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("only " + acked.get() + " requests acknowledged in 60 s");
      }
      for (Future<?> f : clients) {
        if (f.isDone()) {
          join(); // a client failed: report why
        }
      }
      ServerProcess.sleep(5);
    }
  }

  /** Tells the clients that the server is going away: failures from now on are expected. */
  void stop() {
    stopping.set(true);
  }

  /** Waits for the clients to finish; rethrows a client's failure. */
  void join() {
    try {
      for (Future<?> f : clients) {
        f.get(60, TimeUnit.SECONDS);
      }
    } catch (Exception e) {
      throw new AssertionError("a client failed", e);
    } finally {
      pool.shutdownNow();
    }
  }

  int acknowledgedCount() {
    return acked.get();
  }

  /** Requests answered 503 (nothing can be stored now) so far. */
  int unavailableCount() {
    return unavailable.get();
  }

  private Void run(int client) {
    Workload.Sent previous = null;
    while (!stopping.get()) {
      int n = seq.incrementAndGet();
      Workload.Sent sent = Workload.next(client, n);
      Batch batch = sent.batch();
      if (previous != null && n % 4 == 0) {
        batch.addAll(previous.batch());
      }
      ApiResponse r;
      try {
        r = client % 2 == 0 ? api.ingestGzip(batch) : api.ingest(batch);
      } catch (RuntimeException e) {
        if (stopping.get()) {
          return null; // the connection died with the server
        }
        throw e;
      }
      if (r.status() == 200) {
        acknowledged.add(sent);
        acked.incrementAndGet();
        previous = sent;
      } else if (r.status() == 503) {
        unavailable.incrementAndGet();
        ServerProcess.sleep(100);
      } else if (r.status() != 429 && !stopping.get()) {
        throw new AssertionError("unexpected answer " + r);
      }
    }
    return null;
  }
}
